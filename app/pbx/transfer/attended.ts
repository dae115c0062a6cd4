import { randomUUID } from 'node:crypto';
import type { Extension } from '../../features/extensions/entities';
import { HungUp } from '../ari/wait';
import type { Channel } from '../call/channel';
import type { DialResult } from '../call/dial';
import type { Conversation, TransferOperation } from './conversation';
import { StateMachine } from './machine';
import { TRANSFER_SOUNDS } from './sounds';
import { TargetRing } from './target';

export type AttendedState = 'requested' | 'dialing' | 'consulting' | 'completed' | 'cancelled' | 'returned' | 'failed' | 'abandoned';

const ATTENDED_TABLE: Readonly<Record<AttendedState, readonly AttendedState[]>> = {
  requested: ['dialing', 'failed'],
  dialing: ['consulting', 'completed', 'returned', 'failed', 'abandoned'],
  consulting: ['completed', 'cancelled', 'abandoned', 'failed'],
  completed: [],
  cancelled: [],
  returned: [],
  failed: [],
  abandoned: [],
};

type Decision = 'complete' | 'cancel' | 'transferee-left';

export interface AttendedRequest {
  transferer: Channel;
  transfererExtension: Extension;
  transferee: Channel;
  target: Extension;
}

/**
 * An attended transfer by feature code (*3<ext>#). The transferer moves to a consultation bridge
 * of its own and rings the target while the transferee hears music on hold alone in the call's
 * bridge. Once the target answers they talk; then the transferer presses * (or hangs up) to
 * complete: the target joins the call's bridge and the transferer is hung up; or # to cancel:
 * the target is hung up and the transferer is back with the transferee, as when the target hangs
 * up or does not answer. If the transferee hangs up meanwhile, transferer and target go on together.
 */
export class AttendedTransfer implements TransferOperation {
  readonly state: StateMachine<AttendedState>;
  private readonly consultBridgeId: string;
  private decide?: (decision: Decision) => void;
  private pending?: Decision;
  private readonly ringing: TargetRing;

  constructor(private readonly conversation: Conversation, private readonly request: AttendedRequest) {
    this.state = new StateMachine(`attended-transfer:${conversation.session.callId}`, 'requested', ATTENDED_TABLE, conversation.log);
    this.ringing = new TargetRing(conversation, request.transferee);
    this.consultBridgeId = `consult-${conversation.session.callId}-${randomUUID().slice(0, 8)}`;
  }

  async run(): Promise<void> {
    try {
      await this.steps();
    } catch (err) {
      if (!this.state.final) await this.recover().catch(() => undefined);
      throw err;
    } finally {
      const bridgeId = this.consultBridgeId;
      await this.conversation.node.request('destroyBridge', (c) => c.bridges.destroy({ bridgeId })).catch(() => undefined);
    }
  }

  partyGone(channel: Channel): void {
    if (channel.id === this.request.transferer.id) this.settle('complete');
    if (channel.id !== this.request.transferee.id) return;
    this.settle('transferee-left');
    if (this.state.is('dialing')) void this.ringing.stop().catch((err: unknown) => this.conversation.log.warn({ err }, 'stopping the ringing failed'));
  }

  /** While the transfer runs, the transferer's keys are its own: * completes, # cancels the consultation. */
  digit(channel: Channel, digit: string): boolean {
    if (channel.id !== this.request.transferer.id) return false;
    if (this.state.is('consulting') && digit === '*') this.settle('complete');
    if (this.state.is('consulting') && digit === '#') this.settle('cancel');
    return true;
  }

  private async steps(): Promise<void> {
    const { conversation, request } = this;
    const bridgeId = this.consultBridgeId;
    await conversation.node.request('createBridge', (c) => c.bridges.create({ type: 'mixing,dtmf_events', bridgeId, name: bridgeId }));
    await this.moveTransferer(bridgeId);
    this.state.to('dialing', { exten: request.target.exten, transferer: request.transferer.id, transferee: request.transferee.id });
    await conversation.music(true);
    let result: DialResult;
    try {
      result = await this.ringing.ring(request.target, request.transfererExtension);
    } catch (err) {
      if (err instanceof HungUp) return this.state.to('abandoned', { reason: 'transferee hung up' });
      throw err;
    }
    if (!request.transferee.isUp && result.outcome !== 'answered') return this.state.to('abandoned', { reason: 'transferee hung up' });
    if (result.outcome !== 'answered') return this.unanswered(result.outcome);
    await this.consult(result.channel);
  }

  private async consult(target: Channel): Promise<void> {
    const { request } = this;
    if (!request.transferee.isUp) return this.goOnWithoutTransferee(target);
    if (!request.transferer.isUp) return this.complete(target);
    await target.request('addChannel', (c) => c.bridges.addChannel({ bridgeId: this.consultBridgeId, channel: target.id }));
    this.state.to('consulting', { target: target.id });
    const decision = await this.decision(target);
    if (decision === 'complete') return this.complete(target);
    if (decision === 'cancel') return this.cancel(target);
    return this.goOnWithoutTransferee(target);
  }

  private decision(target: Channel): Promise<Decision> {
    return new Promise((resolve) => {
      if (this.pending) return resolve(this.pending);
      this.decide = resolve;
      target.signal.addEventListener('abort', () => this.settle('cancel'), { once: true });
    });
  }

  private settle(decision: Decision): void {
    const decide = this.decide;
    if (!decide) return void (this.pending ??= decision);
    this.decide = undefined;
    decide(decision);
  }

  private async complete(target: Channel): Promise<void> {
    await this.conversation.music(false);
    await this.conversation.join(target, 'transfer');
    await this.conversation.dismiss(this.request.transferer);
    this.state.to('completed', { target: target.id });
  }

  private async cancel(target: Channel): Promise<void> {
    await target.hangup();
    target.dispose();
    await this.backToCall();
    this.state.to('cancelled', { targetLeft: !target.isUp });
  }

  private async unanswered(outcome: string): Promise<void> {
    const { conversation, request } = this;
    if (request.transferer.isUp) {
      await this.backToCall();
      return this.state.to('returned', { outcome });
    }
    await conversation.music(false);
    await request.transferee.play(`sound:${TRANSFER_SOUNDS.targetUnavailable}`).catch(() => undefined);
    await conversation.dismiss(request.transferee);
    this.state.to('failed', { outcome });
  }

  /** The transferee hung up: transferer and target simply go on, in the call's bridge. */
  private async goOnWithoutTransferee(target: Channel): Promise<void> {
    if (this.request.transferer.isUp) await this.backToCall();
    await this.conversation.join(target, 'transfer');
    this.state.to('abandoned', { reason: 'transferee hung up', target: target.id });
  }

  private async recover(): Promise<void> {
    this.state.to('failed', { reason: 'error' });
    if (this.request.transferer.isUp) await this.backToCall();
    else await this.conversation.music(false);
  }

  private async backToCall(): Promise<void> {
    await this.conversation.music(false);
    if (this.request.transferer.isUp) await this.moveTransferer(this.conversation.bridgeId);
  }

  private async moveTransferer(bridgeId: string): Promise<void> {
    const { transferer } = this.request;
    await transferer.request('addChannel', (c) => c.bridges.addChannel({ bridgeId, channel: transferer.id }));
  }
}
