import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notices to an account (low balance, overdue invoice, storage, suspension), once per dedupe key. */
export class Notifications20261206000200 implements MigrationInterface {
  name = 'Notifications20261206000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notifications (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      kind VARCHAR(60) NOT NULL,
      params JSON NOT NULL,
      dedupe_key VARCHAR(120) NOT NULL,
      level ENUM('info','warning') NOT NULL DEFAULT 'info',
      created_at DATETIME(3) NOT NULL,
      read_at DATETIME(3) NULL,
      UNIQUE KEY notifications_dedupe (account_id, dedupe_key),
      KEY notifications_account_time (account_id, created_at),
      CONSTRAINT notifications_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS notifications');
  }
}
