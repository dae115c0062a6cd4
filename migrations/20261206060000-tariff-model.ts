import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tariffs as dated versions (fees, included minutes, per-minute rates by destination class,
 * option prices), the account's chosen plan and options by date, call ratings and the rating cursor.
 */
export class TariffModel20261206060000 implements MigrationInterface {
  name = 'TariffModel20261206060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tariff_versions (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      tariff_id INT UNSIGNED NOT NULL,
      valid_from DATETIME(3) NOT NULL,
      monthly_fee_tiyn BIGINT NOT NULL,
      included_minutes INT UNSIGNED NOT NULL DEFAULT 0,
      low_balance_threshold_tiyn BIGINT NOT NULL DEFAULT 0,
      created_by_user_id INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY tariff_versions_from (tariff_id, valid_from),
      CONSTRAINT tariff_versions_tariff_fk FOREIGN KEY (tariff_id) REFERENCES tariffs (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE tariff_rates (
      tariff_version_id INT UNSIGNED NOT NULL,
      destination_class ENUM('local','long_distance','mobile','international') NOT NULL,
      per_minute_tiyn BIGINT NOT NULL,
      PRIMARY KEY (tariff_version_id, destination_class),
      CONSTRAINT tariff_rates_version_fk FOREIGN KEY (tariff_version_id) REFERENCES tariff_versions (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE tariff_options (
      code VARCHAR(40) NOT NULL PRIMARY KEY,
      name_ru VARCHAR(200) NOT NULL,
      name_kk VARCHAR(200) NOT NULL,
      name_en VARCHAR(200) NOT NULL,
      per_unit TINYINT(1) NOT NULL DEFAULT 0,
      sort_order SMALLINT NOT NULL DEFAULT 0
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE tariff_option_prices (
      tariff_version_id INT UNSIGNED NOT NULL,
      option_code VARCHAR(40) NOT NULL,
      monthly_fee_tiyn BIGINT NOT NULL,
      PRIMARY KEY (tariff_version_id, option_code),
      CONSTRAINT tariff_option_prices_version_fk FOREIGN KEY (tariff_version_id) REFERENCES tariff_versions (id) ON DELETE CASCADE,
      CONSTRAINT tariff_option_prices_option_fk FOREIGN KEY (option_code) REFERENCES tariff_options (code)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE destination_prefixes (
      prefix VARCHAR(16) NOT NULL PRIMARY KEY,
      destination_class ENUM('local','long_distance','mobile','international') NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE account_services (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      kind ENUM('plan','option') NOT NULL,
      code VARCHAR(40) NOT NULL,
      quantity INT UNSIGNED NOT NULL DEFAULT 1,
      valid_from DATETIME(3) NOT NULL,
      valid_to DATETIME(3) NULL,
      created_by_user_id INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY account_services_account (account_id, kind, valid_from),
      CONSTRAINT account_services_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE call_ratings (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      source_key VARCHAR(120) NOT NULL,
      call_id BIGINT UNSIGNED NOT NULL,
      month CHAR(7) NOT NULL,
      started_at DATETIME(3) NOT NULL,
      number VARCHAR(32) NULL,
      destination_class ENUM('local','long_distance','mobile','international','emergency') NOT NULL,
      seconds INT UNSIGNED NOT NULL,
      minutes INT UNSIGNED NOT NULL,
      included_minutes INT UNSIGNED NOT NULL,
      per_minute_tiyn BIGINT NOT NULL,
      amount_tiyn BIGINT NOT NULL,
      tariff_version_id INT UNSIGNED NULL,
      UNIQUE KEY call_ratings_source (account_id, source_key),
      KEY call_ratings_month (account_id, month)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE billing_cursors (
      name VARCHAR(64) NOT NULL PRIMARY KEY,
      position DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query('ALTER TABLE accounts ADD COLUMN low_balance_threshold_tiyn BIGINT NULL');
    await q.query('CREATE INDEX IF NOT EXISTS calls_ended ON calls (ended_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS calls_ended ON calls');
    await q.query('ALTER TABLE accounts DROP COLUMN low_balance_threshold_tiyn');
    for (const table of ['billing_cursors', 'call_ratings', 'account_services', 'destination_prefixes', 'tariff_option_prices', 'tariff_options', 'tariff_rates', 'tariff_versions']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
