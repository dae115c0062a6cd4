import { startCallRecording } from '../recording';
import type { Channel } from './channel';
import type { CallSession } from './session';
import { talk } from './talk';

/** Bridge ids derive from our call ids, so a restarted engine finds a call's bridge again. */
export const bridgeIdOf = (callId: number) => `call-${callId}`;

/**
 * Caller and callee into one bridge, recording if consented, the talking phase, then teardown.
 * `mixing,dtmf_events`, because a plain mixing bridge passes phones' digits through without
 * telling the app (trace k), and feature codes need them. Warnings were played before this point.
 */
export async function connectCall(session: CallSession, callee: Channel): Promise<void> {
  const { caller, node } = session;
  const bridgeId = bridgeIdOf(session.callId);
  await node.request('createBridge', (c) => c.bridges.create({ type: 'mixing,dtmf_events', bridgeId, name: bridgeId }));
  try {
    if (caller.snapshot?.state !== 'Up') {
      await caller.answer();
      await session.answered(caller);
    }
    // Listening starts before the parties are in: Asterisk may tell of a phone's hold before it answers addChannel.
    await talk(session, bridgeId, caller, callee, async () => {
      await node.request('addChannel', (c) => c.bridges.addChannel({ bridgeId, channel: [caller.id, callee.id].join(',') }));
      await session.answered(callee);
      await startCallRecording(session, bridgeId);
    });
  } finally {
    // A transfer may have handed a party over to another call (attended): only ours are hung up.
    await Promise.all([caller, callee].filter((c) => session.channels.has(c)).map((c) => c.hangup()));
    await node.request('destroyBridge', (c) => c.bridges.destroy({ bridgeId })).catch(() => undefined);
  }
}
