/** GET/POST /channels/{id}/variable: plain variables and the dialplan functions the PBX reads. */
import { ev } from './events';
import { AriError } from './router';
import type { Channel } from './types';
import type { World } from './world';

const cid = (c: { name: string; number: string }): string => (c.name ? `"${c.name}" <${c.number}>` : `<${c.number}>`);

/** Reads a variable or function; unknown variables 404, unreadable functions 500 (as trace i). */
export function readVariable(ch: Channel, name: string | undefined): string {
  if (!name) throw new AriError(400, 'Variable name is required');
  const fn = /^([A-Z_]+)\((.*)\)$/.exec(name);
  if (!fn) {
    const value = ch.vars.get(name) ?? special(ch, name);
    if (value === undefined) throw new AriError(404, 'Provided variable was not found');
    return value;
  }
  const value = readFunction(ch, fn[1], fn[2].split(',').map((s) => s.trim()));
  if (value === undefined) throw new AriError(500, 'Unable to read provided function');
  return value;
}

function special(ch: Channel, name: string): string | undefined {
  const map: Record<string, string> = {
    EXTEN: ch.dialplan.exten, CONTEXT: ch.dialplan.context, PRIORITY: String(ch.dialplan.priority),
    UNIQUEID: ch.id, CHANNEL: ch.name, LANGUAGE: ch.language,
  };
  return map[name];
}

function readFunction(ch: Channel, fn: string, args: string[]): string | undefined {
  switch (fn) {
    case 'CALLERID': return party(ch.caller, args[0]);
    case 'CONNECTEDLINE': return party(ch.connected, args[0]);
    case 'CHANNEL': return channelFunction(ch, args);
    case 'PJSIP_HEADER': return ch.sip.inbound && args[0] === 'read' ? header(ch, args[1]) : undefined;
    case 'PJSIP_TRANSFER_HANDLING': return ch.vars.get('PJSIP_TRANSFER_HANDLING()') ?? 'default';
    default: return ch.vars.get(`${fn}(${args.join(',')})`);
  }
}

function party(p: { name: string; number: string }, what = 'all'): string | undefined {
  if (what === 'all') return cid(p);
  if (what === 'num' || what === 'number') return p.number;
  if (what === 'name') return p.name;
  return undefined;
}

function channelFunction(ch: Channel, args: string[]): string | undefined {
  const [what, sub] = args;
  if (what === 'pjsip') {
    if (ch.tech !== 'PJSIP') return undefined;
    if (sub === 'call-id') return ch.protocolId;
    if (sub === 'remote_addr') return ch.sip.remoteAddr || '127.0.0.1:5080';
    if (sub === 'local_addr') return '127.0.0.1:5060';
    return undefined;
  }
  const map: Record<string, string | undefined> = {
    endpoint: ch.tech === 'PJSIP' ? ch.endpoint : undefined, state: ch.state, name: ch.name, uniqueid: ch.id,
    language: ch.language, audionativeformat: '(ulaw)', accountcode: ch.accountcode, channeltype: ch.tech,
  };
  return map[what];
}

function header(ch: Channel, name: string | undefined): string | undefined {
  const key = Object.keys(ch.sip.headers).find((k) => k.toLowerCase() === (name ?? '').toLowerCase());
  return key ? ch.sip.headers[key] : undefined;
}

/** Sets a variable (ChannelVarset) or a writable function (CALLERID, CHANNEL(language), PJSIP_TRANSFER_HANDLING). */
export function writeVariable(world: World, ch: Channel, name: string | undefined, value: string): void {
  if (!name) throw new AriError(400, 'Variable name is required');
  const fn = /^([A-Z_]+)\((.*)\)$/.exec(name);
  if (!fn) {
    ch.vars.set(name, value);
    world.emit(ev.varset(ch, name, value), ch);
    return;
  }
  if (fn[1] === 'CALLERID' || fn[1] === 'CONNECTEDLINE') return writeParty(world, ch, fn[1], fn[2], value);
  if (name === 'CHANNEL(language)') ch.language = value;
  else ch.vars.set(name, value);
}

function writeParty(world: World, ch: Channel, fn: string, what: string, value: string): void {
  const p = fn === 'CALLERID' ? ch.caller : ch.connected;
  if (what === 'name') p.name = value;
  else if (what === 'num' || what === 'number') p.number = value;
  else if (what === 'all') {
    const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(value);
    p.name = m ? m[1] : '';
    p.number = m ? m[2] : value;
  }
  world.emit(fn === 'CALLERID' ? ev.callerId(ch) : ev.connectedLine(ch), ch);
}
