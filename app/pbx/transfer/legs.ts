import type { LegRole } from '../../features/calls/entities';
import type { Channel } from '../call/channel';
import type { CallSession } from '../call/session';
import { CHANNEL_VARS } from '../contract';

/**
 * The call record's side of transfers: the record stays one record, and every channel that took
 * part (the Local halves Asterisk put in, the new party) becomes a leg of it.
 */

/** What a leg's `endpoint` shows: PJSIP/<endpoint> for phones and trunks, the channel name otherwise. */
export function legEndpoint(channel: Channel): string | null {
  const name = channel.snapshot?.name;
  if (!name) return null;
  return /^(PJSIP\/.+)-[0-9a-f]{8}$/.exec(name)?.[1] ?? name.slice(0, 128);
}

/** A channel joins the call as a leg (answered: it is talking from now on). */
export async function addLeg(session: CallSession, channel: Channel, role: LegRole, answered: boolean): Promise<void> {
  const { records, clock } = session.deps;
  const now = clock.now();
  // No number: a channel's caller id is what its phone was shown (the other party), not its own.
  await records.addLeg(session.callId, { channelId: channel.id, role, endpoint: legEndpoint(channel), number: null, startedAt: now });
  if (answered) await records.legAnswered(session.callId, channel.id, now);
}

/** A party left the call before its end (hung up, or a transfer took it out). */
export async function endLeg(session: CallSession, channel: Channel): Promise<void> {
  await session.deps.records.legEnded(session.callId, channel.id, session.deps.clock.now(), channel.hangupCause);
}

/** The newest leg id of the call: legs created after it are the ones a transfer rang. */
export async function lastLegId(session: CallSession): Promise<number> {
  const rows: { id: number | null }[] = await session.deps.db.query('SELECT MAX(id) AS id FROM call_legs WHERE call_id = ?', [session.callId]);
  return Number(rows[0]?.id ?? 0);
}

/** dialLeg writes every leg it rings as `callee`; the ones a transfer rang get their real role. */
export async function relabelLegsAfter(session: CallSession, afterId: number, role: LegRole): Promise<void> {
  await session.deps.db.query(`UPDATE call_legs SET role = ? WHERE call_id = ? AND id > ? AND role = 'callee'`, [role, session.callId, afterId]);
}

/**
 * The dispatcher opens a record for every new Stasis channel, also for the Local half a phone's
 * blind transfer sends to Stasis(transferred): that half belongs to the original call, so its
 * provisional record goes (its legs with it) and the half becomes a `local` leg of the original.
 */
export async function foldIntoCall(provisional: CallSession, originCallId: number): Promise<void> {
  const { db, records, clock } = provisional.deps;
  const half = provisional.caller;
  if (originCallId !== provisional.callId) {
    await db.query(`DELETE FROM calls WHERE id = ? AND state = 'active'`, [provisional.callId]);
  }
  await records.addLeg(originCallId, { channelId: half.id, role: 'local', endpoint: legEndpoint(half), number: null, startedAt: clock.now() });
  await half.setVariable(CHANNEL_VARS.callId, String(originCallId));
}

/** The call a channel belongs to by one of its legs (an active call only). */
export async function callOfLeg(session: CallSession, channelId: string): Promise<number | undefined> {
  const rows: { call_id: number }[] = await session.deps.db.query(
    `SELECT l.call_id FROM call_legs l JOIN calls c ON c.id = l.call_id WHERE l.channel_id = ? AND c.state = 'active' ORDER BY l.id DESC LIMIT 1`,
    [channelId],
  );
  return rows[0] ? Number(rows[0].call_id) : undefined;
}

/** Legs the app rang after `afterId` that are still ringing (neither answered nor ended). */
export async function ringingLegsAfter(session: CallSession, afterId: number): Promise<string[]> {
  const rows: { channel_id: string }[] = await session.deps.db.query(
    `SELECT channel_id FROM call_legs WHERE call_id = ? AND id > ? AND role IN ('callee', 'transfer') AND answered_at IS NULL AND ended_at IS NULL`,
    [session.callId, afterId],
  );
  return rows.map((r) => r.channel_id);
}
