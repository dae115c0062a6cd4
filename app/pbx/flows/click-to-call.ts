import type { Flow } from '../dispatcher';
import { SOUNDS } from '../sounds';
import { placingExtension } from './internal';
import { outboundCall } from './outbound';
import { refuse } from './refuse';

/**
 * Click-to-call: the cabinet rang an employee's phone (POST /channels with click-to-call args) and
 * it answered. From here it is the phone's own outbound call to the number: the same gate,
 * number reading, caller number rules and recording warning as if the phone had dialled it.
 */
export const clickToCallFlow: Flow<{ kind: 'click-to-call'; number: string }> = async (session, args) => {
  const from = await placingExtension(session, (ext) => ({ fromNumber: ext.exten }));
  if (!from) return refuse(session, SOUNDS.cannotComplete, 'failed');
  await outboundCall(session, from, args.number);
};
