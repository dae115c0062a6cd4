import type { Job } from './job';

const DAY_MS = 24 * 3600_000;

/** Removes spent sign-in counters and tokens that expired a week ago (the audit log keeps the history). */
export const purgeStaleAuthRows: Job = {
  name: 'purge-stale-auth-rows',
  schedule: '7 3 * * *',
  async run({ db, clock }) {
    const now = clock.now();
    const throttles: { affectedRows: number } = await db.query(
      'DELETE FROM throttles WHERE (locked_until IS NULL OR locked_until < ?) AND window_started_at < ? LIMIT 10000',
      [now, new Date(now.getTime() - DAY_MS)],
    );
    const tokens: { affectedRows: number } = await db.query('DELETE FROM user_tokens WHERE expires_at < ? LIMIT 10000', [
      new Date(now.getTime() - 7 * DAY_MS),
    ]);
    return throttles.affectedRows + tokens.affectedRows;
  },
};
