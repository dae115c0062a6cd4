import { rm } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import type { Deps } from '../../deps';
import { audit } from '../audit/service';
import { StoredFiles } from '../recordings/stored-files';
import type { AccountArchive } from './entities';
import { accountRecordings, promptsDir } from './live-files';

/**
 * The telephony data removed once the archive holds it, children before parents (call legs and
 * ring group members go with their calls and groups). Everything else stays: the accounts row,
 * its members and users (the owner signs in to fetch the archive and the documents), the audit
 * log (who did what, never rewritten), the ledger and issued documents (accounting records the
 * law has us keep for years), notices, agreement acceptances, and tables this list does not name.
 */
export const LIVE_TABLES = [
  'voicemail_messages', 'recordings', 'calls', 'call_stats_hourly', 'call_stats_daily', 'caller_number_rules', 'caller_list_entries',
  'recording_rules', 'prompts', 'phone_numbers', 'ring_groups', 'extensions', 'scenarios', 'storage_alerts',
] as const;

const BATCH = 5000;

/**
 * Removes the account's live data after its archive was made: recordings on Asterisk, prompt files,
 * then the rows of LIVE_TABLES in batches; stamps the archive purged with an audit entry. Each part
 * is safe to repeat, so a run cut short is finished by the next one.
 */
export async function purgeLiveData(deps: Pick<Deps, 'db' | 'config' | 'clock'>, archive: AccountArchive): Promise<void> {
  const { db } = deps;
  const accountId = archive.accountId;
  const files = new StoredFiles(deps.config.pbx);
  let removedFiles = 0;
  for await (const r of accountRecordings(db, accountId)) if ((await files.remove({ node: r.node, name: r.asteriskName })) === 'removed') removedFiles++;
  await rm(promptsDir(deps.config, accountId), { recursive: true, force: true });
  const rows: Record<string, number> = {};
  for (const table of await existingTables(db)) {
    rows[table] = table === 'extensions' ? await removeExtensions(db, accountId, deps.clock.now()) : await deleteInBatches(db, table, accountId);
  }
  const now = deps.clock.now();
  await inTransaction(db, async (em) => {
    const stamped: { affectedRows: number } = await em.query('UPDATE account_archives SET purged_at = ? WHERE id = ? AND purged_at IS NULL', [now, archive.id]);
    if (stamped.affectedRows === 0) return;
    await audit(em, now, { action: 'account.live_data_removed', accountId, targetType: 'account_archive', targetId: archive.path, details: { rows, removedFiles } });
  });
}

/** LIVE_TABLES this database has, in their order (other features' tables may not be migrated everywhere). */
async function existingTables(db: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await db.query(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)`,
    [[...LIVE_TABLES]],
  );
  const present = new Set(rows.map((r) => r.name));
  return LIVE_TABLES.filter((t) => present.has(t));
}

async function deleteInBatches(db: DataSource, table: string, accountId: number): Promise<number> {
  let total = 0;
  for (;;) {
    const result: { affectedRows: number } = await db.query(`DELETE FROM \`${table}\` WHERE account_id = ? LIMIT ${BATCH}`, [accountId]);
    total += result.affectedRows;
    if (result.affectedRows < BATCH) return total;
  }
}

/** Extensions leave a trace for the pbx, as the cabinet's delete does, so their phones go from Asterisk too. */
async function removeExtensions(db: DataSource, accountId: number, now: Date): Promise<number> {
  return inTransaction(db, async (em) => {
    await em.query(
      `INSERT INTO deleted_extensions (account_id, extension_id, exten, sip_username, deleted_at)
       SELECT e.account_id, e.id, e.exten, e.sip_username, ? FROM extensions e
       WHERE e.account_id = ? AND NOT EXISTS (SELECT 1 FROM deleted_extensions d WHERE d.extension_id = e.id)`,
      [now, accountId],
    );
    const result: { affectedRows: number } = await em.query('DELETE FROM extensions WHERE account_id = ?', [accountId]);
    return result.affectedRows;
  });
}
