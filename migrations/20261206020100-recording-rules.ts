import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an account records and how its warning was made. The switch, the warning's sound and the
 * decline key stay on accounts (the engine reads them); an account without a row records all calls.
 */
export class RecordingRules20261206020100 implements MigrationInterface {
  name = 'RecordingRules20261206020100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE recording_rules (
      account_id INT UNSIGNED NOT NULL PRIMARY KEY,
      scope ENUM('all','selected') NOT NULL DEFAULT 'all',
      directions VARCHAR(64) NOT NULL DEFAULT '',
      number_ids TEXT NOT NULL,
      extension_ids TEXT NOT NULL,
      warning_source ENUM('default','text','prompt') NULL,
      warning_text VARCHAR(2000) NULL,
      warning_lang ENUM('ru','kk','en') NULL,
      warning_prompt_id INT UNSIGNED NULL,
      updated_at DATETIME(3) NOT NULL,
      CONSTRAINT recording_rules_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
      CONSTRAINT recording_rules_prompt_fk FOREIGN KEY (warning_prompt_id) REFERENCES prompts (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS recording_rules');
  }
}
