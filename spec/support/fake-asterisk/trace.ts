/** Loads the recorded ARI traces (spec/fixtures/ari-traces) and normalises what varies between runs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TraceLine {
  seq: number;
  t_ms: number;
  kind: 'note' | 'rest_request' | 'rest_response' | 'event' | 'ws_connect' | 'ws_open' | 'ws_close' | 'ws_rejected' | 'ws_local_close' | 'wait_timeout';
  req?: number;
  method?: string;
  path?: string;
  body?: unknown;
  auth?: string;
  status?: number;
  headers?: Record<string, string>;
  conn?: string;
  type?: string;
  event?: Record<string, unknown>;
  url?: string;
  code?: number;
  how?: 'close' | 'terminate';
  text?: string;
}

const TRACE_DIR = join(__dirname, '..', '..', 'fixtures', 'ari-traces');

export function loadTrace(name: string): TraceLine[] {
  return readFileSync(join(TRACE_DIR, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceLine);
}

/** Event types a connection received, in order, minus the excluded types. */
export function eventTypes(events: Array<{ type?: unknown }>, exclude: string[] = []): string[] {
  return events.map((e) => String(e.type)).filter((t) => !exclude.includes(t));
}

/** Asterisk lists channels and endpoints in container order: compare such lists sorted by name. */
function byName(list: unknown[]): unknown[] {
  const key = (v: unknown): string | undefined => {
    const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    if (typeof o.name === 'string' && 'id' in o) return o.name;
    return typeof o.resource === 'string' && 'technology' in o ? `${String(o.technology)}/${o.resource}` : undefined;
  };
  if (!list.every((v) => key(v) !== undefined)) return list;
  return [...list].sort((a, b) => String(key(a)).localeCompare(String(key(b))));
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/;
const UNIQUE_ID = /^\d{9,11}\.\d+$/;
const NAME_SUFFIX = /^(\w+)\/(.*)-([0-9a-f]{8})(?=;[12]|$|,)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Replaces run-specific values (times, Asterisk-generated ids, channel name counters, SIP Call-IDs)
 * with placeholders numbered in order of first appearance; one instance per side of a comparison.
 */
export class Normaliser {
  private readonly seen = new Map<string, string>();
  private counters: Record<string, number> = {};

  private placeholder(kind: string, value: string): string {
    const key = `${kind}:${value}`;
    let p = this.seen.get(key);
    if (!p) {
      this.counters[kind] = (this.counters[kind] ?? 0) + 1;
      p = `<${kind}${this.counters[kind]}>`;
      this.seen.set(key, p);
    }
    return p;
  }

  norm(value: unknown, key = ''): unknown {
    if (Array.isArray(value)) return byName(value).map((v) => this.norm(v, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, this.norm(v, k)]));
    }
    return typeof value === 'string' ? this.normString(value, key) : key === 'duration' ? '<n>' : value;
  }

  private normString(s: string, key: string): string {
    if (TIME.test(s)) return '<time>';
    const uri = /^(channel|bridge):(.+)$/.exec(s);
    if (uri) return `${uri[1]}:${this.normString(uri[2], key)}`;
    if (UNIQUE_ID.test(s)) return this.placeholder('uid', s);
    if (UUID.test(s) || (key === 'protocol_id' && s !== '') || this.seen.has(`callid:${s}`)) return this.placeholder('callid', s);
    if (/^[0-9a-f]{20}$/.test(s)) return this.placeholder('callid', s);
    return s.split(',').map((part) => part.replace(NAME_SUFFIX, (_m, tech: string, rest: string, hex: string) => `${tech}/${rest}-${this.placeholder(`seq-${tech}`, hex)}`)).join(',');
  }
}

type Ev = Record<string, unknown>;

/**
 * Dial(RINGING) and the callee's ChannelStateChange(Ringing) arrive in either order (traces i, j, m
 * vs k, l): put such a pair in one order, the Dial showing the callee already Ringing.
 */
export function canonicalOrder(events: Ev[]): Ev[] {
  const out = [...events];
  for (let i = 0; i + 1 < out.length; i++) {
    const [a, b] = [out[i], out[i + 1]];
    const peer = a.peer as Ev | undefined;
    const ch = b.channel as Ev | undefined;
    const ringing = a.type === 'Dial' && a.dialstatus === 'RINGING' && b.type === 'ChannelStateChange' && ch?.state === 'Ringing';
    if (!ringing || peer?.id !== ch?.id) continue;
    out[i] = b;
    out[i + 1] = { ...a, peer: { ...peer, state: 'Ringing' } };
  }
  return out;
}
