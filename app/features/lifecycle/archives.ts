import path from 'node:path';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import type { Deps } from '../../deps';
import { audit } from '../audit/service';
import { AccountArchive } from './entities';
import { writeArchive } from './archive-file';

/** How long an archive is kept for the customer after it is made. */
export const ARCHIVE_KEPT_DAYS = 90;
const DAY_MS = 24 * 3600_000;

/** Where an account's archive for one end of service lies, relative to the storage directory. */
export const archivePath = (accountId: number, serviceEndedAt: Date) => `archives/account-${accountId}-${serviceEndedAt.getTime()}.zip`;

/** The file of an archive row on this server's disk. */
export const archiveFile = (deps: Pick<Deps, 'config'>, archive: Pick<AccountArchive, 'path'>) => path.join(deps.config.media.storageDir, archive.path);

/** The archive made for this end of service, if any. */
export function findArchive(db: DataSource, accountId: number, serviceEndedAt: Date): Promise<AccountArchive | null> {
  return db.getRepository(AccountArchive).findOneBy({ accountId, serviceEndedAt });
}

/** The account's newest archive (kept or already deleted), for its page. */
export function latestArchive(db: DataSource, accountId: number): Promise<AccountArchive | null> {
  return db.getRepository(AccountArchive).findOne({ where: { accountId }, order: { id: 'DESC' } });
}

/**
 * Packs the account's data into its zip and records the row (path, size, SHA-256, kept 90 days)
 * with an audit entry. Run again after a crash it packs anew over the unfinished file; the row is
 * unique per end of service, so a second one never appears.
 */
export async function packArchive(deps: Pick<Deps, 'db' | 'config' | 'clock'>, accountId: number, serviceEndedAt: Date): Promise<AccountArchive> {
  const existing = await findArchive(deps.db, accountId, serviceEndedAt);
  if (existing) return existing;
  const relative = archivePath(accountId, serviceEndedAt);
  const file = await writeArchive(deps, accountId, relative);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (em) => {
    const inserted: { affectedRows: number } = await em.query(
      `INSERT IGNORE INTO account_archives (account_id, service_ended_at, path, size_bytes, sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [accountId, serviceEndedAt, relative, file.sizeBytes, file.sha256, now, new Date(now.getTime() + ARCHIVE_KEPT_DAYS * DAY_MS)],
    );
    if (inserted.affectedRows === 0) return;
    await audit(em, now, { action: 'account.archive_created', accountId, targetType: 'account_archive', targetId: relative, details: { ...file, path: relative } });
  });
  return (await findArchive(deps.db, accountId, serviceEndedAt))!;
}
