import type { DataSource } from 'typeorm';
import { translatorFor } from '../../web/i18n';
import type { Notice, NotificationsService } from '../notifications/service';
import { formatBytes } from '../recordings/presenter';
import { storageUsage, type StorageUsage } from '../recordings/usage';
import { storageLevel, type StorageLevel } from './quota';

const RANK: Record<StorageLevel, number> = { normal: 0, high: 1, full: 2 };

/**
 * Compares an account's storage with where it stood at the last check and tells the owners when it
 * rises: above 90% (storage_90), used up (storage_full). A crossing is counted each time usage
 * climbs out of "normal", and the notice is keyed by that count, so it goes out once per crossing
 * even if the check is run again after a crash between the notice and the state update.
 * True when a notice went out.
 */
export async function checkAccountStorage(db: DataSource, notices: NotificationsService, accountId: number, now: Date): Promise<boolean> {
  const usage = await storageUsage(db, accountId);
  const level = storageLevel(usage);
  const [last]: { level: StorageLevel; crossings: number }[] = await db.query('SELECT level, crossings FROM storage_alerts WHERE account_id = ?', [accountId]);
  const before = last?.level ?? 'normal';
  const crossings = Number(last?.crossings ?? 0) + (before === 'normal' && level !== 'normal' ? 1 : 0);
  if (level === before) return false;
  const notified = RANK[level] > RANK[before] ? await notices.notify(accountId, noticeOf(level, crossings, usage)) : false;
  await db.query(
    `INSERT INTO storage_alerts (account_id, level, crossings, changed_at) VALUES (?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE level = VALUES(level), crossings = VALUES(crossings), changed_at = VALUES(changed_at)`,
    [accountId, level, crossings, now],
  );
  return notified;
}

/** Sizes are written once into the stored notice, in Russian units (ГБ, МБ), which Kazakh shares. */
function noticeOf(level: StorageLevel, crossing: number, usage: StorageUsage): Notice {
  const t = translatorFor('ru');
  const used = formatBytes(usage.usedBytes, t, 'ru');
  const quota = formatBytes(usage.quotaBytes, t, 'ru');
  const percent = usage.quotaBytes > 0 ? Math.floor((usage.usedBytes / usage.quotaBytes) * 100) : 100;
  const kind = level === 'full' ? 'storage_full' : 'storage_90';
  return { kind, params: { percent, used, quota }, dedupeKey: `${kind}:${crossing}`, level: 'warning', emailRoles: ['owner'] };
}
