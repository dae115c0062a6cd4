import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live monitoring asks every second, per account, for its calls in progress: this index reads
 * only those rows instead of the account's whole history.
 */
export class CallsLiveIndex20261206050000 implements MigrationInterface {
  name = 'CallsLiveIndex20261206050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS calls_account_state ON calls (account_id, state, started_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS calls_account_state ON calls');
  }
}
