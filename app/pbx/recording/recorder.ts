import { Recording } from '../../features/recordings/entities';
import type { CallSession } from '../call/session';
import { ActiveRecording, bridgeMembers } from './active-recording';
import { isGenuine, type ConsentToken } from './warning';

/** The recorder was asked to start without the consent it needs: a bug, never a caller's doing. */
export class ConsentRefused extends Error {
  constructor(reason: string) {
    super(`recording refused: ${reason}`);
    this.name = 'ConsentRefused';
  }
}

export interface RecordingConsent {
  /** Tokens from the warning, one per party that heard it. */
  tokens: readonly ConsentToken[];
  /** Channels of the outside parties: each needs a token of its own. */
  mustHear: readonly string[];
}

/**
 * Files are named by our ids and kept per account: calls/<accountId>/<callId>; a later part of the
 * same call (recording anew after the engine took the call over) gets -<part>.
 */
export const callRecordingName = (accountId: number, callId: number, part = 1) => `calls/${accountId}/${callId}${part > 1 ? `-${part}` : ''}`;

/** A runaway recording (a lost connection, a call never torn down) still ends. */
const MAX_RECORDING_SECONDS = 4 * 3600;

/** Checks the proof before anything reaches Asterisk: genuine tokens of this call covering every outside party. */
export function verifyConsent(callId: number, consent: RecordingConsent): void {
  if (consent.tokens.length === 0) throw new ConsentRefused('no party heard the warning');
  for (const token of consent.tokens) {
    if (!isGenuine(token, callId)) throw new ConsentRefused('a consent token was not issued by the warning for this call');
  }
  for (const channelId of consent.mustHear) {
    if (!consent.tokens.some((t) => t.channelId === channelId)) throw new ConsentRefused(`party ${channelId} has not heard the warning`);
  }
}

/**
 * Records the call's bridge (the mixed call) into a recordings row, once the consent holds. The
 * returned recording stops when a party leaves or an unwarned one joins. Null when Asterisk
 * refused to record: the call goes on unrecorded, the row says failed. `part`: which recording of
 * the call this is (only a call taken over after a restart has more than one).
 */
export async function recordBridge(session: CallSession, bridgeId: string, consent: RecordingConsent, part = 1): Promise<ActiveRecording | null> {
  verifyConsent(session.callId, consent);
  const accountId = session.account!.id;
  const name = callRecordingName(accountId, session.callId, part);
  const row = await session.deps.db.getRepository(Recording).save({
    accountId, callId: session.callId, kind: 'call', asteriskName: name, format: 'wav', durationSeconds: null, state: 'recording', createdAt: session.deps.clock.now(),
  });
  await session.deps.records.recording(session.callId, row.id);
  const members = await bridgeMembers(session, bridgeId);
  const active = new ActiveRecording(session, bridgeId, name, row.id, [...members, ...consent.tokens.map((t) => t.channelId)]);
  await active.subscribe();
  try {
    await session.node.request('recordBridge', (c) =>
      c.bridges.record({ bridgeId, name, format: 'wav', ifExists: 'fail', beep: false, maxDurationSeconds: MAX_RECORDING_SECONDS, terminateOn: 'none' }),
    );
  } catch (err) {
    session.log.warn({ err, bridgeId, name }, 'recording could not start: the call goes on unrecorded');
    await active.abandon();
    return null;
  }
  active.watch();
  return active;
}
