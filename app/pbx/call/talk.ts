import type { Channel } from './channel';
import type { CallSession } from './session';

/**
 * The parties talk in the call's bridge until the call is over. Returns when it is: the caller or
 * the last other party has hung up.
 */
export async function talk(session: CallSession, bridgeId: string, caller: Channel, callee: Channel): Promise<void> {
  void session;
  void bridgeId;
  await Promise.race([caller.untilHangup(), callee.untilHangup()]);
}
