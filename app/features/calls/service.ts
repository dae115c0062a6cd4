import type { DataSource } from 'typeorm';
import type { AccountStatus } from '../accounts/entities';
import { can } from '../accounts/policy';
import type { AccountRole } from '../users/roles';
import type { CallDirection, CallDisposition, ConsentOutcome } from './entities';
import type { CallFilters, Cursor } from './schemas';

export const PAGE_SIZE = 50;
/** Counting stops here: an exact total over a million rows is not worth its time. */
export const COUNT_CAP = 10_000;

/** Whose calls a member may see: the whole account, or the calls of the extensions assigned to them. */
export interface HistoryScope {
  accountId: number;
  timeZone: string;
  extensionIds: number[] | 'all';
}

/** One row of the history, as read from the database (snake_case columns aliased). */
export interface CallRow {
  id: number;
  startedAt: Date;
  direction: CallDirection;
  fromNumber: string | null;
  toNumber: string | null;
  state: 'active' | 'ended';
  exten: string | null;
  extensionName: string | null;
  durationSeconds: number | null;
  billableSeconds: number | null;
  disposition: CallDisposition | null;
  consent: ConsentOutcome;
  recordingId: number | null;
}

const COLUMNS = `c.id, c.started_at AS startedAt, c.direction, c.from_number AS fromNumber, c.to_number AS toNumber, c.state,
  e.exten, e.name AS extensionName, c.duration_seconds AS durationSeconds, c.billable_seconds AS billableSeconds,
  c.disposition, c.consent, c.recording_id AS recordingId`;

/** The account's call history: filtered, scoped by role, newest first, a keyset page at a time. */
export class CallHistoryService {
  constructor(private readonly db: DataSource) {}

  /** The member's scope; an employee's is their own extensions (none assigned: no calls). */
  async scope(account: { id: number; role: AccountRole; status: AccountStatus; timeZone: string }, userId: number): Promise<HistoryScope> {
    const { timeZone } = account;
    if (can(account.role, 'calls.view_all', account.status)) return { accountId: account.id, timeZone, extensionIds: 'all' };
    const own: { id: number }[] = await this.db.query('SELECT id FROM extensions WHERE account_id = ? AND user_id = ?', [account.id, userId]);
    return { accountId: account.id, timeZone, extensionIds: own.map((e) => Number(e.id)) };
  }

  /** The extensions the member may filter by, for the select. */
  extensions(scope: HistoryScope): Promise<{ id: number; exten: string; name: string }[]> {
    const own = scope.extensionIds === 'all' ? '' : ` AND id IN (${inList(scope.extensionIds)})`;
    return this.db.query(`SELECT id, exten, name FROM extensions WHERE account_id = ?${own} ORDER BY exten`, [scope.accountId]);
  }

  /** Up to `size` rows from the cursor (or the newest), always returned newest first. */
  async page(scope: HistoryScope, filters: CallFilters, cursor?: Cursor, size = PAGE_SIZE): Promise<CallRow[]> {
    const where = whereOf(scope, filters);
    const { newer, order } = keysetSeek(where, cursor, 'c.started_at', 'c.id');
    const rows: CallRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM calls c LEFT JOIN extensions e ON e.id = c.extension_id AND e.account_id = c.account_id
       WHERE ${where.sql.join(' AND ')} ORDER BY c.started_at ${order}, c.id ${order} LIMIT ${Number(size)}`,
      where.params,
    );
    const typed = rows.map((r) => ({ ...r, id: Number(r.id), recordingId: r.recordingId === null ? null : Number(r.recordingId) }));
    return newer ? typed.reverse() : typed;
  }

  /** How many calls match, up to COUNT_CAP (the page says "more than" beyond it). */
  async count(scope: HistoryScope, filters: CallFilters): Promise<number> {
    const where = whereOf(scope, filters);
    const [row]: { n: number | string }[] = await this.db.query(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM calls c WHERE ${where.sql.join(' AND ')} LIMIT ${COUNT_CAP + 1}) AS capped`,
      where.params,
    );
    return Number(row.n);
  }

  /** Every matching row, a batch at a time, so an export of 100k calls never sits in memory whole. */
  async *batches(scope: HistoryScope, filters: CallFilters, size = 1000): AsyncGenerator<CallRow[]> {
    let cursor: Cursor | undefined;
    for (;;) {
      const rows = await this.page(scope, filters, cursor, size);
      if (rows.length) yield rows;
      if (rows.length < size) return;
      const last = rows[rows.length - 1];
      cursor = { startedAt: last.startedAt, id: last.id, towards: 'older' };
    }
  }
}

const inList = (ids: number[]) => (ids.length ? ids.map((id) => Number(id)).join(',') : 'NULL');

/**
 * The history's filters as conditions on calls `c`, for any list of calls or of what they left
 * (recordings): the member's scope, the period on `timeColumn`, numbers, extension, direction, outcome.
 */
export function callConditions(scope: HistoryScope, f: CallFilters, timeColumn: string): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => (sql.push(condition), params.push(...values));
  if (scope.extensionIds !== 'all') add(`c.extension_id IN (${inList(scope.extensionIds)})`);
  if (f.since) add(`${timeColumn} >= ?`, f.since);
  if (f.until) add(`${timeColumn} < ?`, f.until);
  if (f.numbers) add('(c.from_number IN (?) OR c.to_number IN (?) OR c.dialled IN (?))', f.numbers, f.numbers, f.numbers);
  if (f.extensionId !== undefined) add('c.extension_id = ?', f.extensionId);
  if (f.direction) add('c.direction = ?', f.direction);
  if (f.outcome) add('c.disposition = ?', f.outcome);
  return { sql, params };
}

/** Every condition starts with the account: the calls_account_started index, and no other account's rows. */
function whereOf(scope: HistoryScope, f: CallFilters): { sql: string[]; params: unknown[] } {
  const conditions = callConditions(scope, f, 'c.started_at');
  return { sql: ['c.account_id = ?', ...conditions.sql], params: [scope.accountId, ...conditions.params] };
}

/**
 * The keyset part of a newest-first list on (time, id): adds "past the cursor" to `where` and says
 * in which order to read (towards newer rows: ascending, to be reversed by the caller).
 */
export function keysetSeek(where: { sql: string[]; params: unknown[] }, cursor: Cursor | undefined, time: string, id: string) {
  const newer = cursor?.towards === 'newer';
  if (cursor) {
    where.sql.push(newer ? `${time} >= ? AND (${time} > ? OR ${id} > ?)` : `${time} <= ? AND (${time} < ? OR ${id} < ?)`);
    where.params.push(cursor.startedAt, cursor.startedAt, cursor.id);
  }
  return { newer, order: newer ? 'ASC' : 'DESC' } as const;
}

/**
 * One page of a keyset-paged list, from `fetch(limit)` asked for one row more than a page: the
 * rows to show and whether pages exist either side.
 */
export async function keysetWindow<T>(fetch: (limit: number) => Promise<T[]>, cursor?: Cursor, pageSize = PAGE_SIZE) {
  const rows = await fetch(pageSize + 1);
  const more = rows.length > pageSize;
  if (cursor?.towards === 'newer') {
    const shown = more ? rows.slice(1) : rows;
    return { rows: shown, hasNewer: more, hasOlder: shown.length > 0 };
  }
  const shown = more ? rows.slice(0, pageSize) : rows;
  return { rows: shown, hasNewer: cursor !== undefined && shown.length > 0, hasOlder: more };
}

/** A page of rows with the cursors of the pages either side (absent at either end). */
export function pageWindow(history: CallHistoryService, scope: HistoryScope, filters: CallFilters, cursor?: Cursor) {
  return keysetWindow((limit) => history.page(scope, filters, cursor, limit), cursor);
}
