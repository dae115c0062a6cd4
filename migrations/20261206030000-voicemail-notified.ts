import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a voicemail message was claimed for its e-mail to the box owner; the job picks rows where it is null. */
export class VoicemailNotified20261206030000 implements MigrationInterface {
  name = 'VoicemailNotified20261206030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE voicemail_messages
      ADD COLUMN notified_at DATETIME(3) NULL,
      ADD KEY voicemail_unnotified (notified_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE voicemail_messages DROP KEY voicemail_unnotified, DROP COLUMN notified_at');
  }
}
