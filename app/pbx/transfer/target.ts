import type { Extension } from '../../features/extensions/entities';
import type { Channel } from '../call/channel';
import type { DialResult } from '../call/dial';
import { ringExtension } from '../call/extension-dial';
import { CallSession } from '../call/session';
import type { Conversation } from './conversation';
import { lastLegId, relabelLegsAfter, ringingLegsAfter } from './legs';

const STOP_POLL_MS = 100;

/**
 * The call as seen from the party being transferred: same record, same account, but the ringing
 * stops when the transferee hangs up (not when the original caller does, who may be the
 * transferer and long gone), and the target's phone shows the transferee.
 */
function transfereeSession(session: CallSession, transferee: Channel): CallSession {
  const view = new CallSession(session.deps, session.node, session.callId, transferee, () => undefined);
  view.account = session.account;
  view.consent = session.consent;
  return view;
}

/** Ringing a transfer's target extension for the transferee. */
export class TargetRing {
  /** Legs after this id are this ring's; none until it is known. */
  private before = Number.MAX_SAFE_INTEGER;
  private settled = false;

  constructor(private readonly conversation: Conversation, private readonly transferee: Channel) {}

  /**
   * Rings the target (its forwarding applies, not its voicemail); every leg rung is recorded as a
   * `transfer` leg of the call. `from`: the extension the target's phone shows (the consulting
   * colleague of an attended transfer); without it, the transferee. Throws HungUp when the
   * transferee hangs up meanwhile.
   */
  async ring(target: Extension, from?: Extension): Promise<DialResult> {
    const { session } = this.conversation;
    this.before = await lastLegId(session);
    try {
      const result = await ringExtension(transfereeSession(session, this.transferee), target, { ringSeconds: target.forwardNoAnswerSeconds, from, voicemail: false });
      return result.outcome === 'voicemail' ? { outcome: 'no_answer', cause: null } : result;
    } finally {
      this.settled = true;
      await relabelLegsAfter(session, this.before, 'transfer');
    }
  }

  /**
   * The transferee left: no phone may go on ringing for nobody. dialLeg stops its leg on the
   * transferee's hang-up only once the originate returned and the leg is recorded; a hang-up in
   * between goes unnoticed there (call/dial.ts attaches its abort listener late), so the legs this
   * ring started are hung up here until the ring is over.
   */
  async stop(): Promise<void> {
    const { session, node } = this.conversation;
    while (!this.settled) {
      for (const channelId of await ringingLegsAfter(session, this.before)) {
        await node.request('hangup', (c) => c.channels.hangup({ channelId })).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, STOP_POLL_MS));
    }
  }
}
