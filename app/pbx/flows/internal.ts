import { Account } from '../../features/accounts/entities';
import { Extension } from '../../features/extensions/entities';
import { connectCall } from '../call/connect';
import { dialExtension, findExtension } from '../call/extension-dial';
import { CHANNEL_VARS } from '../contract';
import type { Flow } from '../dispatcher';
import { SOUNDS } from '../sounds';
import { refuse } from './refuse';

/** The endpoint id of a PJSIP channel, from the dialplan's variable or the channel name (PJSIP/<endpoint>-<n>). */
async function callerEndpoint(session: Parameters<Flow>[0]): Promise<string | undefined> {
  const fromVar = await session.caller.getVariable(CHANNEL_VARS.callerEndpoint);
  if (fromVar) return fromVar;
  return /^PJSIP\/(.+)-[0-9a-f]+$/.exec(session.caller.snapshot?.name ?? '')?.[1];
}

/** A customer's phone dialled something: another extension of its account (outside numbers: see outbound). */
export const internalFlow: Flow<{ kind: 'internal'; exten: string }> = async (session, args) => {
  const { db, records } = session.deps;
  const endpoint = await callerEndpoint(session);
  const from = endpoint ? await db.getRepository(Extension).findOneBy({ sipUsername: endpoint }) : null;
  if (!from) return refuse(session, SOUNDS.cannotComplete, 'failed');
  session.account = await db.getRepository(Account).findOneByOrFail({ id: from.accountId });
  await records.update(session.callId, { accountId: from.accountId, extensionId: from.id });
  const target = await findExtension(session, args.exten);
  if (!target) return refuse(session, SOUNDS.cannotComplete, 'failed');
  await records.update(session.callId, { toNumber: target.exten });
  const result = await dialExtension(session, target, target.forwardNoAnswerSeconds);
  if (result.outcome !== 'answered') {
    await records.disposition(session.callId, result.outcome === 'busy' ? 'busy' : 'no_answer');
    return session.caller.hangup(result.outcome === 'busy' ? 'busy' : 'normal');
  }
  await connectCall(session, result.channel);
};
