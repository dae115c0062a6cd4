import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The archive of an account's data made the day after its service ended: one row per end of
 * service (the unique key makes re-runs harmless), stamped as each later step completes.
 */
export class AccountArchives20261206080100 implements MigrationInterface {
  name = 'AccountArchives20261206080100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE account_archives (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      service_ended_at DATETIME(3) NOT NULL,
      path VARCHAR(500) NOT NULL,
      size_bytes BIGINT UNSIGNED NOT NULL,
      sha256 CHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      purged_at DATETIME(3) NULL,
      deleted_at DATETIME(3) NULL,
      UNIQUE KEY account_archives_end (account_id, service_ended_at),
      KEY account_archives_expiry (deleted_at, expires_at),
      CONSTRAINT account_archives_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS account_archives');
  }
}
