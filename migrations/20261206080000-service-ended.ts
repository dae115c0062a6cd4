import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the account's service was switched off (by its owner or by termination); the archive job starts from it. */
export class ServiceEnded20261206080000 implements MigrationInterface {
  name = 'ServiceEnded20261206080000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts
      ADD COLUMN service_ended_at DATETIME(3) NULL,
      ADD KEY accounts_service_ended (service_ended_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts DROP KEY accounts_service_ended, DROP COLUMN service_ended_at');
  }
}
