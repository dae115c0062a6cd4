import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Included minutes used per account and month: a counter beside call_ratings, so rating never sums a month's calls. */
export class IncludedMinutesUsed20261206060200 implements MigrationInterface {
  name = 'IncludedMinutesUsed20261206060200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE included_minutes_used (
      account_id INT UNSIGNED NOT NULL,
      month CHAR(7) NOT NULL,
      minutes INT UNSIGNED NOT NULL,
      PRIMARY KEY (account_id, month)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`INSERT INTO included_minutes_used (account_id, month, minutes)
      SELECT account_id, month, SUM(included_minutes) FROM call_ratings GROUP BY account_id, month HAVING SUM(included_minutes) > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS included_minutes_used');
  }
}
