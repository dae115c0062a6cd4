import type { CallDisposition } from '../../features/calls/entities';
import type { CallSession } from '../call/session';

/** Tells the caller why the call cannot go on, and hangs up; the call record keeps why. */
export async function refuse(session: CallSession, sound: string, disposition: CallDisposition): Promise<void> {
  await session.deps.records.disposition(session.callId, disposition);
  // Answer first: media on an unanswered channel depends on the carrier's early-media support.
  if (session.caller.snapshot?.state !== 'Up') await session.caller.answer();
  const result = await session.caller.play(`sound:${sound}`);
  if (result.outcome === 'failed') session.log.warn({ sound }, 'refusal notice missing: hanging up without it');
  await session.caller.hangup(disposition === 'blocked' ? 'rejected' : 'normal');
}
