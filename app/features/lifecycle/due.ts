import type { DataSource } from 'typeorm';
import { BILLING_TIME_ZONE, billingDay } from '../billing/months';
import { startOfLocalDay } from '../calls/period';

export interface EndedAccount {
  accountId: number;
  serviceEndedAt: Date;
}

/**
 * Accounts whose service ended before today (Almaty) and whose archive is not finished (not made,
 * or made but the live data not yet removed), after `afterId`, by id.
 */
export async function accountsDueForArchive(db: DataSource, now: Date, afterId: number, limit: number): Promise<EndedAccount[]> {
  // Service ends are counted in days on Kazakhstan's clock, as billing counts them.
  const today = startOfLocalDay(billingDay(now), BILLING_TIME_ZONE);
  const rows: { id: number; endedAt: Date }[] = await db.query(
    `SELECT a.id, a.service_ended_at AS endedAt FROM accounts a
     LEFT JOIN account_archives x ON x.account_id = a.id AND x.service_ended_at = a.service_ended_at
     WHERE a.status = 'terminated' AND a.service_ended_at < ? AND a.id > ? AND (x.id IS NULL OR x.purged_at IS NULL)
     ORDER BY a.id LIMIT ${Number(limit)}`,
    [today, afterId],
  );
  return rows.map((r) => ({ accountId: Number(r.id), serviceEndedAt: new Date(r.endedAt) }));
}
