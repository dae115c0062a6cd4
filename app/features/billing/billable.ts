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
  /** When the call's record last changed (the database stamps it): what the rating cursor follows. */
  changedAt: Date;
  number: string | null;
  /** The account's own number on this call: decides whether a city number is local. */
  ownNumber: string | null;
}

export interface BillableCursor {
  changedAt: Date;
  callId: number;
  legId: number;
}

type Row = { kind: 'call' | 'leg'; call_id: number; leg_id: number; account_id: number; started_at: Date; ended_at: Date; changed_at: Date; seconds: number; number: string | null; own_number: string | null };

const after = (leg: string) => `(c.changed_at > ? OR (c.changed_at = ? AND (c.id > ? OR (c.id = ? AND ${leg} > ?))))`;

/**
 * The next unrated billable items after `cursor`, in (changed_at, call, leg) order: a record finished late
 * (after a PBX outage, with an early ended_at) is still found, as its changed_at is the time it was finished. An item is rated when
 * call_ratings holds its source key (written in the same transaction as its ledger entry). Outbound
 * calls and forwarded legs are read apart, each by the changed_at index; the batch ends where the first
 * full source ends, so neither source is ever skipped and inbound calls are scanned once per window.
 */
export async function nextUnrated(db: DataSource, cursor: BillableCursor, limit: number): Promise<BillableItem[]> {
  const k = [cursor.changedAt, cursor.changedAt, cursor.changedAt, cursor.callId, cursor.callId, cursor.legId];
  const calls: Row[] = await db.query(
    `SELECT 'call' AS kind, c.id AS call_id, 0 AS leg_id, c.account_id, c.started_at, c.ended_at, c.changed_at, c.billable_seconds AS seconds,
            COALESCE(c.to_number, c.dialled) AS number, c.from_number AS own_number
       FROM calls c
      WHERE c.changed_at >= ? AND ${after('0')}
        AND c.state = 'ended' AND c.direction = 'outbound' AND c.billable_seconds > 0 AND c.account_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM call_ratings r WHERE r.account_id = c.account_id AND r.source_key = CONCAT('call:', c.id))
      ORDER BY c.changed_at, c.id LIMIT ?`,
    [...k, limit],
  );
  const callsFull = calls.length === limit;
  const legs: Row[] = await db.query(
    `SELECT 'leg' AS kind, c.id AS call_id, l.id AS leg_id, c.account_id, l.answered_at AS started_at, c.ended_at, c.changed_at,
            CEIL(TIMESTAMPDIFF(MICROSECOND, l.answered_at, l.ended_at) / 1000000) AS seconds, l.number, c.to_number AS own_number
       FROM calls c JOIN call_legs l ON l.call_id = c.id
      WHERE c.changed_at >= ? AND ${after('l.id')} ${callsFull ? 'AND c.changed_at <= ?' : ''}
        AND c.state = 'ended' AND c.direction <> 'outbound' AND c.account_id IS NOT NULL
        AND l.endpoint LIKE ? AND l.answered_at IS NOT NULL AND l.ended_at > l.answered_at
        AND NOT EXISTS (SELECT 1 FROM call_ratings r WHERE r.account_id = c.account_id AND r.source_key = CONCAT('leg:', l.id))
      ORDER BY c.changed_at, c.id, l.id LIMIT ?`,
    [...k, ...(callsFull ? [calls[calls.length - 1].changed_at] : []), `%@${TRUNK_ENDPOINT_DEFAULT}`, limit],
  );
  const ends = [callsFull && calls[calls.length - 1], legs.length === limit && legs[legs.length - 1]].filter((r): r is Row => !!r);
  const stop = ends.sort(compare)[0];
  const rows = [...calls, ...legs].sort(compare).filter((r) => !stop || compare(r, stop) <= 0);
  return rows.map((r) => ({
    sourceKey: r.kind === 'call' ? `call:${r.call_id}` : `leg:${r.leg_id}`,
    callId: Number(r.call_id), legId: Number(r.leg_id), accountId: r.account_id,
    startedAt: new Date(r.started_at), endedAt: new Date(r.ended_at), changedAt: new Date(r.changed_at), seconds: Number(r.seconds),
    number: r.number ?? null, ownNumber: r.own_number ?? null,
  }));
}

function compare(a: Row, b: Row): number {
  return new Date(a.changed_at).getTime() - new Date(b.changed_at).getTime() || Number(a.call_id) - Number(b.call_id) || Number(a.leg_id) - Number(b.leg_id);
}
