import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { audit } from '../audit/service';
import type { StoredFiles } from '../recordings/stored-files';
import { scopeWhere, type BoxScope } from './boxes';

/** Boxes are emptied by their owners; a page shows this many newest messages. */
export const LIST_LIMIT = 200;

/** A message with where its file is (snake_case columns aliased). */
export interface MessageRow {
  id: number;
  box: string;
  callerNumber: string | null;
  durationSeconds: number | null;
  createdAt: Date;
  readAt: Date | null;
  recordingId: number;
  asteriskName: string;
  node: string | null;
}

const COLUMNS = `v.id, v.box, v.caller_number AS callerNumber, v.duration_seconds AS durationSeconds, v.created_at AS createdAt, v.read_at AS readAt,
  v.recording_id AS recordingId, r.asterisk_name AS asteriskName, c.node`;
const FROM = `voicemail_messages v JOIN recordings r ON r.id = v.recording_id AND r.account_id = v.account_id LEFT JOIN calls c ON c.id = r.call_id`;

/** Voicemail boxes as their owners see them: list, listen, read/unread, delete. */
export class VoicemailService {
  constructor(
    private readonly db: DataSource,
    private readonly files: StoredFiles,
    private readonly now: () => Date,
  ) {}

  /** The newest messages of the scope's boxes. */
  async list(scope: BoxScope): Promise<MessageRow[]> {
    const where = scopeWhere(scope);
    const rows: MessageRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.sql} ORDER BY v.created_at DESC, v.id DESC LIMIT ${LIST_LIMIT}`, where.params);
    return rows.map(typedRow);
  }

  /** All messages of the scope's boxes and the unread ones among them. */
  async counts(scope: BoxScope): Promise<{ count: number; unread: number }> {
    const where = scopeWhere(scope);
    const [row]: { count: string | number; unread: string | number | null }[] = await this.db.query(
      `SELECT COUNT(*) AS count, SUM(v.read_at IS NULL) AS unread FROM voicemail_messages v WHERE ${where.sql}`,
      where.params,
    );
    return { count: Number(row.count), unread: Number(row.unread ?? 0) };
  }

  /** One message of the scope's boxes, or undefined (another box, another account). */
  async find(scope: BoxScope, id: number): Promise<MessageRow | undefined> {
    const where = scopeWhere(scope);
    const [row]: MessageRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.sql} AND v.id = ?`, [...where.params, id]);
    return row && typedRow(row);
  }

  async markRead(message: MessageRow, read: boolean): Promise<void> {
    await this.db.query('UPDATE voicemail_messages SET read_at = ? WHERE id = ?', [read ? (message.readAt ?? this.now()) : null, message.id]);
  }

  /** Deletes the file on its Asterisk node, then the message and its recording row, with an audit entry. */
  async remove(scope: BoxScope, actor: { userId: number; ip: string | null }, message: MessageRow): Promise<void> {
    await this.files.remove({ node: message.node, name: message.asteriskName });
    await inTransaction(this.db, async (em) => {
      await em.query('DELETE FROM voicemail_messages WHERE id = ? AND account_id = ?', [message.id, scope.accountId]);
      await em.query('DELETE FROM recordings WHERE id = ? AND account_id = ?', [message.recordingId, scope.accountId]);
      await audit(em, this.now(), {
        action: 'voicemail.deleted', accountId: scope.accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'voicemail_message', targetId: message.id,
        details: { box: message.box, name: message.asteriskName },
      });
    });
  }
}

const typedRow = (r: MessageRow): MessageRow => ({ ...r, id: Number(r.id), recordingId: Number(r.recordingId) });
