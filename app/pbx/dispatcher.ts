import type { AriEvent } from './ari/event-router';
import type { AriNode, NodeState } from './ari/node';
import { HungUp } from './ari/wait';
import { Admission } from './admission';
import { Channel } from './call/channel';
import { bridgeIdOf } from './call/connect';
import { resumeCall } from './call/resume';
import { CallSession } from './call/session';
import { settleOrphanRecordings } from './recording/orphans';
import { parseStasisArgs, StasisArgsError, type StasisArgs } from './contract';
import type { PbxDeps } from './deps';
import { confirmLive, destroyBridge, ENDED_WHILE_DISCONNECTED, hangupAll, listLive, openLegs, settleWaiters, waitingOn, type LiveState, type Waiting } from './reconcile';
import type { CallDirection } from '../features/calls/entities';

/** A call flow: what the engine does with a new call of one kind. Returns when the call is over. */
export type Flow<A extends StasisArgs = StasisArgs> = (session: CallSession, args: A) => Promise<void>;

export interface Flows {
  inbound: Flow<Extract<StasisArgs, { kind: 'inbound' }>>;
  internal: Flow<Extract<StasisArgs, { kind: 'internal' }>>;
  transferred: Flow<Extract<StasisArgs, { kind: 'transferred' }>>;
  'click-to-call': Flow<Extract<StasisArgs, { kind: 'click-to-call' }>>;
}

const DIRECTION: Record<keyof Flows, CallDirection> = { inbound: 'inbound', internal: 'internal', transferred: 'internal', 'click-to-call': 'outbound' };
const dialledOf = (args: Extract<StasisArgs, { kind: keyof Flows }>) => (args.kind === 'inbound' ? args.did : args.kind === 'click-to-call' ? args.number : args.exten);
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
  /** Channels a finished call could not hang up (no connection): hung up once there is one again. */
  private readonly pendingHangups = new Set<string>();
  /** When the connection was lost: the last moment calls that vanished meanwhile were known to be up. */
  private lostAt?: Date;
  /** What listeners waited on when the connection was lost. */
  private waitingAtLoss?: Waiting;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly node: AriNode, private readonly deps: PbxDeps, private readonly flows: Flows) {
    this.admission = new Admission(deps.config.maxSetupsInFlight);
  }

  start(): void {
    this.offs.push(this.node.events.on('type:StasisStart', (event) => void this.onStasisStart(event)));
    const onState = (state: NodeState) => {
      if (state === 'up' || this.lostAt) return;
      this.lostAt = this.deps.clock.now();
      this.waitingAtLoss = waitingOn(this.node);
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
    const waiting = this.waitingAtLoss ?? { channels: [], playbacks: [], recordings: [] };
    const open = await this.deps.records.openOnNode(this.node.name);
    const legs = await openLegs(this.deps.db, open.map((o) => o.id));
    const live = await listLive(this.node);
    const endedAt = this.lostAt ?? this.deps.clock.now();
    this.lostAt = undefined;
    this.waitingAtLoss = undefined;
    await hangupAll(this.node, [...this.pendingHangups].filter((id) => live.channels.has(id)));
    this.pendingHangups.clear();
    // Mark before telling the listeners: the flows they end finish their records as of the loss.
    const over = known.filter((session) => this.endedInTheGap(session, live, endedAt));
    await settleWaiters(this.node, waiting, live);
    const left = await this.takeOver(open, legs, live);
    return { ended: over.length + left.ended, adopted: left.adopted };
  }

  /** A party of the call vanished while nobody listened: the call ends as of the loss. */
  private endedInTheGap(session: CallSession, live: LiveState, endedAt: Date): boolean {
    const over = [...session.channels].some((c) => c.isUp && !live.channels.has(c.id));
    if (over) this.endedInGap.set(session.callId, endedAt);
    return over;
  }

  /** Open records no session of this process has: an earlier process left them. */
  private async takeOver(open: { id: number; channelId: string }[], legs: Map<number, string[]>, live: LiveState): Promise<{ ended: number; adopted: number }> {
    let ended = 0;
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
      await hangupAll(this.node, callLegs.filter((id) => live.channels.has(id)));
      if (live.bridges.some((b) => b.id === bridgeIdOf(record.id))) await destroyBridge(this.node, bridgeIdOf(record.id));
      await this.deps.records.finish(record.id, { endedAt: this.deps.clock.now(), reason: ENDED_WHILE_DISCONNECTED });
      await settleOrphanRecordings(this.node, this.deps.db, record.id);
    }
    return { ended, adopted };
  }

  /**
   * A call an earlier process left: a caller bridged with one other party talks on as a call of
   * this process (consent restored, transfers work again); one bridged with several talks on until
   * one side hangs up; any other gets the apology (where its flow was is not known). Legs outside
   * the bridge are hung up.
   */
  private async adopt(callId: number, callerId: string, legs: string[], live: LiveState): Promise<void> {
    const caller = new Channel(this.node, callerId, live.channels.get(callerId));
    const session = new CallSession(this.deps, this.node, callId, caller, () => undefined);
    this.sessions.set(caller.id, session);
    const bridge = live.bridges.find((b) => b.channels.includes(callerId));
    const others = (bridge?.channels ?? []).filter((id) => id !== callerId && live.channels.has(id));
    try {
      const parties = others.map((id) => session.adopt(new Channel(this.node, id, live.channels.get(id))));
      await hangupAll(this.node, legs.filter((id) => live.channels.has(id) && !others.includes(id)));
      // Listening only started now: a hang-up between the listing and here would go unseen.
      await Promise.all([...session.channels].map((c) => confirmLive(this.node, c)));
      const talking = caller.snapshot?.state === 'Up' && others.length > 0 && [...session.channels].every((c) => c.isUp);
      if (talking && bridge && parties.length === 1) await resumeCall(session, bridge.id, parties[0]);
      else if (talking) await Promise.race([...session.channels].map((c) => c.untilHangup()));
      else await this.failed(caller, new Error('call adopted mid-flow after a restart'));
    } catch (err) {
      await this.failed(caller, err);
    } finally {
      await this.finish(caller, session);
      if (bridge) await destroyBridge(this.node, bridge.id);
      await settleOrphanRecordings(this.node, this.deps.db, callId).catch((err: unknown) => this.deps.logger.warn({ err, callId }, 'recording of an adopted call not settled'));
    }
  }

  /**
   * A call torn down without a connection: its parties and ringing legs may still be up in
   * Asterisk. Hung up now if the connection is back, else at the next reconcile.
   */
  private async hangupLater(session: CallSession | undefined, parties: Channel[]): Promise<void> {
    const legs = session ? ((await openLegs(this.deps.db, [session.callId]).catch(() => undefined))?.get(session.callId) ?? []) : [];
    const ids = [...new Set([...parties.map((c) => c.id), ...legs])];
    if (this.node.state === 'up') return hangupAll(this.node, ids);
    for (const id of ids) this.pendingHangups.add(id);
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
        dialled: dialledOf(args),
        node: this.node.name,
        channelId: caller.id,
        startedAt: this.deps.clock.now(),
      });
      session = new CallSession(this.deps, this.node, callId, caller, release);
      this.sessions.set(caller.id, session);
      this.starting.delete(caller.id);
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
    const parties = session ? [...session.channels] : [caller];
    const closed = await (session ? session.close() : caller.hangup()).then(
      () => true,
      (err: unknown) => (this.deps.logger.warn({ err, channel: caller.id }, 'closing call'), false),
    );
    // A failed hang-up must not keep listeners: dispose every party whatever close() managed.
    for (const party of parties) party.dispose();
    if (!closed || this.node.state !== 'up') await this.hangupLater(session, parties);
    if (!session) return;
    const gapEnd = this.endedInGap.get(session.callId);
    this.endedInGap.delete(session.callId);
    const end = gapEnd ? { endedAt: gapEnd, reason: ENDED_WHILE_DISCONNECTED } : { endedAt: this.deps.clock.now(), hangupCause: caller.hangupCause };
    await this.deps.records.finish(session.callId, end).catch((err: unknown) => this.deps.logger.error({ err, callId: session.callId }, 'finishing call record'));
  }
}
