import type { DataSource } from 'typeorm';
import type { CallDirection } from '../calls/entities';
import type { HistoryScope } from '../calls/service';

/** What the live view may show of a call, whatever the engine is doing with it. */
export type LiveState = 'ringing' | 'menu' | 'talking' | 'held';

/** One call in progress as read from the database: what the engine has written so far. */
export interface LiveCallRow {
  id: number;
  direction: CallDirection;
  fromNumber: string | null;
  toNumber: string | null;
  extensionId: number | null;
  exten: string | null;
  extensionName: string | null;
  startedAt: Date;
  state: LiveState;
  recording: boolean;
}

/** A busy account has tens of calls at once; a page of hundreds would not be read anyway. */
export const LIVE_LIMIT = 500;

/**
 * The state from the legs: a party holding wins, then anyone other than the caller talking, then
 * anyone ringing. With nobody else brought in yet, a call from outside is in its scenario (menu,
 * greeting, voicemail) and a call to outside is about to ring.
 */
function stateOf(direction: CallDirection, legs: { held: number; talking: number; ringing: number }): LiveState {
  if (legs.held > 0) return 'held';
  if (legs.talking > 0) return 'talking';
  if (legs.ringing > 0) return 'ringing';
  return direction === 'inbound' ? 'menu' : 'ringing';
}

/** The calls in progress of one account, in one indexed query (calls_account_state, call_legs_call). */
export async function loadLiveCalls(db: DataSource, accountId: number): Promise<LiveCallRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT c.id, c.direction, c.from_number AS fromNumber, c.to_number AS toNumber, c.extension_id AS extensionId,
       e.exten, e.name AS extensionName, c.started_at AS startedAt, r.state AS recordingState,
       COALESCE(SUM(l.ended_at IS NULL AND l.held_at IS NOT NULL), 0) AS held,
       COALESCE(SUM(l.role <> 'caller' AND l.ended_at IS NULL AND l.answered_at IS NOT NULL), 0) AS talking,
       COALESCE(SUM(l.role <> 'caller' AND l.ended_at IS NULL AND l.answered_at IS NULL), 0) AS ringing
     FROM calls c
     LEFT JOIN extensions e ON e.id = c.extension_id AND e.account_id = c.account_id
     LEFT JOIN recordings r ON r.id = c.recording_id
     LEFT JOIN call_legs l ON l.call_id = c.id
     WHERE c.account_id = ? AND c.state = 'active'
     GROUP BY c.id, c.direction, c.from_number, c.to_number, c.extension_id, e.exten, e.name, c.started_at, r.state
     ORDER BY c.started_at, c.id
     LIMIT ${LIVE_LIMIT}`,
    [accountId],
  );
  return rows.map((r) => {
    const direction = r.direction as CallDirection;
    return {
      id: Number(r.id),
      direction,
      fromNumber: r.fromNumber as string | null,
      toNumber: r.toNumber as string | null,
      extensionId: r.extensionId === null ? null : Number(r.extensionId),
      exten: r.exten as string | null,
      extensionName: r.extensionName as string | null,
      startedAt: r.startedAt as Date,
      state: stateOf(direction, { held: Number(r.held), talking: Number(r.talking), ringing: Number(r.ringing) }),
      recording: r.recordingState === 'recording',
    };
  });
}

/** Whether a member with this scope sees the call (an employee: only their extensions' calls). */
export const inScope = (scope: Pick<HistoryScope, 'extensionIds'>, call: Pick<LiveCallRow, 'extensionId'>) =>
  scope.extensionIds === 'all' || (call.extensionId !== null && scope.extensionIds.includes(call.extensionId));
