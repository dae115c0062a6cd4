import type { LegRole } from '../../features/calls/entities';
import type { AriEvent } from '../ari/event-router';
import type { Channel } from '../call/channel';
import type { CallSession } from '../call/session';
import { CHANNEL_VARS, DIALPLAN_CONTEXTS, MOH_CLASS_DEFAULT, TRUNK_ENDPOINT_DEFAULT } from '../contract';
import { onPartyJoined, onPartyLetGo } from '../recording';
import { endpointOfChannel, extensionOfPhone, FeatureCodeReader, type FeatureCode } from './feature-codes';
import { HoldWatcher } from './hold';
import { addLeg, endLeg } from './legs';
import { phoneTransferEvent } from './phone-transfers';
import type { TransferRegistry } from './registry';
import { startFeatureTransfer } from './start';

export interface Party {
  channel: Channel;
  role: LegRole;
}

/** A transfer in progress. While one runs, the call does not end when a party leaves: the operation decides. */
export interface TransferOperation {
  run(): Promise<void>;
  /** A party of the call hung up while the operation ran. */
  partyGone(channel: Channel): void;
  /** A digit a party pressed; true when the operation took it. */
  digit?(channel: Channel, digit: string): boolean;
}

/**
 * The talking phase of one call: who is in its bridge, hold, feature codes, and the transfers
 * that change who is in it. The call is over when fewer than two parties are left and no
 * transfer runs; the one left is then hung up.
 */
export class Conversation {
  readonly parties = new Map<string, Party>();
  /** Parties a phone's transfer took out (their Local replacements are parties now). */
  readonly formerParties: Channel[] = [];
  readonly hold = new HoldWatcher(this);
  readonly over: Promise<void>;
  readonly log: CallSession['log'];
  private operation?: TransferOperation;
  private ended = false;
  private resolveOver!: () => void;
  private readonly offs: (() => void)[] = [];
  private readonly seen = new WeakSet<object>();
  private readonly readers = new Map<string, FeatureCodeReader>();
  /** What the parties did between being bridged and the conversation beginning: handled then, in order. */
  private early: AriEvent[] | null = [];

  constructor(
    readonly session: CallSession,
    readonly bridgeId: string,
    readonly registry: TransferRegistry,
  ) {
    this.over = new Promise((resolve) => (this.resolveOver = resolve));
    this.log = session.log.child({ bridge: bridgeId });
  }

  get node() {
    return this.session.node;
  }

  /**
   * Listens to the parties the call was connected with from the moment they are bridged, so a hold
   * or transfer made while the engine still stamps the record and starts recording is not lost.
   */
  listen(parties: Party[]): void {
    this.registry.addBridge(this.bridgeId, this);
    for (const party of parties) this.track(party);
  }

  /** The talking phase proper: what the parties did since `listen` is handled now. */
  async begin(): Promise<void> {
    await Promise.all([...this.parties.values()].map((p) => this.prepare(p)));
    const early = this.early ?? [];
    this.early = null;
    for (const event of early) this.onEvent(event);
    this.settle();
  }

  /** Listeners off, registry entries gone: called once the call's talking phase is over. */
  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.registry.remove(this);
  }

  otherParties(channel: Channel): Party[] {
    return [...this.parties.values()].filter((p) => p.channel.id !== channel.id);
  }

  /** Runs a transfer unless one is already running; false when it was not started. */
  runOperation(operation: TransferOperation, what: string): boolean {
    if (this.operation || this.ended) {
      this.log.warn({ what }, 'a transfer is already in progress: ignored');
      return false;
    }
    this.operation = operation;
    void operation
      .run()
      .catch((err: unknown) => this.log.error({ err, what }, 'transfer failed'))
      .finally(() => {
        this.operation = undefined;
        this.settle();
      });
    return true;
  }

  /**
   * A channel joins the bridge as a party (a transfer's new party). A recorded bridge hears of it
   * first: recording goes on for the account's own phones and for a party that heard the warning
   * on this call.
   */
  async join(channel: Channel, role: LegRole): Promise<void> {
    const isOwnPhone = async () => (await extensionOfPhone(this.session, channel)) !== null;
    await onPartyJoined(this.session, this.bridgeId, channel.id, { isOwnPhone });
    await channel.request('addChannel', (c) => c.bridges.addChannel({ bridgeId: this.bridgeId, channel: channel.id }));
    this.track({ channel, role });
    this.session.adopt(channel);
    await Promise.all([addLeg(this.session, channel, role, true), this.prepare({ channel, role })]);
    this.log.info({ party: channel.id, role }, 'party joined');
  }

  /** A Local channel Asterisk put in a party's place: the party is out of the call, the Local half is in. */
  async replace(outgoing: Channel, incoming: Channel): Promise<void> {
    this.remove(outgoing);
    this.track({ channel: incoming, role: 'local' });
    this.session.adopt(incoming);
    await Promise.all([endLeg(this.session, outgoing), addLeg(this.session, incoming, 'local', false)]);
    await onPartyJoined(this.session, this.bridgeId, incoming.id);
  }

  /** Takes a party out of the call and hangs it up (the presser of a blind transfer). */
  async dismiss(channel: Channel): Promise<void> {
    if (!this.remove(channel)) return;
    onPartyLetGo(this.session, this.bridgeId, channel.id);
    await channel.hangup();
    await endLeg(this.session, channel);
  }

  /**
   * Hands a party over to another call (attended transfer): out of this call without hanging it
   * up, and no longer this session's to hang up at its end.
   */
  async release(channel: Channel): Promise<void> {
    if (!this.remove(channel)) return;
    this.session.channels.delete(channel);
    channel.dispose();
    await endLeg(this.session, channel);
    this.settle();
  }

  /** Music on hold for whoever is in the bridge (the transferee while a transfer rings or consults). */
  async music(on: boolean): Promise<void> {
    const bridgeId = this.bridgeId;
    const request = on
      ? this.node.request('startBridgeMoh', (c) => c.bridges.startMoh({ bridgeId, mohClass: MOH_CLASS_DEFAULT }))
      : this.node.request('stopBridgeMoh', (c) => c.bridges.stopMoh({ bridgeId }));
    await request.catch((err: unknown) => this.log.warn({ err, on }, 'bridge music on hold failed'));
  }

  private track(party: Party): void {
    const { channel } = party;
    this.parties.set(channel.id, party);
    this.watch(channel.id);
    if (!channel.isUp) return void queueMicrotask(() => this.gone(channel));
    channel.signal.addEventListener('abort', () => this.gone(channel), { once: true });
  }

  /** Listens to a channel for the rest of the call: transfer events name former parties too. */
  private watch(channelId: string): void {
    this.offs.push(this.node.events.on(`channel:${channelId}`, (event) => this.onEvent(event)));
  }

  private remove(channel: Channel): boolean {
    const party = this.parties.get(channel.id);
    if (!party || party.channel !== channel) return false;
    this.parties.delete(channel.id);
    this.hold.partyGone(channel);
    return true;
  }

  private gone(channel: Channel): void {
    if (!this.remove(channel)) return;
    this.log.info({ party: channel.id, cause: channel.hangupCause }, 'party left');
    void endLeg(this.session, channel).catch((err: unknown) => this.log.warn({ err }, 'leg end not recorded'));
    this.operation?.partyGone(channel);
    this.settle();
  }

  /** Ends the call when fewer than two parties are left and no transfer is running. */
  settle(): void {
    if (this.ended || this.operation) return;
    const left = [...this.parties.values()].filter((p) => p.channel.isUp);
    if (left.length >= 2) return;
    this.ended = true;
    this.log.info({ left: left.map((p) => p.channel.id) }, 'conversation over');
    void Promise.all(left.map((p) => p.channel.hangup().catch(() => undefined))).then(() => this.resolveOver());
  }

  private onEvent(event: AriEvent): void {
    if (this.early) return void this.early.push(event);
    if (this.seen.has(event)) return;
    this.seen.add(event);
    if (phoneTransferEvent(this, event)) return;
    const party = event.channel?.id ? this.parties.get(event.channel.id) : undefined;
    if (!party) return;
    if (event.type === 'ChannelHold') this.hold.held(party.channel, event.musicclass);
    else if (event.type === 'ChannelUnhold') this.hold.resumed(party.channel);
    else if (event.type === 'ChannelDtmfReceived') this.digit(party.channel, String(event.digit));
  }

  private digit(channel: Channel, digit: string): void {
    if (this.operation?.digit?.(channel, digit)) return;
    let reader = this.readers.get(channel.id);
    if (!reader) this.readers.set(channel.id, (reader = new FeatureCodeReader()));
    const code: FeatureCode | undefined = reader.push(digit, this.session.deps.clock.now().getTime());
    if (code) void startFeatureTransfer(this, channel, code).catch((err: unknown) => this.log.error({ err, code }, 'feature code failed'));
  }

  /**
   * Legs the app rang itself skip the dialplan, so their phones' blind transfers (REFER) would
   * look the target up in the endpoint's own context: point them at the transfers context.
   */
  private async prepare(party: Party): Promise<void> {
    if (party.role === 'caller' || party.role === 'local') return;
    const endpoint = endpointOfChannel(party.channel);
    if (!endpoint || endpoint === TRUNK_ENDPOINT_DEFAULT) return;
    await party.channel.setVariable(CHANNEL_VARS.transferContext, DIALPLAN_CONTEXTS.transfers).catch((err: unknown) => this.log.warn({ err }, 'transfer context not set'));
  }
}
