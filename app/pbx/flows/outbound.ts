import type { Extension } from '../../features/extensions/entities';
import { isEmergencyNumber, normalizeDialled } from '../../kz/phone';
import { chooseCallerNumber } from '../call/caller-number';
import { connectCall } from '../call/connect';
import type { DialResult } from '../call/dial';
import type { CallSession } from '../call/session';
import { dialOutside } from '../call/trunk';
import { SOUNDS } from '../sounds';
import { accountGate } from './account-gate';
import { refuse } from './refuse';

/** How long an outside number rings before the call counts as not answered. */
export const OUTBOUND_RING_SECONDS = 60;

/**
 * A phone dialled an outside number. The account gate applies, except to emergency numbers: those
 * are never refused and go to the trunk as dialled. Any other number is read as E.164 (a city
 * number without area code takes that of the number shown) and shows the number the account's
 * rules choose for the extension.
 */
export async function outboundCall(session: CallSession, from: Extension, dialled: string): Promise<void> {
  const { db, records } = session.deps;
  const account = session.account!;
  await records.update(session.callId, { direction: 'outbound' });
  const emergency = isEmergencyNumber(dialled);
  const gate = accountGate(account);
  if (!emergency && !gate.open) return refuse(session, gate.sound, 'blocked');
  const number = emergency ? dialled : normalizeDialled(dialled, await chooseCallerNumber(db, account.id, '', from));
  if (!number) return refuse(session, SOUNDS.cannotComplete, 'failed');
  const shown = await chooseCallerNumber(db, account.id, number, from);
  // Without a number of its own the account cannot call out; an emergency call goes anyway.
  if (!shown && !emergency) return refuse(session, SOUNDS.cannotComplete, 'failed');
  await records.update(session.callId, { toNumber: number });
  await session.caller.ring();
  const result = await dialOutside(session, number, shown, OUTBOUND_RING_SECONDS);
  if (result.outcome !== 'answered') return endUnanswered(session, result);
  await connectCall(session, result.channel);
}

/** Nobody answered a phone's call: the record keeps why, the phone hears it as busy or as a failure. */
export async function endUnanswered(session: CallSession, result: Exclude<DialResult, { outcome: 'answered' }>): Promise<void> {
  session.log.info({ outcome: result.outcome, cause: result.cause }, 'call not answered');
  const disposition = result.outcome === 'busy' ? 'busy' : result.outcome === 'no_answer' ? 'no_answer' : 'failed';
  await session.deps.records.disposition(session.callId, disposition);
  await session.caller.hangup(disposition === 'busy' ? 'busy' : disposition === 'no_answer' ? 'no_answer' : 'congestion');
}
