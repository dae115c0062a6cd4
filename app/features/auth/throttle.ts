import type { DataSource } from 'typeorm';

export interface ThrottleRule {
  limit: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** Failure counters with lockout, kept in MySQL so every web process sees the same counts. */
export class Throttle {
  constructor(private readonly db: DataSource) {}

  /** The time until which the key is locked, or null. */
  async lockedUntil(key: string, now: Date): Promise<Date | null> {
    const rows: { locked_until: Date | null }[] = await this.db.query(
      'SELECT locked_until FROM throttles WHERE throttle_key = ?',
      [key],
    );
    const until = rows[0]?.locked_until;
    return until && until.getTime() > now.getTime() ? until : null;
  }

  /** Counts a failure; locks the key when the window's count reaches the limit. Returns the lock time, if any. */
  async fail(key: string, rule: ThrottleRule, now: Date): Promise<Date | null> {
    const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000);
    const lockUntil = new Date(now.getTime() + rule.lockMinutes * 60_000);
    await this.db.query(
      `INSERT INTO throttles (throttle_key, failures, window_started_at, locked_until) VALUES (?, 1, ?, NULL)
       ON DUPLICATE KEY UPDATE
         failures = IF(window_started_at < ?, 1, failures + 1),
         window_started_at = IF(window_started_at < ?, VALUES(window_started_at), window_started_at)`,
      [key, now, windowStart, windowStart],
    );
    await this.db.query('UPDATE throttles SET locked_until = ?, failures = 0, window_started_at = ? WHERE throttle_key = ? AND failures >= ?', [
      lockUntil,
      now,
      key,
      rule.limit,
    ]);
    return this.lockedUntil(key, now);
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM throttles WHERE throttle_key = ?', [key]);
  }
}
