import type { DataSource } from 'typeorm';
import { dailyFromCalls, hourlyFromCalls, MEASURE_COLUMNS } from './aggregate';
import { localDay } from './local-time';

export const ROLL_UP_JOB = 'roll-up-call-stats';
const COLUMNS = MEASURE_COLUMNS.join(', ');

/** Recomputes one local day of an account's roll-ups from its calls: the same result however often it runs. */
export async function rollUpDay(db: DataSource, accountId: number, day: string, timeZone: string): Promise<void> {
  const daily = dailyFromCalls(accountId, day, timeZone);
  const hourly = hourlyFromCalls(accountId, day, timeZone);
  await db.transaction(async (m) => {
    await m.query('DELETE FROM call_stats_daily WHERE account_id = ? AND day = ?', [accountId, day]);
    await m.query('DELETE FROM call_stats_hourly WHERE account_id = ? AND day = ?', [accountId, day]);
    await m.query(`INSERT INTO call_stats_daily (account_id, day, direction, phone_number_id, extension_id, ${COLUMNS}) ${daily.sql}`, daily.params);
    await m.query(`INSERT INTO call_stats_hourly (account_id, day, hour, direction, extension_id, ${COLUMNS}) ${hourly.sql}`, hourly.params);
  });
}

/** Up to when the roll-ups are complete: every call that ended by then is in them. Undefined before the first run. */
export async function rolledUpTo(db: DataSource): Promise<Date | undefined> {
  const [row]: { reached_at: Date }[] = await db.query('SELECT reached_at FROM job_watermarks WHERE job = ?', [ROLL_UP_JOB]);
  return row?.reached_at;
}

export async function setRolledUpTo(db: DataSource, at: Date): Promise<void> {
  await db.query(
    'INSERT INTO job_watermarks (job, reached_at) VALUES (?, ?) ON DUPLICATE KEY UPDATE reached_at = GREATEST(reached_at, VALUES(reached_at))',
    [ROLL_UP_JOB, at],
  );
}

export interface AccountDays { timeZone: string; days: Set<string> }
/** One account's calls started in [since, until): what a report asks about. */
export interface AccountPeriod { accountId: number; since: Date; until: Date }

/**
 * The local days (per account) of the ended calls the database changed in (after, upTo]. Calls are
 * read as UTC hours, each hour's first and last instant mapped to the account's days, so a
 * half-hour offset still lands on the right day(s).
 */
export async function daysChangedBetween(db: DataSource, after: Date | undefined, upTo: Date | undefined, only?: AccountPeriod): Promise<Map<number, AccountDays>> {
  const where = ['c.changed_at > ?', "c.state = 'ended'"];
  const params: unknown[] = [after ?? new Date(0)];
  if (upTo) (where.push('c.changed_at <= ?'), params.push(upTo));
  if (only) (where.push('c.account_id = ? AND c.started_at >= ? AND c.started_at < ?'), params.push(only.accountId, only.since, only.until));
  else where.push('c.account_id IS NOT NULL');
  const rows: { account_id: number; hour: string; time_zone: string }[] = await db.query(
    `SELECT h.account_id, h.hour, a.time_zone FROM (
       SELECT DISTINCT c.account_id, DATE_FORMAT(c.started_at, '%Y-%m-%dT%H:00:00Z') AS hour FROM calls c WHERE ${where.join(' AND ')}
     ) h JOIN accounts a ON a.id = h.account_id`,
    params,
  );
  const found = new Map<number, AccountDays>();
  for (const row of rows) {
    const start = new Date(row.hour);
    const entry = found.get(Number(row.account_id)) ?? { timeZone: row.time_zone, days: new Set<string>() };
    entry.days.add(localDay(start, row.time_zone)).add(localDay(new Date(start.getTime() + 3_599_999), row.time_zone));
    found.set(Number(row.account_id), entry);
  }
  return found;
}

/**
 * Recomputes the days of every call the database changed since the watermark, up to `settleMs` ago
 * by the database's own clock (the one that stamps changed_at), then moves the watermark there.
 */
export async function rollUpChangedDays(db: DataSource, settleMs: number): Promise<number> {
  const [{ upTo }]: { upTo: Date }[] = await db.query('SELECT NOW(3) - INTERVAL ? MICROSECOND AS upTo', [settleMs * 1000]);
  const after = await rolledUpTo(db);
  if (after && after >= upTo) return 0;
  let count = 0;
  for (const [accountId, { timeZone, days }] of await daysChangedBetween(db, after, upTo)) {
    for (const day of [...days].sort()) {
      await rollUpDay(db, accountId, day, timeZone);
      count++;
    }
  }
  await setRolledUpTo(db, upTo);
  return count;
}
