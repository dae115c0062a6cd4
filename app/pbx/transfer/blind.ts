import type { Extension } from '../../features/extensions/entities';
import { HungUp } from '../ari/wait';
import type { Channel } from '../call/channel';
import type { DialResult } from '../call/dial';
import { findExtension } from '../call/extension-dial';
import type { Conversation, TransferOperation } from './conversation';
import { StateMachine } from './machine';
import { TRANSFER_SOUNDS } from './sounds';
import { TargetRing } from './target';

export type BlindState = 'requested' | 'ringing' | 'joining' | 'completed' | 'failed' | 'abandoned';

const BLIND_TABLE: Readonly<Record<BlindState, readonly BlindState[]>> = {
  requested: ['ringing', 'failed'],
  ringing: ['joining', 'failed', 'abandoned'],
  joining: ['completed', 'failed', 'abandoned'],
  completed: [],
  failed: [],
  abandoned: [],
};

export interface BlindRequest {
  via: 'feature-code' | 'refer';
  exten: string;
  transferee: Channel;
  /** Already looked up (feature codes check it before anything moves). */
  target?: Extension | null;
  /** The presser of a feature code: leaves the call as the ringing starts. */
  transferer?: Channel;
  /** The Local half Asterisk put in the transferer's place (REFER): it goes when the transfer ends. */
  link?: Channel;
}

/**
 * A blind transfer: the transferer is gone, the transferee hears music on hold in the call's
 * bridge while the target rings, and the target joins that same bridge (recording, record and
 * bridge stay the call's). No answer, busy or unreachable: nobody is left to go back to, so the
 * transferee hears that nobody is available and the call ends. The transferee hanging up stops
 * the ringing.
 */
export class BlindTransfer implements TransferOperation {
  readonly state: StateMachine<BlindState>;
  private readonly ringing: TargetRing;

  constructor(private readonly conversation: Conversation, private readonly request: BlindRequest) {
    this.state = new StateMachine(`blind-transfer:${conversation.session.callId}`, 'requested', BLIND_TABLE, conversation.log);
    this.ringing = new TargetRing(conversation, request.transferee);
  }

  async run(): Promise<void> {
    try {
      await this.steps();
    } catch (err) {
      // No caller left with music and nobody coming: whatever broke, the transferee is told and let go.
      if (!this.state.final) await this.fail('error').catch(() => undefined);
      throw err;
    }
  }

  private async steps(): Promise<void> {
    const { conversation, request } = this;
    const target = request.target ?? (await findExtension(conversation.session, request.exten));
    if (!target) return this.fail('no such extension');
    if (request.transferer) await conversation.dismiss(request.transferer);
    if (!request.transferee.isUp) return this.abandon('requested');
    this.state.to('ringing', { via: request.via, exten: target.exten, transferee: request.transferee.id });
    await conversation.music(true);
    let result: DialResult;
    try {
      result = await this.ringing.ring(target);
    } catch (err) {
      if (err instanceof HungUp) return this.abandon('ringing');
      throw err;
    }
    if (!request.transferee.isUp && result.outcome !== 'answered') return this.abandon('ringing');
    if (result.outcome !== 'answered') return this.fail(result.outcome);
    await this.connect(result.channel);
  }

  /** The transferee left while the target rings: stop the ringing. */
  partyGone(channel: Channel): void {
    if (channel.id === this.request.transferee.id && this.state.is('ringing')) {
      void this.ringing.stop().catch((err: unknown) => this.conversation.log.warn({ err }, 'stopping the ringing failed'));
    }
  }

  private async connect(target: Channel): Promise<void> {
    if (!this.request.transferee.isUp) {
      await target.hangup();
      target.dispose();
      return this.abandon('ringing');
    }
    this.state.to('joining', { target: target.id });
    await this.conversation.music(false);
    await this.conversation.join(target, 'transfer');
    await this.dropLink();
    this.state.to('completed');
  }

  private async fail(reason: string): Promise<void> {
    this.state.to('failed', { reason });
    const { transferee } = this.request;
    await this.conversation.music(false);
    if (transferee.isUp) {
      await transferee.play(`sound:${TRANSFER_SOUNDS.targetUnavailable}`).catch(() => undefined);
      await this.conversation.dismiss(transferee);
    }
    await this.dropLink();
  }

  private async abandon(from: BlindState): Promise<void> {
    if (this.state.state !== from) return;
    if (from === 'requested') this.state.to('failed', { reason: 'transferee hung up' });
    else this.state.to('abandoned', { reason: 'transferee hung up' });
    await this.dropLink();
  }

  private async dropLink(): Promise<void> {
    if (this.request.link) await this.conversation.dismiss(this.request.link);
  }
}
