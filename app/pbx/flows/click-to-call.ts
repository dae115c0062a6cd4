import { Account } from '../../features/accounts/entities';
import { Extension } from '../../features/extensions/entities';
import type { Flow } from '../dispatcher';
import { SOUNDS } from '../sounds';
import { callerEndpoint } from './internal';
import { outboundCall } from './outbound';
import { refuse } from './refuse';

/**
 * Click-to-call: the cabinet rang an employee's phone (POST /channels with click-to-call args) and
 * it answered. From here it is the phone's own outbound call to the number: the same gate,
 * number reading, caller number rules and recording warning as if the phone had dialled it.
 */
export const clickToCallFlow: Flow<{ kind: 'click-to-call'; number: string }> = async (session, args) => {
  const { db, records } = session.deps;
  const endpoint = await callerEndpoint(session);
  const from = endpoint ? await db.getRepository(Extension).findOneBy({ sipUsername: endpoint }) : null;
  if (!from) return refuse(session, SOUNDS.cannotComplete, 'failed');
  session.account = await db.getRepository(Account).findOneByOrFail({ id: from.accountId });
  await records.update(session.callId, { accountId: from.accountId, extensionId: from.id, fromNumber: from.exten });
  await outboundCall(session, from, args.number);
};
