/** Stasis bridges: membership, BRIDGEPEER bookkeeping, technology, subscriptions. */
import { astTime } from './clock';
import { ev } from './events';
import { endLonelyRecordings, recheckSilence } from './recordings';
import { AriError } from './router';
import type { Bridge, BridgeTech, CallerId, Channel } from './types';
import type { World } from './world';

const TYPE_WORDS = new Set(['mixing', 'holding', 'dtmf_events', 'proxy_media', 'video_sfu', 'video_single', 'sdp_label']);

/** POST /bridges: type is a comma list; an unknown word fails like Asterisk (500). */
export function createBridge(world: World, id: string | undefined, name: string, type: string | undefined): Bridge {
  const words = (type || 'mixing').split(',').map((w) => w.trim()).filter(Boolean);
  if (id && world.bridges.has(id)) throw new AriError(409, `Bridge with id '${id}' already exists`);
  if (words.some((w) => !TYPE_WORDS.has(w))) {
    throw new AriError(500, `Unable to create bridge. Possible duplicate bridge id '${id ?? '(null)'}'`);
  }
  const holding = words.includes('holding') && !words.includes('mixing');
  const bridge: Bridge = {
    id: id || cryptoId(world),
    name,
    bridgeType: holding ? 'holding' : 'mixing',
    dtmfEvents: words.includes('dtmf_events'),
    technology: holding ? 'holding_bridge' : 'simple_bridge',
    members: [],
    announcers: [],
    creationtime: astTime(),
  };
  world.bridges.set(bridge.id, bridge);
  return bridge;
}

function cryptoId(world: World): string {
  const n = world.ids.uniqueId().replace('.', '');
  return `${n.slice(0, 8)}-${n.slice(8).padEnd(4, '0')}-4000-8000-${'0'.repeat(12)}`;
}

export function requireBridge(world: World, id: string): Bridge {
  const b = world.bridges.get(id);
  if (!b) throw new AriError(404, 'Bridge not found');
  return b;
}

/** addChannel: enters each channel (re-entering if already inside), then settles the bridge. */
export function addChannels(world: World, bridge: Bridge, chans: Channel[]): void {
  for (const ch of chans) {
    const reentry = ch.bridgeId === bridge.id;
    leaveBridge(world, ch, { hangup: false });
    enter(world, bridge, ch);
    if (reentry) bridge.stalePeers = true;
  }
  if (!bridge.stalePeers) settle(world, bridge);
}

function enter(world: World, bridge: Bridge, ch: Channel): void {
  bridge.members.push(ch.id);
  ch.bridgeId = bridge.id;
  if (ch.stasis) {
    ch.bridgeSubApp = ch.stasis.app;
    world.bus.subscribeBridge(ch.stasis.app, bridge.id);
  }
  world.emitBridge(ev.entered(bridge, ch), bridge, ch);
  recheckSilence(world, `bridge:${bridge.id}`);
}

/** Puts a channel in another's place (transfers), keeping the bridge's technology as it was. */
export function swapIn(world: World, bridge: Bridge, out: Channel, incoming: Channel): void {
  leaveBridge(world, out, { hangup: false, keepTech: true, swap: true });
  enter(world, bridge, incoming);
}

/**
 * Leaves the channel's bridge: BRIDGEPEER cleared, ChannelLeftBridge; a hang-up keeps the app's
 * subscription. The last party out takes the Recorders with it (a swap never leaves the bridge empty).
 */
export function leaveBridge(world: World, ch: Channel, how: { hangup: boolean; keepTech?: boolean; swap?: boolean }): void {
  const bridge = world.bridgeOf(ch);
  if (!bridge) return;
  clearPeerVars(world, ch);
  if (how.hangup && ch.pendingCaller) {
    ch.caller = ch.pendingCaller;
    world.emit(ev.callerId(ch), ch);
  }
  bridge.members = bridge.members.filter((id) => id !== ch.id);
  ch.bridgeId = undefined;
  world.emitBridge(ev.left(bridge, ch), bridge, ch);
  if (!how.hangup && ch.bridgeSubApp) world.bus.subscribeBridge(ch.bridgeSubApp, bridge.id, -1);
  ch.bridgeSubApp = undefined;
  if (!how.keepTech) bridge.technology = technology(world, bridge);
  if (bridge.members.length === 0 && !how.swap) endLonelyRecordings(world, bridge.id);
  else recheckSilence(world, `bridge:${bridge.id}`);
}

function clearPeerVars(world: World, ch: Channel): void {
  for (const name of ['BRIDGEPEER', 'BRIDGEPVTCALLID']) {
    if (!ch.vars.get(name)) continue;
    ch.vars.set(name, '');
    world.emit(ev.varset(ch, name, ''), ch);
  }
}

/**
 * DELETE /bridges/{id}: channels leave (Recorders last: their recordings finish as done), then
 * BridgeDestroyed goes to apps still subscribed.
 */
export function destroyBridge(world: World, bridge: Bridge): void {
  for (const id of [...bridge.members]) {
    const ch = world.channel(id);
    if (ch) leaveBridge(world, ch, { hangup: false });
  }
  endLonelyRecordings(world, bridge.id);
  bridge.announcers = [];
  world.bridges.delete(bridge.id);
  world.bus.publish(ev.bridgeDestroyed(bridge), { bridgeId: bridge.id });
  world.bus.forgetBridge(bridge.id);
}

/** After a membership change: BRIDGEPEER round(s), connected line, maybe native RTP. */
export function settle(world: World, bridge: Bridge): void {
  bridge.stalePeers = false;
  peerRound(world, bridge);
  const tech = technology(world, bridge);
  const native = tech === 'native_rtp' && bridge.technology !== 'native_rtp';
  bridge.technology = tech;
  if (native) peerRound(world, bridge);
  updateConnectedLines(world, bridge);
  if (native) peerRound(world, bridge);
}

/** One BRIDGEPEER (and BRIDGEPVTCALLID) update for every real member. */
export function peerRound(world: World, bridge: Bridge): void {
  const all = [...bridge.members.map((id) => ({ id, name: world.channels.get(id)?.name ?? id })),
    ...bridge.announcers.map((name) => ({ id: name, name }))];
  if (all.length < 2) return;
  for (const id of bridge.members) {
    const ch = world.channel(id);
    if (!ch) continue;
    const others = all.filter((o) => o.id !== id).reverse();
    const value = others.map((o) => o.name).join(',');
    ch.vars.set('BRIDGEPEER', value);
    world.emit(ev.varset(ch, 'BRIDGEPEER', value), ch);
    pvtCallId(world, ch, others.length === 1 ? world.channel(others[0].id) : undefined);
  }
}

function pvtCallId(world: World, ch: Channel, peer: Channel | undefined): void {
  const value = peer?.tech === 'PJSIP' ? peer.protocolId : '';
  if (value === '' && ch.vars.get('BRIDGEPVTCALLID') === undefined) return;
  ch.vars.set('BRIDGEPVTCALLID', value);
  world.emit(ev.varset(ch, 'BRIDGEPVTCALLID', value), ch);
}

/** Two-party bridges present each side's caller id as the other's connected line. */
export function updateConnectedLines(world: World, bridge: Bridge): void {
  if (bridge.members.length !== 2) return;
  const [a, b] = bridge.members.map((id) => world.channel(id));
  if (!a || !b) return;
  updateConnectedLine(world, b, a);
  updateConnectedLine(world, a, b);
}

/** x now talks to y: x's connected line becomes y's caller id (ChannelConnectedLine if it changes). */
export function updateConnectedLine(world: World, x: Channel, y: Channel): void {
  if (x.connected.name === y.caller.name && x.connected.number === y.caller.number) return;
  x.connected = { ...y.caller };
  world.emit(ev.connectedLine(x), x);
  const two = x.tech === 'Local' && x.half === 1 && x.peerId ? world.channel(x.peerId) : undefined;
  if (two && x.connected.number) passCallerAcross(world, two, x.connected);
}

/** A Local pair turns a connected-line update on ;1 into a caller id update on ;2 (once ;2 reads it: at once in dialplan, at its hang-up in Stasis). */
function passCallerAcross(world: World, two: Channel, caller: CallerId): void {
  if (two.stasis) {
    two.pendingCaller = { ...caller };
    return;
  }
  two.caller = { ...caller };
  world.emit(ev.callerId(two), two);
}

function technology(world: World, bridge: Bridge): BridgeTech {
  if (bridge.bridgeType === 'holding') return 'holding_bridge';
  if (bridge.members.length + bridge.announcers.length > 2) return 'softmix';
  if (bridge.members.length !== 2 || bridge.announcers.length > 0 || bridge.dtmfEvents || bridge.noNative) return 'simple_bridge';
  const both = bridge.members.map((id) => world.channel(id));
  return both.every((c) => c?.tech === 'PJSIP' && c.state === 'Up') ? 'native_rtp' : 'simple_bridge';
}

/**
 * A media helper joins (an Announcer for MOH or playback, a Recorder): everyone's BRIDGEPEER lists
 * it, but it is an internal channel, so apps see no ChannelEnteredBridge and no id in `channels`.
 */
export function announcerJoin(world: World, bridge: Bridge, kind: 'ARI' | 'ARI_MOH' | 'Recorder'): string {
  const name = kind === 'Recorder' ? `Recorder/ARI-${world.ids.unrealSuffix()};2` : `Announcer/${kind}-${world.ids.unrealSuffix()};2`;
  if (bridge.stalePeers) settle(world, bridge);
  bridge.announcers.push(name);
  bridge.technology = technology(world, bridge);
  peerRound(world, bridge);
  return name;
}

export function announcerLeave(world: World, bridge: Bridge, name: string): void {
  if (!bridge.announcers.includes(name)) return;
  bridge.announcers = bridge.announcers.filter((a) => a !== name);
  if (world.bridges.has(bridge.id)) peerRound(world, bridge);
  bridge.technology = technology(world, bridge);
}
