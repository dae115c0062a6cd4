import type { Channel } from '../call/channel';
import type { CallSession } from '../call/session';

/**
 * Call recording under the law: every outside party hears the recording warning in full and may
 * decline before any recording starts. The engine calls these three at fixed points of a call.
 */

/** Inbound calls: before the caller is connected to anyone, the caller hears the warning (once per call). */
export async function warnCaller(session: CallSession): Promise<void> {
  void session;
}

/** Outbound calls and forwards: the answered outside party hears the warning before being connected. */
export async function warnParty(session: CallSession, party: Channel): Promise<void> {
  void session;
  void party;
}

/** After the parties are bridged: records the bridge if the account records and every warned party accepted. */
export async function startCallRecording(session: CallSession, bridgeId: string): Promise<void> {
  void session;
  void bridgeId;
}
