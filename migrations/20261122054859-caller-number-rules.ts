import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which of its own numbers an account shows on outbound calls, by the called number's prefix
 * (E.164, e.g. +7701 for Kcell, +49 for Germany); the longest matching prefix wins. A rule points
 * at a phone_numbers row, so the shown number is always one the account owns, and goes with it.
 */
export class CallerNumberRules20261122054859 implements MigrationInterface {
  name = 'CallerNumberRules20261122054859';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE caller_number_rules (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      prefix VARCHAR(16) NOT NULL,
      phone_number_id INT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY caller_number_rules_prefix (account_id, prefix),
      CONSTRAINT caller_number_rules_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
      CONSTRAINT caller_number_rules_number_fk FOREIGN KEY (phone_number_id) REFERENCES phone_numbers (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS caller_number_rules');
  }
}
