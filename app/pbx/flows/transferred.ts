import { Account } from '../../features/accounts/entities';
import { Call } from '../../features/calls/entities';
import type { Channel } from '../call/channel';
import { findExtension, ringExtension } from '../call/extension-dial';
import { CallSession } from '../call/session';
import { talk } from '../call/talk';
import type { Flow } from '../dispatcher';
import { SOUNDS } from '../sounds';
import { callOfLeg, foldIntoCall } from '../transfer/legs';
import { localPairName, registryOf } from '../transfer/registry';
import { refuse } from './refuse';

/** How long the Local ;2 half waits for its ;1 half to show up in a call's bridge (Asterisk may start ;2 first). */
const PAIR_WAIT_MS = 2000;

/**
 * The far half of the Local channel a phone's blind transfer (REFER) created: the transfers
 * context sends it to Stasis(transferred,<exten>) as if it were a new call, while its ;1 half
 * took the transferer's place in the original call's bridge. It is part of the original call:
 * the record the dispatcher opened for it is folded into that call's record, and the original
 * call's conversation rings the target and drops this Local pair when done (transfer/blind.ts).
 *
 * The original call is found by the pair's name (the ;1 half's StasisStart registered it), or,
 * when no conversation in this process knows it (the engine restarted meanwhile), by the
 * linkedid Asterisk gives the pair from the transferer (REFER's Local channels inherit no
 * variables, so VPBX_CALL_ID does not reach them). Then this half rings the target itself and
 * the two bridges stay linked through the pair.
 */
export const transferredFlow: Flow<{ kind: 'transferred'; exten: string }> = async (session, args) => {
  session.markEstablished();
  const half = session.caller;
  const pair = localPairName(half.snapshot?.name);
  const conversation = pair ? await registryOf(session.node).waitLocal(pair, PAIR_WAIT_MS) : undefined;
  if (conversation) {
    await foldIntoCall(session, conversation.session.callId);
    return half.untilHangup();
  }
  const originId = await originalCall(session);
  if (originId === undefined) {
    session.log.warn({ exten: args.exten, name: half.snapshot?.name }, 'transferred channel of no known call');
    return refuse(session, SOUNDS.cannotComplete, 'failed');
  }
  await foldIntoCall(session, originId);
  await ringOnOwn(session, originId, args.exten);
};

/** The call the transferer was in, by the linkedid its transfer's Local channels carry. */
async function originalCall(session: CallSession): Promise<number | undefined> {
  const linkedId = await session.caller.getVariable('CHANNEL(linkedid)');
  return linkedId ? callOfLeg(session, linkedId) : undefined;
}

/** No live conversation owns the original bridge here: ring the target and talk through the Local link. */
async function ringOnOwn(provisional: CallSession, originId: number, exten: string): Promise<void> {
  const { db } = provisional.deps;
  const origin = await db.getRepository(Call).findOneByOrFail({ id: originId });
  const session = new CallSession(provisional.deps, provisional.node, originId, provisional.caller, () => undefined);
  session.account = origin.accountId ? await db.getRepository(Account).findOneBy({ id: origin.accountId }) : null;
  const target = session.account ? await findExtension(session, exten) : null;
  // The provisional record is gone by now: refusing through it leaves the original call's record as it is.
  if (!target) return refuse(provisional, SOUNDS.cannotComplete, 'failed');
  const result = await ringExtension(session, target, { ringSeconds: target.forwardNoAnswerSeconds, voicemail: false });
  if (result.outcome !== 'answered') return session.caller.hangup();
  await linkTalk(session, result.channel);
}

/** The original call's bridge is taken (`call-<id>`): this half and the target talk in one of their own. */
async function linkTalk(session: CallSession, target: Channel): Promise<void> {
  const half = session.caller;
  const bridgeId = `xfer-${half.id}`;
  await session.node.request('createBridge', (c) => c.bridges.create({ type: 'mixing,dtmf_events', bridgeId, name: bridgeId }));
  try {
    await half.answer();
    await talk(session, bridgeId, half, target, () => session.node.request('addChannel', (c) => c.bridges.addChannel({ bridgeId, channel: [half.id, target.id].join(',') })));
  } finally {
    await Promise.all([half.hangup(), target.hangup()]);
    await session.node.request('destroyBridge', (c) => c.bridges.destroy({ bridgeId })).catch(() => undefined);
  }
}
