/** Channel life: creation, state, entering/leaving Stasis, and the hang-up sequences of the traces. */
import { astTime } from './clock';
import { leaveBridge } from './bridges';
import { ev } from './events';
import { abortMedia } from './media';
import { endRecordings } from './recordings';
import type { CallerId, Channel, ChannelState, DialplanLoc, Tech } from './types';
import type { World } from './world';

export interface ChannelInit {
  id?: string;
  name: string;
  tech: Tech;
  state: ChannelState;
  dialplan: DialplanLoc;
  caller?: CallerId;
  connected?: CallerId;
  endpoint?: string;
  protocolId?: string;
  originated?: boolean;
  language?: string;
}

const empty = (): CallerId => ({ name: '', number: '' });

/** Registers a channel and publishes ChannelCreated (seen only by subscribeAll apps). */
export function newChannel(world: World, init: ChannelInit): Channel {
  const ch: Channel = {
    id: init.id ?? world.ids.uniqueId(),
    name: init.name,
    state: init.state,
    protocolId: init.protocolId ?? '',
    caller: init.caller ?? empty(),
    connected: init.connected ?? empty(),
    accountcode: '',
    dialplan: { ...init.dialplan },
    creationtime: astTime(),
    language: init.language ?? 'en',
    tech: init.tech,
    endpoint: init.endpoint,
    vars: new Map(),
    originated: init.originated ?? false,
    alive: true,
    sip: { remoteAddr: '', headers: {}, inbound: false },
    held: false,
    transferredAway: false,
  };
  world.channels.set(ch.id, ch);
  world.emit(ev.created(ch), ch);
  return ch;
}

/** Changes state with ChannelStateChange; going Up runs the channel's answer hook once. */
export function setState(world: World, ch: Channel, state: ChannelState): void {
  if (ch.state === state) return;
  ch.state = state;
  world.emit(ev.stateChange(ch), ch);
  if (state === 'Up') world.farEnds.get(ch.id)?.onAnswered();
  if (state === 'Up' && ch.onAnswer) {
    const hook = ch.onAnswer;
    ch.onAnswer = undefined;
    hook();
  }
}

export function setDialplan(ch: Channel, loc: Partial<DialplanLoc>): void {
  ch.dialplan = { ...ch.dialplan, ...loc };
}

/** Stasis(app,args): false (STASISSTATUS=FAILED) when the app has no websocket. */
export function enterStasis(world: World, ch: Channel, app: string, args: string[], replace?: Channel): boolean {
  if (!world.bus.isActive(app)) {
    ch.vars.set('STASISSTATUS', 'FAILED');
    world.emit(ev.varset(ch, 'STASISSTATUS', 'FAILED'), ch);
    world.farEnds.get(ch.id)?.onStasis('FAILED');
    return false;
  }
  ch.vars.set('STASISSTATUS', '');
  if (!replace) world.emit(ev.varset(ch, 'STASISSTATUS', ''), ch);
  world.bus.subscribeChannel(app, ch.id);
  ch.stasis = { app, args };
  world.emitTo(app, ev.stasisStart(ch, args, replace));
  world.farEnds.get(ch.id)?.onStasis('SUCCESS');
  return true;
}

/** StasisEnd, then the app forgets the channel unless it subscribed to it otherwise. */
export function leaveStasis(world: World, ch: Channel): void {
  const stasis = ch.stasis;
  if (!stasis) return;
  ch.stasis = undefined;
  world.emitTo(stasis.app, ev.stasisEnd(ch));
  world.bus.subscribeChannel(stasis.app, ch.id, -1);
  ch.vars.set('STASISSTATUS', 'SUCCESS');
  world.emit(ev.varset(ch, 'STASISSTATUS', 'SUCCESS'), ch);
}

export interface HangupHow {
  cause: number;
  /** the ChannelHangupRequest fields; null: no ChannelHangupRequest for this channel */
  request: { cause?: number; soft?: boolean } | null;
}

/** Hangs up a channel (and its Local partner) with the event order of traces a-m. */
export function hangup(world: World, ch: Channel, how: HangupHow): void {
  if (!ch.alive) return;
  ch.cancel?.();
  ch.cancel = undefined;
  if (ch.transferredAway) return quietEnd(world, ch, how.cause);
  if (ch.tech === 'PJSIP' && ch.state === 'Up') emitRtpQos(world, ch);
  if (how.request) world.emit(ev.hangupRequest(ch, how.request.cause, how.request.soft), ch);
  ch.hangupCause ??= how.cause;
  tearDown(world, ch);
  const peer = ch.peerId ? world.channel(ch.peerId) : undefined;
  if (!peer) return destroy(world, ch);
  if (ch.half === 2 && !(how.request?.soft && how.request.cause === 16)) world.emit(ev.hangupRequest(ch, 16, true), ch);
  peer.hangupCause ??= how.cause;
  world.emit(ev.hangupRequest(peer, how.cause), peer);
  peer.cancel?.();
  destroy(world, ch);
  tearDown(world, peer);
  if (peer.half === 2 || peer.state === 'Up') world.emit(ev.hangupRequest(peer, 16, true), peer);
  else world.emit(ev.dial(peer, 'NOANSWER', dialString(peer)), peer);
  destroy(world, peer);
}

/** Leaves bridge, media and Stasis as a dying channel does. */
function tearDown(world: World, ch: Channel): void {
  leaveBridge(world, ch, { hangup: true });
  abortMedia(world, ch);
  endRecordings(world, ch);
  leaveStasis(world, ch);
}

/** Channels a transfer took out of their call only show StasisEnd when they go. */
function quietEnd(world: World, ch: Channel, cause: number): void {
  ch.hangupCause ??= cause;
  abortMedia(world, ch);
  leaveStasis(world, ch);
  destroy(world, ch);
}

/** ChannelDestroyed (dialplan shows AppDial2 again on originated channels), then gone. */
export function destroy(world: World, ch: Channel): void {
  if (!ch.alive) return;
  const app = ch.originated ? { app_name: 'AppDial2', app_data: '(Outgoing Line)' } : { app_name: '', app_data: '' };
  setDialplan(ch, app);
  const cause = ch.hangupCause ?? 16;
  world.emit(ev.destroyed(ch, cause), ch);
  ch.alive = false;
  world.channels.delete(ch.id);
  world.bus.forgetChannel(ch.id);
  world.farEnds.get(ch.id)?.onEnd(cause);
  world.farEnds.delete(ch.id);
  world.bus.changed();
}

/** What a Dial event shows as dialstring: exten@context for Local, the resource for PJSIP. */
export function dialString(ch: Channel): string {
  if (ch.dialstring !== undefined) return ch.dialstring;
  const rest = ch.name.slice(ch.name.indexOf('/') + 1);
  return rest.replace(/-[0-9a-f]{8}(;[12])?$/, '');
}

const QOS = ['', 'JITTER', 'LOSS', 'RTT', 'MES'];

/** RTPAUDIOQOS* variables PJSIP sets at hang-up (the *BRIDGED copies go to the bridge peer). */
function emitRtpQos(world: World, ch: Channel): void {
  const peer = world.bridgePeer(ch);
  for (const kind of QOS) {
    const value = qosValue(kind);
    world.emit(ev.varset(ch, `RTPAUDIOQOS${kind}`, value), ch);
    if (peer) world.emit(ev.varset(peer, `RTPAUDIOQOS${kind}BRIDGED`, value), peer);
  }
}

function qosValue(kind: string): string {
  if (kind === '') return 'ssrc=1681254470;themssrc=635757985;lp=0;rxjitter=0.000000;rxcount=150;txjitter=0.000750;txcount=100;rlp=0;rtt=0.000000;rxmes=0.000000;txmes=0.000000';
  if (kind === 'RTT') return '     minrtt=000.000000;     maxrtt=000.000000;     avgrtt=000.000000;     stdevrtt=000.000000;';
  const key = kind.toLowerCase();
  const unit = kind === 'LOSS' ? 'lost' : key;
  const pad = ' '.repeat(Math.max(0, 5 - unit.length));
  return ['rx', 'tx'].map((d) => ['min', 'max', 'avg', 'stdev'].map((s) => `${pad}${s}${d}${unit}=000.000000;`).join('')).join('');
}
