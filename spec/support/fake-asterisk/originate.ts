/** POST /channels (originate), /channels/create and /channels/{id}/dial, as traces e, i and g show them. */
import { CAUSE } from './causes';
import { actCallee, isUnreachable, type DialTarget } from './dialing';
import { runDialplan } from './dialplan-run';
import { ev } from './events';
import { localPair, outgoing, parseCallerId, parseLocal, pjsipChannel } from './factory';
import { destroy, dialString, enterStasis, hangup, setDialplan, setState } from './lifecycle';
import { Phone } from './phone';
import { AriError } from './router';
import type { CallerId, Channel } from './types';
import type { World } from './world';

export interface OriginateArgs {
  endpoint?: string;
  extension?: string;
  context?: string;
  priority?: number;
  app?: string;
  appArgs?: string;
  callerId?: string;
  timeout: number;
  channelId?: string;
  otherChannelId?: string;
  originator?: string;
  formats?: string;
  variables: Record<string, string>;
}

/** Validates and creates the channel(s); `start` (run after the 200) begins dialing. */
export function originate(world: World, a: OriginateArgs): { channel: Channel; start: () => void } {
  const endpoint = validate(world, a);
  if (!a.app && !a.extension) throw new AriError(400, 'Application or extension must be specified');
  const caller = parseCallerId(a.callerId);
  const [tech, resource] = splitEndpoint(endpoint);
  if (tech === 'Local') return originateLocal(world, a, resource, caller);
  const ch = createPjsip(world, resource, a, caller);
  return { channel: ch, start: () => dialPjsip(world, ch, a.timeout, () => proceed(world, ch, a)) };
}

export function validate(world: World, a: { endpoint?: string; channelId?: string; otherChannelId?: string; originator?: string; formats?: string }): string {
  if (!a.endpoint) throw new AriError(400, 'Endpoint must be specified');
  if (a.originator && a.formats) throw new AriError(400, "Originator and formats can't both be specified");
  for (const id of [a.channelId, a.otherChannelId]) {
    if (id && world.channels.has(id)) throw new AriError(409, 'Channel with given unique ID already exists');
  }
  return a.endpoint;
}

export function splitEndpoint(endpoint: string): [string, string] {
  const slash = endpoint.indexOf('/');
  const tech = endpoint.slice(0, slash);
  if (slash < 0 || !['Local', 'PJSIP'].includes(tech)) throw allocationFailed();
  return [tech, endpoint.slice(slash + 1)];
}

function allocationFailed(): AriError {
  return new AriError(500, 'Allocation failed', { body: { error: 'Allocation failed' } });
}

function originateLocal(world: World, a: OriginateArgs, resource: string, caller?: CallerId): { channel: Channel; start: () => void } {
  const target = parseLocal(resource);
  const [one, two] = localPair(world, target, { one: a.channelId, two: a.otherChannelId });
  outgoing(world, one);
  applyCaller(world, one, caller, a.variables);
  if (a.app) for (const ch of [one, two]) world.bus.subscribeChannel(a.app, ch.id);
  return { channel: one, start: () => startLocal(world, one, two, a, caller) };
}

function applyCaller(world: World, one: Channel, caller: CallerId | undefined, variables: Record<string, string>): void {
  if (caller) one.caller = { ...caller };
  if (variables['CALLERID(name)'] !== undefined) one.caller.name = variables['CALLERID(name)'];
  if (variables['CALLERID(num)'] !== undefined) one.caller.number = variables['CALLERID(num)'];
  if (caller) one.connected = { ...caller };
  for (const [k, v] of Object.entries(variables)) if (!k.includes('(')) one.vars.set(k, v);
  if (caller) {
    world.emit(ev.callerId(one), one);
    world.emit(ev.connectedLine(one), one);
  }
}

function startLocal(world: World, one: Channel, two: Channel, a: OriginateArgs, caller?: CallerId): void {
  for (const [k, v] of one.vars) {
    two.vars.set(k, v);
    world.emit(ev.varset(two, k, v), two);
  }
  if (caller) {
    two.caller = { ...caller };
    two.connected = { ...one.caller };
    world.emit(ev.callerId(two), two);
    world.emit(ev.connectedLine(two), two);
  }
  const target = parseLocal(one.dialstring ?? '');
  if (!world.dialplan.find(target.context, target.exten)) return failLocal(world, one, two);
  world.emit(ev.dial(one, '', dialString(one)), one);
  armDial(world, one, a.timeout, () => proceed(world, one, a));
  two.onAnswer = () => setState(world, one, 'Up');
  runDialplan(world, two, target.context, target.exten, 1);
}

/** An extension that does not exist: both halves are destroyed with cause 0 (trace e3). */
export function failLocal(world: World, one: Channel, two: Channel): void {
  two.hangupCause = 0;
  one.hangupCause = 0;
  destroy(world, two);
  destroy(world, one);
}

/** Dial timeout and answer handling shared by all outgoing channels. */
export function armDial(world: World, ch: Channel, timeoutSec: number, onAnswered: () => void, answerDialstring?: string): void {
  const cancel = timeoutSec > 0 ? world.after(timeoutSec * 1000, () => hangup(world, ch, { cause: CAUSE.noAnswer, request: null })) : () => undefined;
  ch.cancel = cancel;
  ch.onAnswer = () => {
    cancel();
    ch.cancel = undefined;
    world.emit(ev.dial(ch, 'ANSWER', answerDialstring ?? dialString(ch)), ch);
    onAnswered();
  };
}

/** The answered channel goes to the app (Stasis) or to context,exten,priority. */
function proceed(world: World, ch: Channel, a: OriginateArgs): void {
  if (a.app) {
    const args = a.appArgs ? a.appArgs.split(',') : [];
    setDialplan(ch, { app_name: 'Stasis', app_data: [a.app, ...args].join(',') });
    if (!enterStasis(world, ch, a.app, args)) hangup(world, ch, { cause: 16, request: { cause: 16, soft: true } });
    return;
  }
  runDialplan(world, ch, a.context || 'default', a.extension ?? 's', a.priority ?? 1);
}

function dialTarget(resource: string): DialTarget {
  const at = resource.indexOf('@');
  return at < 0
    ? { tech: 'PJSIP', endpoint: resource, number: resource, dialstring: resource }
    : { tech: 'PJSIP', endpoint: resource.slice(at + 1), number: resource.slice(0, at), dialstring: resource };
}

/** A PJSIP channel can only be requested for a known, reachable (or scripted) endpoint. */
export function createPjsip(world: World, resource: string, a: { channelId?: string; app?: string; variables: Record<string, string> }, caller?: CallerId): Channel {
  const target = dialTarget(resource);
  const behaviour = world.dialRules.find(target);
  const known = world.config.hasEndpoint(target.endpoint);
  if (!known || isUnreachable(behaviour) || (!behaviour && !world.config.isOnline(target.endpoint))) throw allocationFailed();
  const context = world.config.endpointValue(target.endpoint, 'context') ?? 'default';
  const ch = pjsipChannel(world, {
    id: a.channelId, endpoint: target.endpoint, inbound: false, state: 'Down', caller: caller && { ...caller }, connected: caller && { ...caller },
    dialplan: { context, exten: 's', priority: 1, app_name: 'AppDial2', app_data: '(Outgoing Line)' },
  });
  ch.dialstring = target.dialstring;
  for (const [k, v] of Object.entries(a.variables)) if (!k.includes('(')) ch.vars.set(k, v);
  if (a.app) world.bus.subscribeChannel(a.app, ch.id);
  const phone = new Phone(world, ch.id);
  world.farEnds.set(ch.id, phone);
  return ch;
}

export function dialPjsip(world: World, ch: Channel, timeoutSec: number, onAnswered: () => void, answerDialstring?: string): void {
  world.emit(ev.dial(ch, '', dialString(ch)), ch);
  armDial(world, ch, timeoutSec, onAnswered, answerDialstring);
  const phone = world.farEnds.get(ch.id) as Phone;
  const target = dialTarget(ch.dialstring ?? '');
  actCallee(world, phone, target, world.dialRules.find(target));
}
