import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
/** The measures both roll-ups keep; 0 stands for "no number" / "no extension" so they can be keys. */
const MEASURES = `calls INT UNSIGNED NOT NULL,
      answered INT UNSIGNED NOT NULL,
      missed INT UNSIGNED NOT NULL,
      lost_in_menu INT UNSIGNED NOT NULL,
      wait_ms BIGINT UNSIGNED NOT NULL,
      talk_seconds BIGINT UNSIGNED NOT NULL`;

/**
 * Call statistics read from roll-ups, not from millions of call rows: per local day (by number,
 * extension, direction) and per local hour (by extension, direction). Whole days are recomputed by
 * the roll-up-call-stats job from the calls changed since its watermark, which job_watermarks keeps.
 */
export class CallStats20261206040000 implements MigrationInterface {
  name = 'CallStats20261206040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE call_stats_daily (
      account_id INT UNSIGNED NOT NULL,
      day DATE NOT NULL,
      direction ENUM('inbound','outbound','internal') NOT NULL,
      phone_number_id INT UNSIGNED NOT NULL,
      extension_id INT UNSIGNED NOT NULL,
      ${MEASURES},
      PRIMARY KEY (account_id, day, direction, phone_number_id, extension_id)
    ) ${TABLE_OPTIONS}`);
    await q.query(`CREATE TABLE call_stats_hourly (
      account_id INT UNSIGNED NOT NULL,
      day DATE NOT NULL,
      hour TINYINT UNSIGNED NOT NULL,
      direction ENUM('inbound','outbound','internal') NOT NULL,
      extension_id INT UNSIGNED NOT NULL,
      ${MEASURES},
      PRIMARY KEY (account_id, day, hour, direction, extension_id)
    ) ${TABLE_OPTIONS}`);
    await q.query(`CREATE TABLE job_watermarks (
      job VARCHAR(64) NOT NULL PRIMARY KEY,
      reached_at DATETIME(3) NOT NULL
    ) ${TABLE_OPTIONS}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['job_watermarks', 'call_stats_hourly', 'call_stats_daily']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
