import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The account's money as a ledger of entries; accounts.balance_tiyn becomes a cache of their sum. */
export class Ledger20261206000100 implements MigrationInterface {
  name = 'Ledger20261206000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ledger_entries (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      kind ENUM('charge','payment','correction') NOT NULL,
      amount_tiyn BIGINT NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      author_user_id INT UNSIGNED NULL,
      source_key VARCHAR(120) NOT NULL,
      call_id BIGINT UNSIGNED NULL,
      category VARCHAR(60) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY ledger_entries_source (account_id, source_key),
      KEY ledger_entries_account_time (account_id, occurred_at),
      CONSTRAINT ledger_entries_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS ledger_entries');
  }
}
