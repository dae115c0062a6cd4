import type { Account } from '../../features/accounts/entities';
import { Call } from '../../features/calls/entities';
import { Recording } from '../../features/recordings/entities';
import { recordingAllowed } from '../../features/storage/quota';
import { isEmergencyNumber } from '../../kz/phone';
import { HungUp } from '../ari/wait';
import type { Channel } from '../call/channel';
import type { CallSession } from '../call/session';
import { SOUNDS } from '../sounds';
import { consentOf } from './consent';
import { settleOrphanRecordings } from './orphans';
import { callIsRecorded, recordingDecision } from './policy';
import { recordBridge } from './recorder';
import { playWarning, reissueTokens, type WarningOptions, type WarningOutcome } from './warning';

/**
 * Call recording under the law: every outside party hears the recording warning in full and may
 * decline before any recording starts. The engine calls warnCaller, warnParty and
 * startCallRecording at fixed points of a call; code that brings a new party into a recorded
 * bridge (transfers) calls onPartyJoined.
 */

export { ConsentRefused } from './recorder';
export type { ConsentToken } from './warning';

/** Inbound calls: before the caller is connected to anyone, the caller hears the warning (once per call). */
export async function warnCaller(session: CallSession): Promise<void> {
  const { account, caller } = session;
  if (!account || !(await callIsRecorded(session))) return;
  const consent = consentOf(session);
  consent.expect(caller.id);
  if (consent.refused || consent.heard(caller.id)) return;
  if (caller.snapshot?.state !== 'Up') {
    await caller.answer();
    await session.answered(caller);
  }
  const result = await playWarning(session.callId, caller, warningOf(account));
  await settle(session, caller, result);
  if (result.outcome === 'hung_up') throw caller.signal.reason instanceof Error ? caller.signal.reason : new HungUp(caller.id);
}

/** Outbound calls and forwards: the answered outside party hears the warning before being connected. */
export async function warnParty(session: CallSession, party: Channel): Promise<void> {
  const { account, caller } = session;
  if (!account || !(await callIsRecorded(session))) return;
  const consent = consentOf(session);
  consent.expect(party.id);
  if (consent.refused || consent.heard(party.id)) return;
  // An emergency operator is not kept listening to a warning: such a call is simply not recorded.
  if (await isEmergencyCall(session)) return void session.log.info('emergency call: no recording warning, no recording');
  const result = await playWarning(session.callId, party, { ...warningOf(account), other: caller });
  await settle(session, party, result);
  if (result.outcome === 'hung_up' && result.who === 'other') throw caller.signal.reason instanceof Error ? caller.signal.reason : new HungUp(caller.id);
}

/**
 * After the parties are bridged: records the bridge if the account records and every warned party
 * accepted. `part` numbers the recording within the call (see recordBridge).
 */
export async function startCallRecording(session: CallSession, bridgeId: string, part = 1): Promise<void> {
  const decision = await recordingDecision(session);
  if (!session.account || !decision.recorded) return;
  const consent = consentOf(session);
  if (consent.recording) return;
  if (decision.direction === 'inbound') consent.expect(session.caller.id);
  if (!consent.ready) return void session.log.info({ consent: consent.outcome }, 'call not recorded: consent not given by every outside party');
  try {
    if (!(await recordingAllowed(session.deps.db, session.account.id))) return void session.log.info('call not recorded: the storage quota is used up');
    consent.recording = await recordBridge(session, bridgeId, consent.proof(), part);
  } catch (err) {
    session.log.error({ err, bridgeId }, 'call recording not started');
  }
}

/**
 * A channel joined (or is about to join) the call's bridge, e.g. by a transfer. The account's own
 * phones join a recording as the extension that answered an inbound call does (the warning is for
 * the outside parties). Any other party that has not heard the warning on this call (warnParty on
 * that channel, accepted) and was not in the bridge when recording started stops the recording for
 * good; resolves once its row is final.
 */
export async function onPartyJoined(session: CallSession, bridgeId: string, channelId: string, opts: { isOwnPhone?: () => Promise<boolean> } = {}): Promise<void> {
  const consent = consentOf(session);
  const active = consent.recording;
  if (!active || active.bridgeId !== bridgeId || !active.isRecording) return;
  // Whether it is an own phone is asked last, and only of a recorded bridge: it takes a query.
  if (!consent.refused && (active.knows(channelId) || consent.heard(channelId) || (await opts.isOwnPhone?.()))) return active.admit(channelId);
  await active.stop('a party that has not heard the warning joined');
}

/** A transfer lets a party of the call go (its place goes to another): the recording, if any, goes on without it. */
export function onPartyLetGo(session: CallSession, bridgeId: string, channelId: string): void {
  const active = consentOf(session).recording;
  if (active?.bridgeId === bridgeId) active.letGo(channelId);
}

/** Stops the call's recording, if any, for good (e.g. before a transfer the code cannot vouch for). */
export async function stopCallRecording(session: CallSession, reason: string): Promise<void> {
  await consentOf(session).recording?.stop(reason);
}

/**
 * A call this process takes over from an earlier one (a restart): its consent as the call record
 * keeps it (session.consent, which resumeCall read from the record). A refusal stays one; the
 * parties who heard the warning in full get their tokens again from the warning module; `outside`
 * (the parties now in the call that are not the account's own phones) must each hold one before
 * anything is recorded.
 */
export async function restoreConsent(session: CallSession, outside: readonly string[]): Promise<void> {
  if (!session.account || !(await callIsRecorded(session))) return;
  const present = [...session.channels].filter((c) => c.isUp).map((c) => c.id);
  const tokens = await reissueTokens(session.deps.db, session.callId, present);
  consentOf(session).restore(session.consent, tokens, outside);
  session.log.info({ consent: session.consent, heard: tokens.map((t) => t.channelId), outside }, 'consent restored from the call record');
}

/**
 * The recording of a call taken over: one an earlier process started is ended (nobody watched the
 * bridge meanwhile, so this process cannot vouch for it; its file stays), and a new one starts on
 * the restored consent, exactly as when the call was connected, as the call's next part.
 */
export async function resumeCallRecording(session: CallSession, bridgeId: string): Promise<void> {
  const { db } = session.deps;
  await settleOrphanRecordings(session.node, db, session.callId).catch((err: unknown) => session.log.warn({ err }, 'earlier recording not settled'));
  const earlier = await db.getRepository(Recording).countBy({ callId: session.callId, kind: 'call' });
  await startCallRecording(session, bridgeId, earlier + 1);
}

function warningOf(account: Account): Omit<WarningOptions, 'other'> {
  return { media: `sound:${account.recordingWarningSound || SOUNDS.recordingWarning}`, declineDigit: account.recordingDeclineDigit || '9' };
}

/** Writes the call's consent as it now stands; a refusal also ends a recording already running. */
async function settle(session: CallSession, channel: Channel, result: WarningOutcome): Promise<void> {
  const consent = consentOf(session);
  consent.settle(channel.id, result);
  session.log.info({ party: channel.id, warning: result.outcome }, 'recording warning');
  if (result.outcome === 'heard') consent.recording?.admit(channel.id);
  await Promise.all([session.deps.records.legWarning(session.callId, channel.id, result.outcome), session.setConsent(consent.outcome)]);
  if (consent.refused) await consent.recording?.stop(`consent ${consent.outcome}`);
}

async function isEmergencyCall(session: CallSession): Promise<boolean> {
  const call = await session.deps.db.getRepository(Call).findOne({ select: { id: true, toNumber: true }, where: { id: session.callId } });
  return !!call?.toNumber && isEmergencyNumber(call.toNumber);
}
