import type { Job } from './job';

/** Deletes sessions past their expiry in batches. */
export const purgeExpiredSessions: Job = {
  name: 'purge-expired-sessions',
  schedule: '*/15 * * * *',
  async run({ db, clock }) {
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    let total = 0;
    for (;;) {
      const result: { affectedRows: number } = await db.query('DELETE FROM sessions WHERE expires < ? LIMIT 1000', [nowSeconds]);
      total += result.affectedRows;
      if (result.affectedRows < 1000) return total;
    }
  },
};
