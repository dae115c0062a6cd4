import { rm } from 'node:fs/promises';
import { IsNull, LessThanOrEqual } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import type { Deps } from '../../deps';
import { audit } from '../audit/service';
import { AccountArchive } from './entities';
import { archiveFile } from './archives';

/** Deletes an archive's file for good and stamps the row, with an audit entry; repeating it changes nothing. */
export async function deleteArchive(deps: Pick<Deps, 'db' | 'config' | 'clock'>, archive: AccountArchive): Promise<void> {
  await rm(archiveFile(deps, archive), { force: true });
  const now = deps.clock.now();
  await inTransaction(deps.db, async (em) => {
    const stamped: { affectedRows: number } = await em.query('UPDATE account_archives SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [now, archive.id]);
    if (stamped.affectedRows === 0) return;
    await audit(em, now, { action: 'account.archive_deleted', accountId: archive.accountId, targetType: 'account_archive', targetId: archive.path, details: { sha256: archive.sha256 } });
  });
}

/** Archives past their keeping time and not yet deleted, oldest first. */
export function expiredArchives(deps: Pick<Deps, 'db'>, now: Date, limit: number): Promise<AccountArchive[]> {
  return deps.db.getRepository(AccountArchive).find({
    where: { deletedAt: IsNull(), expiresAt: LessThanOrEqual(now) },
    order: { expiresAt: 'ASC', id: 'ASC' },
    take: limit,
  });
}
