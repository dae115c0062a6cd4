import type { AriEvent } from './ari/event-router';
import type { AriNode } from './ari/node';
import { HungUp } from './ari/wait';
import { Admission } from './admission';
import { Channel } from './call/channel';
import { CallSession } from './call/session';
import { CHANNEL_VARS, parseStasisArgs, StasisArgsError, type StasisArgs } from './contract';
import type { PbxDeps } from './deps';
import type { CallDirection } from '../features/calls/entities';

/** A call flow: what the engine does with a new call of one kind. Returns when the call is over. */
export type Flow<A extends StasisArgs = StasisArgs> = (session: CallSession, args: A) => Promise<void>;

export interface Flows {
  inbound: Flow<Extract<StasisArgs, { kind: 'inbound' }>>;
  internal: Flow<Extract<StasisArgs, { kind: 'internal' }>>;
  transferred: Flow<Extract<StasisArgs, { kind: 'transferred' }>>;
}

const DIRECTION: Record<keyof Flows, CallDirection> = { inbound: 'inbound', internal: 'internal', transferred: 'internal' };
const APOLOGY = 'sound:an-error-has-occurred';

/**
 * Receives every new channel of one node: admission, the call record, then the flow for its kind.
 * Legs the app originates itself are handled by the step that originated them, not here.
 */
export class Dispatcher {
  readonly admission: Admission;
  private readonly sessions = new Map<string, CallSession>();
  private off?: () => void;

  constructor(private readonly node: AriNode, private readonly deps: PbxDeps, private readonly flows: Flows) {
    this.admission = new Admission(deps.config.maxSetupsInFlight);
  }

  start(): void {
    this.off = this.node.events.on('type:StasisStart', (event) => void this.onStasisStart(event));
  }

  stop(): void {
    this.off?.();
  }

  get activeCalls(): number {
    return this.sessions.size;
  }

  /**
   * After a reconnect: events of the gap are lost for good, so settle every call against what
   * Asterisk has now. Calls whose caller is gone end; open records of this node without a session
   * (this process restarted) are finished, or adopted while their caller is still there.
   */
  async reconcile(liveChannels: Map<string, AriEvent['channel']>): Promise<{ ended: number; adopted: number }> {
    let ended = 0;
    let adopted = 0;
    for (const session of this.sessions.values()) {
      if (!liveChannels.has(session.caller.id)) {
        session.caller.dispose();
        ended++;
      }
    }
    for (const open of await this.deps.records.openOnNode(this.node.name)) {
      if (this.sessions.has(open.channelId)) continue;
      const snapshot = liveChannels.get(open.channelId);
      if (snapshot) {
        adopted++;
        void this.adopt(open.id, snapshot);
      } else {
        ended++;
        await this.deps.records.finish(open.id, { endedAt: this.deps.clock.now(), reason: 'ended_while_disconnected' });
      }
    }
    return { ended, adopted };
  }

  /** A call this process did not start: a talking caller is kept until hang-up, any other gets the apology. */
  private async adopt(callId: number, snapshot: AriEvent['channel']): Promise<void> {
    const caller = new Channel(this.node, snapshot.id, snapshot);
    const session = new CallSession(this.deps, this.node, callId, caller, () => undefined);
    this.sessions.set(caller.id, session);
    try {
      const talking = snapshot.state === 'Up' && (await this.isBridged(caller.id));
      if (talking) await caller.untilHangup();
      else await this.failed(caller, new Error('call adopted mid-flow after a restart'));
    } catch (err) {
      await this.failed(caller, err);
    } finally {
      await this.finish(caller, session);
    }
  }

  private async isBridged(channelId: string): Promise<boolean> {
    const bridges = await this.node.request('listBridges', (c) => c.bridges.list());
    return bridges.some((b) => b.channels.includes(channelId));
  }

  private async onStasisStart(event: AriEvent): Promise<void> {
    const channelId: string = event.channel.id;
    let args: StasisArgs;
    try {
      args = parseStasisArgs(event.args ?? []);
    } catch (err) {
      if (!(err instanceof StasisArgsError)) throw err;
      this.deps.logger.warn({ channel: channelId, args: event.args }, 'StasisStart with unknown arguments: hanging up');
      return void this.node.request('hangup', (c) => c.channels.hangup({ channelId })).catch(() => undefined);
    }
    if (args.kind === 'originated' || args.kind === 'transfer-leg' || this.sessions.has(channelId)) return;
    const release = this.admission.tryAdmit();
    if (!release) {
      this.deps.logger.warn({ channel: channelId, inFlight: this.admission.current }, 'admission cap reached: refusing call');
      return void this.node.request('hangup', (c) => c.channels.hangup({ channelId, reason: 'congestion' })).catch(() => undefined);
    }
    await this.run(event, args, release);
  }

  private async run(event: AriEvent, args: Extract<StasisArgs, { kind: keyof Flows }>, release: () => void): Promise<void> {
    const caller = new Channel(this.node, event.channel.id, event.channel);
    let session: CallSession | undefined;
    try {
      const callId = await this.deps.records.open({
        accountId: null,
        direction: DIRECTION[args.kind],
        fromNumber: event.channel.caller?.number || null,
        toNumber: null,
        dialled: args.kind === 'inbound' ? args.did : args.exten,
        node: this.node.name,
        channelId: caller.id,
        startedAt: this.deps.clock.now(),
      });
      session = new CallSession(this.deps, this.node, callId, caller, release);
      this.sessions.set(caller.id, session);
      await caller.setVariable(CHANNEL_VARS.callId, String(callId));
      await (this.flows[args.kind] as Flow)(session, args);
    } catch (err) {
      await this.failed(caller, err);
    } finally {
      release();
      await this.finish(caller, session);
    }
  }

  /** No caller left in silence: log with the channel id, apologise if they are still there, hang up. */
  private async failed(caller: Channel, err: unknown): Promise<void> {
    if (err instanceof HungUp || !caller.isUp) return;
    this.deps.logger.error({ channel: caller.id, err }, 'call flow failed');
    try {
      await caller.play(APOLOGY);
    } catch {
      // the apology is best effort; the hang-up below is not
    }
  }

  private async finish(caller: Channel, session: CallSession | undefined): Promise<void> {
    this.sessions.delete(caller.id);
    if (session) await session.close().catch((err: unknown) => this.deps.logger.warn({ err, channel: caller.id }, 'closing call'));
    else await caller.hangup().catch(() => undefined);
    caller.dispose();
    if (session) {
      await this.deps.records.finish(session.callId, { endedAt: this.deps.clock.now(), hangupCause: caller.hangupCause }).catch((err: unknown) =>
        this.deps.logger.error({ err, callId: session.callId }, 'finishing call record'),
      );
    }
  }
}
