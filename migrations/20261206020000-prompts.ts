import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Account prompts: sound files under custom/<accountId>/ in Asterisk's sounds, one row each (counted in storage). */
export class Prompts20261206020000 implements MigrationInterface {
  name = 'Prompts20261206020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prompts (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      source ENUM('upload','tts') NOT NULL,
      text VARCHAR(2000) NULL,
      lang ENUM('ru','kk','en') NULL,
      size_bytes BIGINT UNSIGNED NOT NULL,
      duration_ms INT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      KEY prompts_account (account_id, name),
      CONSTRAINT prompts_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS prompts');
  }
}
