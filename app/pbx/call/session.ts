import type { Account } from '../../features/accounts/entities';
import type { ConsentOutcome } from '../../features/calls/entities';
import type { AriNode } from '../ari/node';
import type { PbxDeps } from '../deps';
import { Channel } from './channel';

/**
 * One call as the engine drives it: its record id, the caller's channel, the other channels it
 * brought in, and the account it belongs to. All that must outlive this process is in the database
 * (the record) or in Asterisk (channel variables), not here.
 */
export class CallSession {
  readonly channels = new Set<Channel>();
  account: Account | null = null;
  consent: ConsentOutcome = 'not_required';
  private established?: () => void;

  constructor(
    readonly deps: PbxDeps,
    readonly node: AriNode,
    readonly callId: number,
    readonly caller: Channel,
    releaseSetupSlot: () => void,
  ) {
    this.channels.add(caller);
    this.established = releaseSetupSlot;
  }

  get log() {
    return this.deps.logger.child({ callId: this.callId, channel: this.caller.id });
  }

  /** The call is past its setup (answered by someone, or ended): it no longer counts against admission. */
  markEstablished(): void {
    this.established?.();
    this.established = undefined;
  }

  /** A channel that belongs to this call; disposed with it. */
  adopt(channel: Channel): Channel {
    this.channels.add(channel);
    return channel;
  }

  async answered(channel: Channel): Promise<void> {
    const now = this.deps.clock.now();
    this.markEstablished();
    await this.deps.records.legAnswered(this.callId, channel.id, now);
    await this.deps.records.answered(this.callId, now);
  }

  async setConsent(outcome: ConsentOutcome): Promise<void> {
    this.consent = outcome;
    await this.deps.records.consent(this.callId, outcome);
  }

  /** Hangs up every channel still up and removes every listener of the call. */
  async close(): Promise<void> {
    this.markEstablished();
    await Promise.all([...this.channels].map((c) => (c.isUp ? c.hangup() : Promise.resolve())));
    for (const c of this.channels) c.dispose();
  }
}
