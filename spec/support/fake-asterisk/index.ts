/** A fake Asterisk 22 speaking ARI (REST + events websocket) for the PBX's tests. */
import type { Dialplan, Step } from './dialplan';
import type { DialBehaviour, DialMatcher, DialScript, DialTarget } from './dialing';
import { callIntoStasis, placeCall, type InboundCall, type PhoneCall } from './inbound';
import { hangup } from './lifecycle';
import type { SoundLibrary } from './media';
import type { CallEnd, Phone } from './phone';
import { buildRouter } from './routes';
import { AriServer } from './server';
import { SipSide } from './sip/side';
import { bridgeJson, channelJson } from './snapshots';
import type { AriEvent, BridgeJson, ChannelJson, EventLogEntry, FakeOptions, RequestLogEntry } from './types';
import { connectedApps, dropConnections } from './websocket';
import { World } from './world';

export type { AriEvent, BridgeJson, CallEnd, ChannelJson, DialBehaviour, DialMatcher, DialScript, DialTarget, EventLogEntry, FakeOptions, InboundCall, Phone, PhoneCall, RequestLogEntry, Step };

const DEFAULT_WAIT_MS = 2000;

export class FakeAsterisk {
  /** base URL for ari-client's connect(), e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** sound files that exist (sound:NAME); core sounds of the traces are there by default */
  readonly sounds: SoundLibrary;
  /** the simulated dialplan (continue / Local channels / transfers run it) */
  readonly dialplan: Dialplan;

  constructor(
    private readonly world: World,
    private readonly server: AriServer,
    url: string,
    private readonly sip: SipSide,
  ) {
    this.url = url;
    this.user = world.settings.user;
    this.password = world.settings.password;
    this.sounds = world.sounds;
    this.dialplan = world.dialplan;
  }

  /** Every REST request in arrival order (seq shared with `events`). */
  get requests(): RequestLogEntry[] {
    return this.world.bus.requests;
  }

  /** Every event sent on a websocket, in sending order. */
  get events(): EventLogEntry[] {
    return this.world.bus.events;
  }

  /** Where the SIP side listens (UDP): phones REGISTER and INVITE here. */
  get sipAddress(): { host: string; port: number } {
    return this.sip.address;
  }

  /** A static contact (a trunk to a carrier's UA): dials to PJSIP/<number>@<endpoint> INVITE sip:<number>@host:port. */
  setContact(endpoint: string, address: { host: string; port: number }): void {
    this.sip.registrar.setStatic(endpoint, address);
  }

  async close(): Promise<void> {
    dropConnections(this.world, { abrupt: true });
    this.world.timers.clear();
    await Promise.all([this.server.close(), this.sip.close()]);
  }

  /** First request (past or future) matching the predicate. */
  waitForRequest(match: (r: RequestLogEntry) => unknown, timeoutMs = DEFAULT_WAIT_MS): Promise<RequestLogEntry> {
    return this.world.bus.waitFor(() => this.requests.find((r) => Boolean(match(r))), timeoutMs, 'a matching REST request');
  }

  /** First sent event (past or future, seq > afterSeq) matching a type or predicate. */
  waitForEvent(match: string | ((e: EventLogEntry) => unknown), timeoutMs = DEFAULT_WAIT_MS, afterSeq = 0): Promise<EventLogEntry> {
    const test = typeof match === 'string' ? (e: EventLogEntry) => e.type === match : match;
    const what = typeof match === 'string' ? `event ${match}` : 'a matching event';
    return this.world.bus.waitFor(() => this.events.find((e) => e.seq > afterSeq && Boolean(test(e))), timeoutMs, what);
  }

  /** The current value of the shared request/event sequence counter. */
  get seq(): number {
    return Math.max(0, ...this.requests.map((r) => r.seq), ...this.events.map((e) => e.seq));
  }

  /** A call arriving from a phone or trunk, handed to Stasis(app,args) by the dialplan. */
  callIntoStasis(call: InboundCall): Phone {
    return callIntoStasis(this.world, call);
  }

  /** A registered phone dials `dialed`: the endpoint's context of the simulated dialplan takes the call. */
  placeCall(call: PhoneCall): Phone {
    return placeCall(this.world, call);
  }

  /** Scripts what the far end does when Asterisk dials a matching endpoint/number (later rules win; a rule wins over a SIP contact). */
  onDial(match: DialMatcher, behaviour: DialBehaviour): void {
    this.world.dialRules.add(match, behaviour);
  }

  /** The far end of a PJSIP channel (inbound caller or dialed callee). */
  phone(channelId: string): Phone | undefined {
    return this.world.farEnds.get(channelId) as Phone | undefined;
  }

  /** Resolves with the callee phone of the first outgoing call whose dialstring (e.g. bob or PJSIP/bob) or endpoint matches. */
  waitForDial(match: string | RegExp, timeoutMs = DEFAULT_WAIT_MS): Promise<Phone> {
    const hit = (ch: { dialstring?: string; endpoint?: string; tech: string }): boolean =>
      [ch.dialstring, ch.endpoint, `${ch.tech}/${ch.dialstring ?? ch.endpoint}`].some((s) => s !== undefined && (typeof match === 'string' ? s === match : match.test(s)));
    const find = (): Phone | undefined => {
      const ch = [...this.world.channels.values()].find((c) => c.alive && c.tech === 'PJSIP' && !c.sip.inbound && hit(c));
      return ch && this.phone(ch.id);
    };
    return this.world.bus.waitFor(find, timeoutMs, `a dial to ${String(match)}`);
  }

  /** Closes the event websockets: clean close frame, or abrupt TCP drop (client sees 1006). */
  dropConnections(opts: { abrupt?: boolean; code?: number } = {}): void {
    dropConnections(this.world, opts);
  }

  /** Applications that currently have an event websocket. */
  connectedApps(): string[] {
    return connectedApps(this.world);
  }

  /** A phone registers (endpoint online); false when the endpoint does not exist (401). */
  registerPhone(endpoint: string): boolean {
    if (!this.world.config.hasEndpoint(endpoint)) return false;
    this.world.config.registered.add(endpoint);
    return true;
  }

  unregisterPhone(endpoint: string): void {
    this.world.config.registered.delete(endpoint);
  }

  /** As if Asterisk restarted with (true) or without (false) a writable sorcery.conf wizard for res_pjsip. */
  setSorceryWritable(writable: boolean): void {
    this.world.config.writable = writable;
  }

  /** Adds an endpoint as pjsip.conf would (read-only via ARI), optionally registered. */
  addEndpoint(name: string, opts: { context?: string; online?: boolean } = {}): void {
    this.world.config.seedPhone(name, opts.context ?? 'default');
    if (opts.online) this.world.config.registered.add(name);
  }

  /** Snapshots of the live channels / bridges (what GET /channels and /bridges return). */
  channels(): ChannelJson[] {
    return [...this.world.channels.values()].filter((c) => c.alive).map(channelJson);
  }

  channel(id: string): ChannelJson | undefined {
    const ch = this.world.channel(id);
    return ch && channelJson(ch);
  }

  bridges(): BridgeJson[] {
    return [...this.world.bridges.values()].map(bridgeJson);
  }

  /** The network drops a channel (e.g. a trunk goes away): hang-up with `cause`, no BYE semantics. */
  hangupChannel(id: string, cause = 16): void {
    const ch = this.world.channel(id);
    if (ch) hangup(this.world, ch, { cause, request: { cause } });
  }

  /** Puts a stored recording on "disk" (for recording: playbacks and downloads). */
  addStoredRecording(name: string, format = 'wav', durationSec = 1): void {
    this.world.storedRecordings.set(name, { name, format, durationSec });
  }
}

/** Starts the fake on 127.0.0.1 (port 0: a random free port). */
export async function startFakeAsterisk(opts: FakeOptions = {}): Promise<FakeAsterisk> {
  const world = new World(opts);
  const server = new AriServer(world, buildRouter(world));
  const url = await server.listen(opts.port ?? 0);
  const sip = await SipSide.start(world, opts.sipPort ?? 0);
  return new FakeAsterisk(world, server, url, sip);
}
