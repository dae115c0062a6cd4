import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Call history filtered by extension (and an employee's own calls, which always are) reads only that
 * extension's rows, newest first, instead of walking the whole account's history by start time.
 */
export class CallsExtensionIndex20261122062747 implements MigrationInterface {
  name = 'CallsExtensionIndex20261122062747';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS calls_account_extension_started ON calls (account_id, extension_id, started_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS calls_account_extension_started ON calls');
  }
}
