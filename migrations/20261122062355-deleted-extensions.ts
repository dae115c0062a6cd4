import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trace of each extension the cabinet deleted, for the pbx process: it removes that phone
 * (endpoint, auth, aor) from Asterisk and stamps removed_at. The extensions row itself is gone,
 * so its number and SIP user name can be reused at once; a live extension with the same
 * sip_username created after deleted_at wins over the trace.
 */
export class DeletedExtensions20261122062355 implements MigrationInterface {
  name = 'DeletedExtensions20261122062355';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE deleted_extensions (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      extension_id INT UNSIGNED NOT NULL,
      exten VARCHAR(8) NOT NULL,
      sip_username VARCHAR(64) NOT NULL,
      deleted_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      removed_at DATETIME(3) NULL,
      KEY deleted_extensions_pending (removed_at),
      KEY deleted_extensions_account (account_id),
      CONSTRAINT deleted_extensions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS deleted_extensions');
  }
}
