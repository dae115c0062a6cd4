import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsUsersAudit20261122000100 implements MigrationInterface {
  name = 'AccountsUsersAudit20261122000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS accounts (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      kind ENUM('company','sole_proprietor','person') NULL,
      legal_name VARCHAR(255) NOT NULL,
      bin CHAR(12) NULL,
      address VARCHAR(500) NULL,
      contact_name VARCHAR(200) NULL,
      contact_phone VARCHAR(20) NULL,
      contact_email VARCHAR(254) NULL,
      status ENUM('trial','active','suspended','terminated') NOT NULL DEFAULT 'trial',
      payment_method ENUM('prepaid','postpaid') NOT NULL DEFAULT 'prepaid',
      credit_limit_tiyn BIGINT NOT NULL DEFAULT 0,
      balance_tiyn BIGINT NOT NULL DEFAULT 0,
      tariff_code VARCHAR(40) NULL,
      time_zone VARCHAR(64) NOT NULL DEFAULT 'Asia/Almaty',
      offer_version VARCHAR(40) NULL,
      offer_accepted_at DATETIME(3) NULL,
      onboarding_step TINYINT UNSIGNED NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      KEY accounts_status (status),
      KEY accounts_bin (bin),
      KEY accounts_legal_name (legal_name)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE IF NOT EXISTS users (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      email VARCHAR(254) NOT NULL,
      login VARCHAR(64) NULL,
      name VARCHAR(200) NOT NULL,
      password_hash VARCHAR(255) NULL,
      status ENUM('pending','active','deactivated') NOT NULL DEFAULT 'pending',
      staff_role ENUM('support','superadmin') NULL,
      locale ENUM('ru','kk','en') NOT NULL DEFAULT 'ru',
      activated_at DATETIME(3) NULL,
      last_login_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY users_email (email),
      UNIQUE KEY users_login (login)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE IF NOT EXISTS memberships (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      user_id INT UNSIGNED NOT NULL,
      role ENUM('owner','admin','accountant','employee') NOT NULL,
      status ENUM('active','deactivated') NOT NULL DEFAULT 'active',
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY memberships_account_user (account_id, user_id),
      KEY memberships_user (user_id),
      CONSTRAINT memberships_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
      CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE IF NOT EXISTS user_tokens (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      user_id INT UNSIGNED NOT NULL,
      purpose ENUM('activation','password_reset','invitation') NOT NULL,
      token_hash CHAR(64) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY user_tokens_hash (token_hash),
      KEY user_tokens_user (user_id, purpose),
      CONSTRAINT user_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE IF NOT EXISTS agreement_acceptances (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      user_id INT UNSIGNED NOT NULL,
      account_id INT UNSIGNED NULL,
      document ENUM('cabinet_agreement','offer') NOT NULL,
      version VARCHAR(40) NOT NULL,
      accepted_at DATETIME(3) NOT NULL,
      ip VARCHAR(45) NULL,
      KEY agreement_acceptances_user (user_id),
      CONSTRAINT agreement_acceptances_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // No foreign keys: the audit log outlives the rows it speaks of.
    await q.query(`CREATE TABLE IF NOT EXISTS audit_log (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NULL,
      actor_user_id INT UNSIGNED NULL,
      action VARCHAR(64) NOT NULL,
      target_type VARCHAR(32) NULL,
      target_id VARCHAR(64) NULL,
      details JSON NULL,
      ip VARCHAR(45) NULL,
      created_at DATETIME(3) NOT NULL,
      KEY audit_log_account (account_id, id),
      KEY audit_log_actor (actor_user_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE IF NOT EXISTS sessions (
      session_id VARCHAR(128) CHARACTER SET ascii NOT NULL PRIMARY KEY,
      expires INT UNSIGNED NOT NULL,
      data MEDIUMTEXT,
      KEY sessions_expires (expires)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE IF NOT EXISTS throttles (
      throttle_key VARCHAR(191) NOT NULL PRIMARY KEY,
      failures INT UNSIGNED NOT NULL DEFAULT 0,
      window_started_at DATETIME(3) NOT NULL,
      locked_until DATETIME(3) NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`CREATE TABLE IF NOT EXISTS tariffs (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      code VARCHAR(40) NOT NULL,
      name_ru VARCHAR(200) NOT NULL,
      name_kk VARCHAR(200) NOT NULL,
      name_en VARCHAR(200) NOT NULL,
      monthly_fee_tiyn BIGINT NOT NULL,
      is_public TINYINT(1) NOT NULL DEFAULT 1,
      UNIQUE KEY tariffs_code (code)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tariffs', 'throttles', 'sessions', 'audit_log', 'agreement_acceptances', 'user_tokens', 'memberships', 'users', 'accounts']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
