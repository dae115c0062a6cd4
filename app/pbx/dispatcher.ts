import type { AriEvent } from './ari/event-router';
import type { AriNode, NodeState } from './ari/node';
import { HungUp } from './ari/wait';
import { Admission } from './admission';
import { Channel } from './call/channel';
import { bridgeIdOf } from './call/connect';
import { CallSession } from './call/session';
import { CHANNEL_VARS, parseStasisArgs, StasisArgsError, type StasisArgs } from './contract';
import type { PbxDeps } from './deps';
import { destroyedInGap, ENDED_WHILE_DISCONNECTED, listLive, openLegs, type LiveState } from './reconcile';
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
  /** Callers between StasisStart and their session: their records are not reconcile's to adopt. */
  private readonly starting = new Set<string>();
  /** Calls found over after a gap in the events, with when they are taken to have ended. */
  private readonly endedInGap = new Map<number, Date>();
  /** When the connection was lost: the last moment calls that vanished meanwhile were known to be up. */
  private lostAt?: Date;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly node: AriNode, private readonly deps: PbxDeps, private readonly flows: Flows) {
    this.admission = new Admission(deps.config.maxSetupsInFlight);
  }

  start(): void {
    this.offs.push(this.node.events.on('type:StasisStart', (event) => void this.onStasisStart(event)));
    const onState = (state: NodeState) => {
      if (state !== 'up') this.lostAt ??= this.deps.clock.now();
    };
    this.node.on('state', onState);
    this.offs.push(() => this.node.off('state', onState));
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  get activeCalls(): number {
    return this.sessions.size;
  }

  /**
   * After every (re)connection: events of the gap are lost for good, so settle every call against
   * what Asterisk has now. A party of ours that is gone ends as if its hang-up had been seen; open
   * records of this node without a session (this process restarted) are adopted while their caller
   * is still there, and finished otherwise. Records and legs are read before Asterisk is listed, so
   * a call that starts meanwhile is never taken for one that ended.
   */
  async reconcile(): Promise<{ ended: number; adopted: number }> {
    const known = [...this.sessions.values()];
    const open = await this.deps.records.openOnNode(this.node.name);
    const legs = await openLegs(this.deps.db, [...known.map((s) => s.callId), ...open.map((o) => o.id)]);
    const live = await listLive(this.node);
    const endedAt = this.lostAt ?? this.deps.clock.now();
    this.lostAt = undefined;
    let ended = 0;
    for (const session of known) if (this.settle(session, legs.get(session.callId) ?? [], live, endedAt)) ended++;
    let adopted = 0;
    for (const record of open) {
      if (this.sessions.has(record.channelId) || this.starting.has(record.channelId)) continue;
      const callLegs = (legs.get(record.id) ?? []).filter((id) => id !== record.channelId);
      if (live.channels.has(record.channelId)) {
        adopted++;
        void this.adopt(record.id, record.channelId, callLegs, live);
        continue;
      }
      ended++;
      await this.hangupOrphans(callLegs.filter((id) => live.channels.has(id)));
      if (live.bridges.some((b) => b.id === bridgeIdOf(record.id))) await this.destroyBridge(bridgeIdOf(record.id));
      await this.deps.records.finish(record.id, { endedAt: this.deps.clock.now(), reason: ENDED_WHILE_DISCONNECTED });
    }
    return { ended, adopted };
  }

  /** Tells a session's listeners about its channels that vanished in the gap; true when the call is over. */
  private settle(session: CallSession, legs: string[], live: LiveState, endedAt: Date): boolean {
    const parties = new Map([...session.channels].map((c) => [c.id, c]));
    const gone = [...new Set([...parties.keys(), ...legs])].filter((id) => !live.channels.has(id));
    const over = gone.some((id) => parties.get(id)?.isUp);
    if (over) this.endedInGap.set(session.callId, endedAt);
    for (const id of gone) this.node.events.dispatch(destroyedInGap(this.node, parties.get(id)?.snapshot, id));
    return over;
  }

  /**
   * A call an earlier process left: a caller bridged with others talks on until one side hangs up;
   * any other gets the apology (where its flow was is not known). Legs outside the bridge are hung up.
   */
  private async adopt(callId: number, callerId: string, legs: string[], live: LiveState): Promise<void> {
    const caller = new Channel(this.node, callerId, live.channels.get(callerId));
    const session = new CallSession(this.deps, this.node, callId, caller, () => undefined);
    this.sessions.set(caller.id, session);
    const bridge = live.bridges.find((b) => b.channels.includes(callerId));
    const others = (bridge?.channels ?? []).filter((id) => id !== callerId && live.channels.has(id));
    try {
      for (const id of others) session.adopt(new Channel(this.node, id, live.channels.get(id)));
      await this.hangupOrphans(legs.filter((id) => live.channels.has(id) && !others.includes(id)));
      // Listening only started now: a hang-up between the listing and here would go unseen.
      await Promise.all([...session.channels].map((c) => this.confirmLive(c)));
      const talking = caller.snapshot?.state === 'Up' && others.length > 0 && [...session.channels].every((c) => c.isUp);
      if (talking) await Promise.race([...session.channels].map((c) => c.untilHangup()));
      else await this.failed(caller, new Error('call adopted mid-flow after a restart'));
    } catch (err) {
      await this.failed(caller, err);
    } finally {
      await this.finish(caller, session);
      if (bridge) await this.destroyBridge(bridge.id);
    }
  }

  private async confirmLive(channel: Channel): Promise<void> {
    try {
      await channel.request('getChannel', (c) => c.channels.get({ channelId: channel.id }));
    } catch (err) {
      if (!(err instanceof HungUp)) throw err;
      this.node.events.dispatch(destroyedInGap(this.node, channel.snapshot, channel.id));
    }
  }

  private destroyBridge(bridgeId: string): Promise<void> {
    return this.node.request('destroyBridge', (c) => c.bridges.destroy({ bridgeId })).then(
      () => undefined,
      () => undefined,
    );
  }

  private async hangupOrphans(channelIds: string[]): Promise<void> {
    await Promise.all(channelIds.map((channelId) => this.node.request('hangup', (c) => c.channels.hangup({ channelId })).catch(() => undefined)));
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
    this.starting.add(channelId);
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
      this.starting.delete(caller.id);
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

  /** Hangs up what is left, removes every listener and closes the record (as of the gap, if it ended in one). */
  private async finish(caller: Channel, session: CallSession | undefined): Promise<void> {
    this.sessions.delete(caller.id);
    this.starting.delete(caller.id);
    if (session) await session.close().catch((err: unknown) => this.deps.logger.warn({ err, channel: caller.id }, 'closing call'));
    else await caller.hangup().catch(() => undefined);
    caller.dispose();
    if (!session) return;
    const gapEnd = this.endedInGap.get(session.callId);
    this.endedInGap.delete(session.callId);
    const end = gapEnd ? { endedAt: gapEnd, reason: ENDED_WHILE_DISCONNECTED } : { endedAt: this.deps.clock.now(), hangupCause: caller.hangupCause };
    await this.deps.records.finish(session.callId, end).catch((err: unknown) => this.deps.logger.error({ err, callId: session.callId }, 'finishing call record'));
  }
}
