/** SIP REFER from a phone in a Stasis bridge: blind (trace l), attended (trace m), ari-only (ChannelTransfer). */
import { peerRound, settle, swapIn, updateConnectedLine } from './bridges';
import { runDialplan } from './dialplan-run';
import { blindTransferEvent, channelTransferEvent, ev } from './events';
import { localPair } from './factory';
import { enterStasis, hangup, setDialplan, setState } from './lifecycle';
import { AriError } from './router';
import { bridgeJson, channelJson } from './snapshots';
import type { Channel, Json } from './types';
import type { World } from './world';

/** The parts of a Phone the transfer logic needs (avoids a module cycle). */
export interface Referrer {
  readonly channelId: string;
  hearNotify(sipfrag: string): void;
}

const PROGRESS: Record<string, string> = {
  channel_progress: '100 Trying',
  channel_answered: '200 OK',
  channel_declined: '603 Declined',
  channel_unavailable: '503 Service Unavailable',
};

/** Blind transfer: default handling swaps a Local channel in; ari-only raises ChannelTransfer. */
export function blindTransfer(world: World, phone: Referrer, exten: string, context?: string): void {
  const ch = world.channel(phone.channelId);
  const bridge = ch && world.bridgeOf(ch);
  if (!ch || !bridge || !ch.stasis) return;
  if (ch.vars.get('PJSIP_TRANSFER_HANDLING()') === 'ari-only') return ariOnlyRefer(world, ch, exten);
  const transferee = world.bridgePeer(ch);
  const bridgeBefore = bridgeJson(bridge);
  unholdAll(world, [ch]);
  if (transferee) world.emit(ev.varset(transferee, 'BLINDTRANSFER', ch.name), transferee);
  world.emit(ev.varset(ch, 'BLINDTRANSFER', transferee?.name ?? ''), ch);
  const ctx = context ?? ch.dialplan.context;
  const [one, two] = localPair(world, { exten, context: ctx }, {}, false);
  const replace = channelJson(one);
  setDialplan(one, { app_name: 'Stasis', app_data: ch.stasis.app });
  enterStasis(world, one, ch.stasis.app, [], ch);
  for (const f of ['100 Trying', '200 OK']) phone.hearNotify(f);
  swapIn(world, bridge, ch, one);
  ch.transferredAway = true;
  world.emit(ev.varset(one, 'BLINDTRANSFER', ''), one);
  runDialplan(world, two, ctx, exten, 1);
  bridge.technology = 'simple_bridge';
  peerRound(world, bridge);
  if (transferee) updateConnectedLine(world, one, transferee);
  const event = blindTransferEvent({ transferer: ch, transferee, replace, bridge: bridgeBefore, exten, context: ctx });
  world.bus.publish(event, { channelIds: [ch.id, ...(transferee ? [transferee.id] : [])], bridgeId: bridge.id });
  peerRound(world, bridge);
  if (transferee) updateConnectedLine(world, transferee, one);
}

function ariOnlyRefer(world: World, ch: Channel, destination: string): void {
  const bridge = world.bridgeOf(ch);
  const connected = world.bridgePeer(ch);
  ch.pendingTransfer = { destination, bridgeId: bridge?.id, connectedId: connected?.id };
  world.emit(channelTransferEvent({ destination, source: ch, connected, bridge }), ch);
  if (bridge) {
    bridge.noNative = true;
    bridge.technology = 'simple_bridge';
  }
}

/** POST /channels/{id}/transfer_progress: a NOTIFY to the phone and a ChannelTransfer echo. */
export function transferProgress(world: World, ch: Channel, states: string | undefined): void {
  const sipfrag = states === undefined ? undefined : PROGRESS[states];
  if (!sipfrag) throw new AriError(400, 'Invalid states value');
  const pending = ch.pendingTransfer;
  if (!pending) return;
  world.farEnds.get(ch.id)?.hearNotify(sipfrag);
  const bridge = world.bridgeOf(ch);
  world.emit(channelTransferEvent({ destination: pending.destination, source: ch, connected: world.bridgePeer(ch), bridge, state: states }), ch);
  if (states !== 'channel_progress') ch.pendingTransfer = undefined;
}

/** Attended transfer: both bridges stay, linked by a Local pair in Stasis (destination_type "link"). */
export function attendedTransfer(world: World, first: Referrer, second: Referrer): void {
  const leg1 = world.channel(first.channelId);
  const leg2 = world.channel(second.channelId);
  const b1 = leg1 && world.bridgeOf(leg1);
  const b2 = leg2 && world.bridgeOf(leg2);
  if (!leg1?.stasis || !leg2?.stasis || !b1 || !b2) return;
  const transferee = world.bridgePeer(leg1);
  const target = world.bridgePeer(leg2);
  const before = {
    leg1: channelJson(leg1), leg2: channelJson(leg2), b1: bridgeJson(b1), b2: bridgeJson(b2),
    transferee: transferee && channelJson(transferee), target: target && channelJson(target),
  };
  unholdAll(world, [leg1, leg2]);
  world.emit(ev.varset(leg1, 'ATTENDEDTRANSFER', transferee?.name ?? ''), leg1);
  if (transferee) world.emit(ev.varset(transferee, 'ATTENDEDTRANSFER', leg1.name), transferee);
  const app = leg2.stasis.app;
  const [l1, l2] = localPair(world, { exten: '_attended', context: 'transfer' }, {}, false);
  l1.caller = target ? { ...target.caller } : l1.caller;
  l2.state = 'Up';
  linkLeg(world, l2, leg2, app);
  linkLeg(world, l1, leg1, app);
  setState(world, l1, 'Up');
  world.emit(ev.dial(l1, 'ANSWER', ''), l1);
  if (target && transferee) {
    updateConnectedLine(world, target, transferee);
    updateConnectedLine(world, transferee, target);
  }
  for (const f of ['100 Trying', '200 OK']) first.hearNotify(f);
  leg1.transferredAway = true;
  leg2.transferredAway = true;
  hangup(world, leg2, { cause: 16, request: null });
  const event = attendedEvent(before, l1, l2);
  world.bus.publish(event, { channelIds: [leg1.id, leg2.id], bridgeId: b1.id });
}

function linkLeg(world: World, local: Channel, leg: Channel, app: string): void {
  const bridge = world.bridgeOf(leg);
  setDialplan(local, { app_name: 'Stasis', app_data: app });
  enterStasis(world, local, app, [], leg);
  if (!bridge) return;
  swapIn(world, bridge, leg, local);
  world.emit(ev.varset(local, 'ATTENDEDTRANSFER', ''), local);
  settle(world, bridge);
}

function unholdAll(world: World, chans: Channel[]): void {
  for (const ch of chans) {
    ch.held = false;
    world.emit(ev.unhold(ch), ch);
  }
}

function attendedEvent(before: Record<string, Json | undefined>, l1: Channel, l2: Channel): Json {
  const e: Json = {
    type: 'BridgeAttendedTransfer', timestamp: new Date().toISOString().replace('Z', '+0000'),
    transferer_first_leg: before.leg1, transferer_second_leg: before.leg2, result: 'Success', is_external: false,
  };
  if (before.transferee) e.transferee = before.transferee;
  if (before.target) e.transfer_target = before.target;
  return {
    ...e, transferer_first_leg_bridge: before.b1, transferer_second_leg_bridge: before.b2, destination_type: 'link',
    destination_link_first_leg: channelJson(l1), destination_link_second_leg: channelJson(l2),
  };
}
