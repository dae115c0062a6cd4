import type { DataSource } from 'typeorm';
import { TRUNK_ENDPOINT_DEFAULT } from '../../pbx/contract';

/** A finished piece of outside talk the customer pays for: an outbound call, or a leg forwarded out through the trunk. */
export interface BillableItem {
  sourceKey: string;
  callId: number;
  /** 0 for an outbound call; the leg's id for a forwarded leg. */
  legId: number;
  accountId: number;
  startedAt: Date;
  endedAt: Date;
  seconds: number;
  number: string | null;
  /** The account's own number on this call: decides whether a city number is local. */
  ownNumber: string | null;
}

export interface BillableCursor {
  endedAt: Date;
  callId: number;
  legId: number;
}

type Row = { kind: 'call' | 'leg'; call_id: number; leg_id: number; account_id: number; started_at: Date; ended_at: Date; seconds: number; number: string | null; own_number: string | null };

const after = (leg: string) => `(c.ended_at > ? OR (c.ended_at = ? AND (c.id > ? OR (c.id = ? AND ${leg} > ?))))`;

/**
 * The next unrated billable items after `cursor`, in (ended_at, call, leg) order. An item is rated when
 * call_ratings holds its source key (written in the same transaction as its ledger entry). Outbound
 * calls and forwarded legs are read apart, each by the ended_at index; the batch ends where the first
 * full source ends, so neither source is ever skipped and inbound calls are scanned once per window.
 */
export async function nextUnrated(db: DataSource, cursor: BillableCursor, limit: number): Promise<BillableItem[]> {
  const k = [cursor.endedAt, cursor.endedAt, cursor.endedAt, cursor.callId, cursor.callId, cursor.legId];
  const calls: Row[] = await db.query(
    `SELECT 'call' AS kind, c.id AS call_id, 0 AS leg_id, c.account_id, c.started_at, c.ended_at, c.billable_seconds AS seconds,
            COALESCE(c.to_number, c.dialled) AS number, c.from_number AS own_number
       FROM calls c
      WHERE c.ended_at >= ? AND ${after('0')}
        AND c.state = 'ended' AND c.direction = 'outbound' AND c.billable_seconds > 0 AND c.account_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM call_ratings r WHERE r.account_id = c.account_id AND r.source_key = CONCAT('call:', c.id))
      ORDER BY c.ended_at, c.id LIMIT ?`,
    [...k, limit],
  );
  const callsFull = calls.length === limit;
  const legs: Row[] = await db.query(
    `SELECT 'leg' AS kind, c.id AS call_id, l.id AS leg_id, c.account_id, l.answered_at AS started_at, c.ended_at,
            CEIL(TIMESTAMPDIFF(MICROSECOND, l.answered_at, l.ended_at) / 1000000) AS seconds, l.number, c.to_number AS own_number
       FROM calls c JOIN call_legs l ON l.call_id = c.id
      WHERE c.ended_at >= ? AND ${after('l.id')} ${callsFull ? 'AND c.ended_at <= ?' : ''}
        AND c.state = 'ended' AND c.direction <> 'outbound' AND c.account_id IS NOT NULL
        AND l.endpoint LIKE ? AND l.answered_at IS NOT NULL AND l.ended_at > l.answered_at
        AND NOT EXISTS (SELECT 1 FROM call_ratings r WHERE r.account_id = c.account_id AND r.source_key = CONCAT('leg:', l.id))
      ORDER BY c.ended_at, c.id, l.id LIMIT ?`,
    [...k, ...(callsFull ? [calls[calls.length - 1].ended_at] : []), `%@${TRUNK_ENDPOINT_DEFAULT}`, limit],
  );
  const ends = [callsFull && calls[calls.length - 1], legs.length === limit && legs[legs.length - 1]].filter((r): r is Row => !!r);
  const stop = ends.sort(compare)[0];
  const rows = [...calls, ...legs].sort(compare).filter((r) => !stop || compare(r, stop) <= 0);
  return rows.map((r) => ({
    sourceKey: r.kind === 'call' ? `call:${r.call_id}` : `leg:${r.leg_id}`,
    callId: Number(r.call_id), legId: Number(r.leg_id), accountId: r.account_id,
    startedAt: new Date(r.started_at), endedAt: new Date(r.ended_at), seconds: Number(r.seconds),
    number: r.number ?? null, ownNumber: r.own_number ?? null,
  }));
}

function compare(a: Row, b: Row): number {
  return new Date(a.ended_at).getTime() - new Date(b.ended_at).getTime() || Number(a.call_id) - Number(b.call_id) || Number(a.leg_id) - Number(b.leg_id);
}
