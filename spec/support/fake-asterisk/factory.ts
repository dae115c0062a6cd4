/** Channel factories: Local pairs and PJSIP channels named and numbered like Asterisk's. */
import { ev } from './events';
import { newChannel, setDialplan } from './lifecycle';
import type { CallerId, Channel } from './types';
import type { World } from './world';

export interface LocalTarget {
  exten: string;
  context: string;
}

/** Parses "Local/exten@context[/n]". */
export function parseLocal(resource: string): LocalTarget {
  const [exten, rest = 'default'] = resource.split('@');
  return { exten, context: rest.split('/')[0] };
}

/** Creates both halves of a Local channel: ;1 (the dialing side) and ;2 (runs exten@context). */
export function localPair(world: World, target: LocalTarget, ids: { one?: string; two?: string } = {}, originated = true): [Channel, Channel] {
  const base = `Local/${target.exten}@${target.context}-${world.ids.unrealSuffix()}`;
  const dialplan = { context: target.context, exten: target.exten, priority: 1, app_name: '', app_data: '' };
  const one = newChannel(world, { id: ids.one, name: `${base};1`, tech: 'Local', state: 'Down', dialplan, originated });
  const two = newChannel(world, { id: ids.two, name: `${base};2`, tech: 'Local', state: 'Ring', dialplan });
  one.half = 1;
  two.half = 2;
  one.peerId = two.id;
  two.peerId = one.id;
  one.dialstring = `${target.exten}@${target.context}`;
  return [one, two];
}

/** Marks a channel as the outgoing side of a dial (dialplan AppDial2 "(Outgoing Line)"). */
export function outgoing(world: World, ch: Channel): void {
  setDialplan(ch, { app_name: 'AppDial2', app_data: '(Outgoing Line)' });
  world.emit(ev.dialplan(ch), ch);
}

export interface PjsipInit {
  id?: string;
  endpoint: string;
  inbound: boolean;
  caller?: CallerId;
  connected?: CallerId;
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  state: 'Down' | 'Ring';
  /** the SIP Call-ID when a real UA placed the call */
  protocolId?: string;
}

/** A PJSIP channel: name PJSIP/<endpoint>-<n>, protocol_id the SIP Call-ID. */
export function pjsipChannel(world: World, init: PjsipInit): Channel {
  const ch = newChannel(world, {
    id: init.id,
    name: `PJSIP/${init.endpoint}-${world.ids.pjsipSuffix()}`,
    tech: 'PJSIP',
    state: init.state,
    dialplan: init.dialplan,
    caller: init.caller,
    connected: init.connected,
    endpoint: init.endpoint,
    protocolId: init.protocolId ?? (init.inbound ? world.ids.inboundCallId() : world.ids.outboundCallId()),
    originated: !init.inbound,
  });
  ch.sip.inbound = init.inbound;
  return ch;
}

/** '"Alice Test" <1001>' / 'Alice <1001>' / '<1001>' / '1001' */
export function parseCallerId(value: string | undefined): CallerId | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(value);
  if (m) return { name: (m[1] ?? m[2] ?? '').trim(), number: m[3].trim() };
  return { name: '', number: value.trim() };
}
