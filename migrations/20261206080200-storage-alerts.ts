import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an account's storage stood at the last check (normal, above 90%, full) and how many times it
 * has crossed 90% from below: a notice is sent once per crossing, keyed by that count. No row: normal,
 * never crossed (most accounts), so the check writes only when a level changes.
 */
export class StorageAlerts20261206080200 implements MigrationInterface {
  name = 'StorageAlerts20261206080200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE storage_alerts (
      account_id INT UNSIGNED NOT NULL PRIMARY KEY,
      level ENUM('normal','high','full') NOT NULL DEFAULT 'normal',
      crossings INT UNSIGNED NOT NULL DEFAULT 0,
      changed_at DATETIME(3) NOT NULL,
      CONSTRAINT storage_alerts_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS storage_alerts');
  }
}
