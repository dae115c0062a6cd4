import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { audit } from '../audit/service';
import type { CallDirection, ConsentOutcome } from '../calls/entities';
import type { CallFilters, Cursor } from '../calls/schemas';
import { callConditions, keysetSeek, keysetWindow, type HistoryScope } from '../calls/service';
import type { StoredFiles } from './stored-files';

export const PAGE_SIZE = 50;

/** A call recording with what the list shows of its call (snake_case columns aliased). */
export interface RecordingRow {
  id: number;
  /** When the recording started; the list is ordered and paged by it. */
  startedAt: Date;
  callId: number;
  direction: CallDirection;
  fromNumber: string | null;
  toNumber: string | null;
  exten: string | null;
  extensionName: string | null;
  durationSeconds: number | null;
  sizeBytes: number | null;
  consent: ConsentOutcome;
  node: string;
  asteriskName: string;
}

const COLUMNS = `r.id, r.created_at AS startedAt, r.call_id AS callId, c.direction, c.from_number AS fromNumber, c.to_number AS toNumber,
  e.exten, e.name AS extensionName, r.duration_seconds AS durationSeconds, r.size_bytes AS sizeBytes, c.consent, c.node, r.asterisk_name AS asteriskName`;
const FROM = `recordings r JOIN calls c ON c.id = r.call_id AND c.account_id = r.account_id
  LEFT JOIN extensions e ON e.id = c.extension_id AND e.account_id = c.account_id`;

/** Call recordings of an account, scoped like the call history: employees hear their own extensions' calls only. */
export class RecordingsService {
  constructor(
    private readonly db: DataSource,
    private readonly files: StoredFiles,
    private readonly now: () => Date,
  ) {}

  /** Up to `size` recordings from the cursor (or the newest), always newest first. */
  async page(scope: HistoryScope, filters: CallFilters, cursor?: Cursor, size = PAGE_SIZE): Promise<RecordingRow[]> {
    const where = whereOf(scope, filters);
    const { newer, order } = keysetSeek(where, cursor, 'r.created_at', 'r.id');
    const rows: RecordingRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.sql.join(' AND ')} ORDER BY r.created_at ${order}, r.id ${order} LIMIT ${Number(size)}`,
      where.params,
    );
    const typed = rows.map(typedRow);
    return newer ? typed.reverse() : typed;
  }

  /** One recording the member may reach, or undefined (another account's, or another employee's). */
  async find(scope: HistoryScope, recordingId: number): Promise<RecordingRow | undefined> {
    const where = whereOf(scope, {});
    const [row]: RecordingRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.sql.join(' AND ')} AND r.id = ?`, [...where.params, recordingId]);
    return row && typedRow(row);
  }

  /** Deletes the file on its Asterisk node, then the row (the call keeps no link to it), with an audit entry. */
  async remove(accountId: number, actor: { userId: number; ip: string | null }, row: RecordingRow): Promise<void> {
    await this.files.remove({ node: row.node, name: row.asteriskName });
    await inTransaction(this.db, async (em) => {
      await em.query('DELETE FROM recordings WHERE id = ? AND account_id = ?', [row.id, accountId]);
      await em.query('UPDATE calls SET recording_id = NULL WHERE id = ? AND recording_id = ?', [row.callId, row.id]);
      await audit(em, this.now(), {
        action: 'recording.deleted', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'recording', targetId: row.id,
        details: { callId: row.callId, name: row.asteriskName },
      });
    });
  }
}

const typedRow = (r: RecordingRow): RecordingRow => ({
  ...r, id: Number(r.id), callId: Number(r.callId), sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
});

/** Finished call recordings of the account; the member's scope and the filters narrow them. */
function whereOf(scope: HistoryScope, f: CallFilters): { sql: string[]; params: unknown[] } {
  const conditions = callConditions(scope, f, 'r.created_at');
  return { sql: ["r.account_id = ?", "r.kind = 'call'", "r.state = 'done'", ...conditions.sql], params: [scope.accountId, ...conditions.params] };
}

/** A page of rows with whether pages exist either side (the same keyset rules as the call history). */
export function pageWindow(recordings: RecordingsService, scope: HistoryScope, filters: CallFilters, cursor?: Cursor) {
  return keysetWindow((limit) => recordings.page(scope, filters, cursor, limit), cursor, PAGE_SIZE);
}
