import type { DataSource, EntityManager } from 'typeorm';
import { storageUsage, type StorageUsage } from '../recordings/usage';

export type StorageLevel = 'normal' | 'high' | 'full';

/** From 90% of the quota the owner is warned. */
export const HIGH_SHARE = 0.9;

/** Where usage stands against the quota: full at 100% (new call recordings stop), high from 90%. */
export function storageLevel(usage: StorageUsage): StorageLevel {
  if (usage.usedBytes >= usage.quotaBytes) return 'full';
  if (usage.usedBytes >= usage.quotaBytes * HIGH_SHARE) return 'high';
  return 'normal';
}

/** Whether a new call recording may start: not once the quota is used up (the call itself goes on). */
export async function recordingAllowed(db: DataSource | EntityManager, accountId: number): Promise<boolean> {
  return storageLevel(await storageUsage(db, accountId)) !== 'full';
}
