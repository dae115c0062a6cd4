/** Calls arriving from the outside world into Stasis(app,args), as the dialplan would hand them over. */
import { runDialplan } from './dialplan-run';
import { localPair, outgoing, parseCallerId, pjsipChannel } from './factory';
import { enterStasis, hangup, setState } from './lifecycle';
import { Phone } from './phone';
import type { Channel } from './types';
import type { World } from './world';

export interface InboundCall {
  /** the Stasis application the dialplan hands the call to */
  app: string;
  args?: string[];
  callerNumber?: string;
  callerName?: string;
  /** the dialed extension (dialplan exten) */
  dialed?: string;
  tech?: 'PJSIP' | 'Local';
  /** PJSIP endpoint the call comes from (a phone or a trunk); default alice */
  endpoint?: string;
  context?: string;
  priority?: number;
  /** channel variables the dialplan set before Stasis() (GET /variable sees them) */
  channelVars?: Record<string, string>;
  /** SIP headers of the INVITE (PJSIP_HEADER(read,...)) */
  sipHeaders?: Record<string, string>;
  remoteAddr?: string;
  language?: string;
  channelId?: string;
  /** the INVITE's Call-ID (the channel's protocol_id) */
  callId?: string;
}

/** Creates the caller's channel (state Ring) and enters Stasis; a missing app fails like STASISSTATUS=FAILED. */
export function callIntoStasis(world: World, call: InboundCall): Phone {
  const args = call.args ?? [];
  const dialed = call.dialed ?? 's';
  const caller = { name: call.callerName ?? '', number: call.callerNumber ?? '' };
  const { ch, phone } = call.tech === 'Local' ? inboundLocal(world, call, dialed, caller) : inboundPjsip(world, call, dialed, caller);
  ch.dialplan = { ...ch.dialplan, priority: call.priority ?? ch.dialplan.priority, app_name: 'Stasis', app_data: [call.app, ...args].join(',') };
  for (const [k, v] of Object.entries(call.channelVars ?? {})) ch.vars.set(k, v);
  if (call.language) ch.language = call.language;
  if (!enterStasis(world, ch, call.app, args)) hangup(world, ch, { cause: 16, request: { cause: 16, soft: true } });
  return phone;
}

/** A call a registered phone (or trunk) places: it runs the endpoint's context of the simulated dialplan. */
export interface PhoneCall {
  endpoint: string;
  dialed: string;
  /** From display name / user (the endpoint's callerid setting wins, as in Asterisk) */
  callerName?: string;
  callerNumber?: string;
  sipHeaders?: Record<string, string>;
  remoteAddr?: string;
  channelId?: string;
  /** the INVITE's Call-ID (the channel's protocol_id) */
  callId?: string;
}

export function placeCall(world: World, call: PhoneCall): Phone {
  const configured = parseCallerId(world.config.endpointValue(call.endpoint, 'callerid'));
  const fromUa = { name: call.callerName ?? '', number: call.callerNumber ?? call.endpoint };
  const caller = configured && configured.number !== 'unknown' && configured.number !== '' ? configured : fromUa;
  const { ch, phone } = inboundPjsip(world, { ...call, app: '' }, call.dialed, caller);
  runDialplan(world, ch, ch.dialplan.context, call.dialed, 1);
  return phone;
}

function inboundPjsip(world: World, call: InboundCall, dialed: string, caller: { name: string; number: string }): { ch: Channel; phone: Phone } {
  const endpoint = call.endpoint ?? 'alice';
  const context = call.context ?? world.config.endpointValue(endpoint, 'context') ?? 'default';
  const ch = pjsipChannel(world, {
    id: call.channelId, endpoint, inbound: true, state: 'Ring', caller, protocolId: call.callId,
    dialplan: { context, exten: dialed, priority: 1, app_name: '', app_data: '' },
  });
  const host = (call.remoteAddr ?? '127.0.0.1:5070').split(':')[0];
  ch.sip.remoteAddr = call.remoteAddr ?? '127.0.0.1:5070';
  ch.sip.headers = {
    'User-Agent': 'fake-phone/1.0',
    From: `"${caller.name}" <sip:${caller.number || endpoint}@${host}>;tag=${ch.protocolId.slice(0, 8)}`,
    To: `<sip:${dialed}@127.0.0.1>`,
    'Call-ID': ch.protocolId,
    ...call.sipHeaders,
  };
  const phone = new Phone(world, ch.id);
  world.farEnds.set(ch.id, phone);
  return { ch, phone };
}

/** A Local caller: the ;2 half enters Stasis, the ;1 half stands for the phone. */
function inboundLocal(world: World, call: InboundCall, dialed: string, caller: { name: string; number: string }): { ch: Channel; phone: Phone } {
  const context = call.context ?? 'default';
  const [one, two] = localPair(world, { exten: dialed, context }, { two: call.channelId });
  outgoing(world, one);
  for (const ch of [one, two]) {
    ch.caller = { ...caller };
    ch.connected = { ...caller };
  }
  two.onAnswer = () => setState(world, one, 'Up');
  const phone = new Phone(world, two.id, one.id);
  world.farEnds.set(two.id, phone);
  return { ch: two, phone };
}
