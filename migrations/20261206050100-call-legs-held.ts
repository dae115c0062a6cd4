import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Since when a party holds the call (its phone sent hold), null while it does not: live monitoring shows it. */
export class CallLegsHeld20261206050100 implements MigrationInterface {
  name = 'CallLegsHeld20261206050100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE call_legs ADD COLUMN held_at DATETIME(3) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE call_legs DROP COLUMN held_at');
  }
}
