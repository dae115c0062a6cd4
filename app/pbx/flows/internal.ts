import { Account } from '../../features/accounts/entities';
import type { CallChanges } from '../../features/calls/records';
import { Extension } from '../../features/extensions/entities';
import { isEmergencyNumber } from '../../kz/phone';
import { connectCall } from '../call/connect';
import { findExtension, ringExtension } from '../call/extension-dial';
import type { CallSession } from '../call/session';
import { CHANNEL_VARS } from '../contract';
import type { Flow } from '../dispatcher';
import { SOUNDS } from '../sounds';
import { accountGate } from './account-gate';
import { endUnanswered, outboundCall } from './outbound';
import { refuse } from './refuse';

/** The endpoint id of a PJSIP channel, from the dialplan's variable or the channel name (PJSIP/<endpoint>-<n>). */
async function callerEndpoint(session: CallSession): Promise<string | undefined> {
  const fromVar = await session.caller.getVariable(CHANNEL_VARS.callerEndpoint);
  if (fromVar) return fromVar;
  return /^PJSIP\/(.+)-[0-9a-f]+$/.exec(session.caller.snapshot?.name ?? '')?.[1];
}

/**
 * The extension whose phone placed the call (null: the phone is none of ours). The call becomes its
 * account's: the session's account, and the record's account and extension (plus `more` of it).
 */
export async function placingExtension(session: CallSession, more: (from: Extension) => CallChanges = () => ({})): Promise<Extension | null> {
  const { db, records } = session.deps;
  const endpoint = await callerEndpoint(session);
  const from = endpoint ? await db.getRepository(Extension).findOneBy({ sipUsername: endpoint }) : null;
  if (!from) return null;
  [session.account] = await Promise.all([
    db.getRepository(Account).findOneByOrFail({ id: from.accountId }),
    records.update(session.callId, { accountId: from.accountId, extensionId: from.id, ...more(from) }),
  ]);
  return from;
}

/**
 * A customer's phone dialled something: an extension of its account (with its forwarding and
 * voicemail), else an outside number. Emergency numbers always go out, even where the account
 * numbers an extension 101-104 or 112.
 */
export const internalFlow: Flow<{ kind: 'internal'; exten: string }> = async (session, args) => {
  const from = await placingExtension(session);
  if (!from) return refuse(session, SOUNDS.cannotComplete, 'failed');
  const target = isEmergencyNumber(args.exten) ? null : await findExtension(session, args.exten);
  if (!target) return outboundCall(session, from, args.exten);
  await extensionCall(session, from, target);
};

/** Phone to phone inside the account: the dialled extension's forwarding applies, then its voicemail. */
async function extensionCall(session: CallSession, from: Extension, target: Extension): Promise<void> {
  await session.deps.records.update(session.callId, { toNumber: target.exten });
  const gate = accountGate(session.account!);
  if (!gate.open) return refuse(session, gate.sound, 'blocked');
  await session.caller.ring();
  const result = await ringExtension(session, target, { ringSeconds: target.forwardNoAnswerSeconds, from, voicemail: true });
  if (result.outcome === 'voicemail') return;
  if (result.outcome !== 'answered') return endUnanswered(session, result);
  await connectCall(session, result.channel);
}
