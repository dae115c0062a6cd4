import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class Telephony20261122000300 implements MigrationInterface {
  name = 'Telephony20261122000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts
      ADD COLUMN record_calls TINYINT(1) NOT NULL DEFAULT 0,
      ADD COLUMN recording_warning_sound VARCHAR(255) NULL,
      ADD COLUMN recording_decline_digit CHAR(1) NOT NULL DEFAULT '9',
      ADD COLUMN codecs VARCHAR(100) NOT NULL DEFAULT 'ulaw,alaw',
      ADD COLUMN storage_quota_bytes BIGINT NOT NULL DEFAULT 1073741824`);

    await q.query(`CREATE TABLE scenarios (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      definition JSON NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      KEY scenarios_account (account_id),
      CONSTRAINT scenarios_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE phone_numbers (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      e164 VARCHAR(16) NOT NULL,
      label VARCHAR(200) NULL,
      scenario_id INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY phone_numbers_e164 (e164),
      KEY phone_numbers_account (account_id),
      CONSTRAINT phone_numbers_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
      CONSTRAINT phone_numbers_scenario_fk FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE SET NULL
    ) ${TABLE_OPTIONS}`);

    // SIP secrets are kept as md5_cred (md5 of user:realm:password), which Asterisk accepts as is.
    await q.query(`CREATE TABLE extensions (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      exten VARCHAR(8) NOT NULL,
      name VARCHAR(200) NOT NULL,
      user_id INT UNSIGNED NULL,
      sip_username VARCHAR(64) NOT NULL,
      sip_md5_cred CHAR(32) NOT NULL,
      outbound_caller_number VARCHAR(16) NULL,
      forward_always VARCHAR(16) NULL,
      forward_busy VARCHAR(16) NULL,
      forward_no_answer VARCHAR(16) NULL,
      forward_no_answer_seconds SMALLINT UNSIGNED NOT NULL DEFAULT 20,
      forward_unavailable VARCHAR(16) NULL,
      voicemail_enabled TINYINT(1) NOT NULL DEFAULT 1,
      scenario_id INT UNSIGNED NULL,
      provisioned_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY extensions_account_exten (account_id, exten),
      UNIQUE KEY extensions_sip_username (sip_username),
      CONSTRAINT extensions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
      CONSTRAINT extensions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
      CONSTRAINT extensions_scenario_fk FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE SET NULL
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE ring_groups (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      name VARCHAR(200) NOT NULL,
      strategy ENUM('all','in_order') NOT NULL DEFAULT 'all',
      ring_seconds SMALLINT UNSIGNED NOT NULL DEFAULT 20,
      KEY ring_groups_account (account_id),
      CONSTRAINT ring_groups_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE ring_group_members (
      ring_group_id INT UNSIGNED NOT NULL,
      extension_id INT UNSIGNED NOT NULL,
      position SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      PRIMARY KEY (ring_group_id, extension_id),
      CONSTRAINT rgm_group_fk FOREIGN KEY (ring_group_id) REFERENCES ring_groups (id) ON DELETE CASCADE,
      CONSTRAINT rgm_extension_fk FOREIGN KEY (extension_id) REFERENCES extensions (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE caller_list_entries (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      list ENUM('black','white') NOT NULL,
      e164 VARCHAR(16) NOT NULL,
      comment VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY caller_list_unique (account_id, list, e164),
      CONSTRAINT caller_list_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE calls (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NULL,
      direction ENUM('inbound','outbound','internal') NOT NULL,
      from_number VARCHAR(32) NULL,
      to_number VARCHAR(32) NULL,
      dialled VARCHAR(32) NULL,
      phone_number_id INT UNSIGNED NULL,
      extension_id INT UNSIGNED NULL,
      scenario_id INT UNSIGNED NULL,
      node VARCHAR(64) NOT NULL,
      channel_id VARCHAR(64) NOT NULL,
      state ENUM('active','ended') NOT NULL DEFAULT 'active',
      started_at DATETIME(3) NOT NULL,
      answered_at DATETIME(3) NULL,
      ended_at DATETIME(3) NULL,
      disposition ENUM('answered','no_answer','busy','failed','congestion','rejected','blocked','abandoned','voicemail') NULL,
      hangup_cause SMALLINT NULL,
      duration_seconds INT UNSIGNED NULL,
      billable_seconds INT UNSIGNED NULL,
      consent ENUM('not_required','accepted','declined','hung_up','warning_failed') NOT NULL DEFAULT 'not_required',
      recording_id BIGINT UNSIGNED NULL,
      end_reason VARCHAR(64) NULL,
      UNIQUE KEY calls_node_channel (node, channel_id),
      KEY calls_account_started (account_id, started_at),
      KEY calls_state (state, node)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE call_legs (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      call_id BIGINT UNSIGNED NOT NULL,
      channel_id VARCHAR(64) NOT NULL,
      role ENUM('caller','callee','transfer','local') NOT NULL,
      endpoint VARCHAR(128) NULL,
      number VARCHAR(32) NULL,
      started_at DATETIME(3) NOT NULL,
      answered_at DATETIME(3) NULL,
      ended_at DATETIME(3) NULL,
      hangup_cause SMALLINT NULL,
      UNIQUE KEY call_legs_channel (channel_id, call_id),
      KEY call_legs_call (call_id),
      CONSTRAINT call_legs_call_fk FOREIGN KEY (call_id) REFERENCES calls (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE recordings (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      call_id BIGINT UNSIGNED NULL,
      kind ENUM('call','voicemail','prompt','fax') NOT NULL,
      asterisk_name VARCHAR(255) NOT NULL,
      format VARCHAR(10) NOT NULL DEFAULT 'wav',
      duration_seconds INT UNSIGNED NULL,
      size_bytes BIGINT UNSIGNED NULL,
      state ENUM('recording','done','failed') NOT NULL DEFAULT 'recording',
      created_at DATETIME(3) NOT NULL,
      KEY recordings_account (account_id, created_at),
      UNIQUE KEY recordings_name (asterisk_name)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE voicemail_messages (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      extension_id INT UNSIGNED NULL,
      box VARCHAR(64) NOT NULL,
      call_id BIGINT UNSIGNED NULL,
      caller_number VARCHAR(32) NULL,
      recording_id BIGINT UNSIGNED NOT NULL,
      duration_seconds INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL,
      read_at DATETIME(3) NULL,
      KEY voicemail_box (account_id, box, created_at)
    ) ${TABLE_OPTIONS}`);

    // Each pbx process reports its Asterisk connections here, so any web process can show them.
    await q.query(`CREATE TABLE pbx_nodes (
      name VARCHAR(64) NOT NULL PRIMARY KEY,
      url VARCHAR(255) NOT NULL,
      state ENUM('connecting','up','down') NOT NULL,
      asterisk_version VARCHAR(40) NULL,
      changed_at DATETIME(3) NOT NULL,
      seen_at DATETIME(3) NOT NULL
    ) ${TABLE_OPTIONS}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['pbx_nodes', 'voicemail_messages', 'recordings', 'call_legs', 'calls', 'caller_list_entries', 'ring_group_members', 'ring_groups', 'extensions', 'phone_numbers', 'scenarios']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`ALTER TABLE accounts DROP COLUMN record_calls, DROP COLUMN recording_warning_sound,
      DROP COLUMN recording_decline_digit, DROP COLUMN codecs, DROP COLUMN storage_quota_bytes`);
  }
}
