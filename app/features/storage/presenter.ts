import type { DataSource } from 'typeorm';
import { presentUsage } from '../recordings/presenter';
import { storageUsage } from '../recordings/usage';
import { HIGH_SHARE, storageLevel } from './quota';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The account's storage for the dashboard: the recordings page's meter, plus whether it is high or full. */
export async function dashboardStorage(db: DataSource, accountId: number, t: Translate, locale: string) {
  const usage = await storageUsage(db, accountId);
  const level = storageLevel(usage);
  const shown = presentUsage(usage, t, locale);
  // Rounded up, 99.9% would read "100%" next to "almost full": only a full quota shows 100.
  const percent = level === 'full' ? 100 : Math.min(99, Math.floor((usage.usedBytes / usage.quotaBytes) * 100));
  return { ...shown, percent, level, highBytes: Math.floor(usage.quotaBytes * HIGH_SHARE) };
}
