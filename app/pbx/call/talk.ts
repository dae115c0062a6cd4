import { Conversation } from '../transfer/conversation';
import { registryOf } from '../transfer/registry';
import type { Channel } from './channel';
import type { CallSession } from './session';

/**
 * The parties talk in the call's bridge until the call is over: hold (music to the other party),
 * transfers from phones (REFER) and by feature code (*2<ext># blind, *3<ext># attended) change
 * who is in it on the way (app/pbx/transfer). The conversation listens from the moment this is
 * called; `setUp` (bridging the parties, stamping the record, starting the recording) runs before
 * it begins, and what the parties did meanwhile (a hold, a REFER) is handled then, in order. Returns when fewer than
 * two parties are left and no transfer runs; the last one is hung up by then.
 */
export async function talk(session: CallSession, bridgeId: string, caller: Channel, callee: Channel, setUp: () => Promise<void> = async () => undefined): Promise<void> {
  const conversation = new Conversation(session, bridgeId, registryOf(session.node));
  try {
    conversation.listen([
      { channel: caller, role: 'caller' },
      { channel: callee, role: 'callee' },
    ]);
    await setUp();
    await conversation.begin();
    await conversation.over;
  } finally {
    conversation.dispose();
  }
}
