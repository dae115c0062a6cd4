import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the database last changed a call row, stamped by the server itself. The statistics roll-up
 * finds the days to recompute by it: a call's own times cannot tell, since a call that ended while
 * the engine was disconnected is closed later with the earlier end time. Rows that exist already
 * get the migration's time, so the first roll-up covers the whole history.
 */
export class CallsChangedAt20261206040100 implements MigrationInterface {
  name = 'CallsChangedAt20261206040100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls
      ADD COLUMN IF NOT EXISTS changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      ADD INDEX IF NOT EXISTS calls_changed (changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE calls DROP INDEX IF EXISTS calls_changed, DROP COLUMN IF EXISTS changed_at');
  }
}
