import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';

export interface RecordingFile {
  id: number;
  asteriskName: string;
  format: string;
  /** The Asterisk node that recorded it (its call's); null: the first node (prompts uploaded there). */
  node: string | null;
}

const PAGE = 500;

/** The account's recordings (calls, voicemail, prompts, faxes) with the node that keeps each file, by id. */
export async function* accountRecordings(db: DataSource, accountId: number): AsyncGenerator<RecordingFile> {
  for (let after = 0; ; ) {
    const rows: RecordingFile[] = await db.query(
      `SELECT r.id, r.asterisk_name AS asteriskName, r.format, c.node FROM recordings r LEFT JOIN calls c ON c.id = r.call_id
       WHERE r.account_id = ? AND r.id > ? ORDER BY r.id LIMIT ${PAGE}`,
      [accountId, after],
    );
    yield* rows.map((r) => ({ ...r, id: Number(r.id) }));
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1].id);
  }
}

/** The account's own prompt files, in Asterisk's sounds directory (custom/<accountId>). */
export const promptsDir = (config: Pick<Config, 'media'>, accountId: number) => path.join(config.media.soundsDir, 'custom', String(accountId));
