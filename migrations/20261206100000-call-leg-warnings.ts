import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the recording warning came to for each party of a call (heard in full, declined, failed,
 * hung up; null: never played to it). Consent tokens live in the engine's memory only: this is
 * what lets a process that takes a call over (a restart) re-issue them for the parties who heard it.
 */
export class CallLegWarnings20261206100000 implements MigrationInterface {
  name = 'CallLegWarnings20261206100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE call_legs ADD COLUMN warning ENUM('heard','declined','warning_failed','hung_up') NULL");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE call_legs DROP COLUMN warning');
  }
}
