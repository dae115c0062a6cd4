import { splitOutside } from './syntax';

const COMPACT: Record<string, string> = {
  i: 'Call-ID', f: 'From', t: 'To', v: 'Via', m: 'Contact', l: 'Content-Length', c: 'Content-Type',
  k: 'Supported', s: 'Subject', e: 'Content-Encoding', r: 'Refer-To', b: 'Referred-By', o: 'Event',
  u: 'Allow-Events', x: 'Session-Expires',
};

const CANONICAL = new Map(
  ['Call-ID', 'CSeq', 'WWW-Authenticate', 'Proxy-Authenticate', 'Proxy-Authorization', 'Max-Forwards',
    'User-Agent', 'Record-Route', 'Min-SE', 'P-Asserted-Identity', 'Refer-To', 'Referred-By', 'Allow-Events',
    'Subscription-State', 'Content-Type', 'Content-Length', 'Session-Expires', 'Call-Info', 'Alert-Info',
    ...Object.values(COMPACT), 'Authorization', 'Expires', 'Allow', 'Route', 'Require', 'Replaces', 'Server',
    'Accept', 'Reason', 'Event', 'Date', 'Diversion', 'Privacy', 'Min-Expires', 'Unsupported', 'Warning',
  ].map((name) => [name.toLowerCase(), name]),
);

/** Headers whose comma-separated values are separate entries (getAll splits them). */
const LIST_HEADERS = new Set(['via', 'contact', 'route', 'record-route', 'allow', 'supported', 'require', 'allow-events']);

/** The full, conventionally-cased form of a header name (compact forms expanded). */
export function canonicalHeaderName(name: string): string {
  const trimmed = name.trim();
  const full = trimmed.length === 1 ? COMPACT[trimmed.toLowerCase()] ?? trimmed : trimmed;
  return CANONICAL.get(full.toLowerCase()) ?? full;
}

/** Case-insensitive, order-keeping, multi-valued SIP headers. */
export class SipHeaders {
  private readonly list: Array<[string, string]> = [];

  constructor(init?: Iterable<[string, string]> | Record<string, string | string[]>) {
    if (!init) return;
    const pairs = Symbol.iterator in init ? init as Iterable<[string, string]> : Object.entries(init);
    for (const [name, value] of pairs) {
      for (const v of Array.isArray(value) ? value : [value]) this.append(name, v);
    }
  }

  /** The first value of the header (the first element if it is a comma list), or undefined. */
  get(name: string): string | undefined {
    return this.getAll(name)[0];
  }

  /** Every value, comma lists of Via/Contact/Route/... split into separate values. */
  getAll(name: string): string[] {
    const key = canonicalHeaderName(name).toLowerCase();
    const raw = this.list.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
    return LIST_HEADERS.has(key) ? raw.flatMap((v) => splitList(v)) : raw;
  }

  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }

  /** Replaces every value of the header with this one. */
  set(name: string, value: string | number): this {
    const key = canonicalHeaderName(name).toLowerCase();
    const at = this.list.findIndex(([n]) => n.toLowerCase() === key);
    this.delete(name);
    const entry: [string, string] = [canonicalHeaderName(name), String(value)];
    if (at < 0) this.list.push(entry); else this.list.splice(at, 0, entry);
    return this;
  }

  append(name: string, value: string | number): this {
    this.list.push([canonicalHeaderName(name), String(value)]);
    return this;
  }

  /** Adds a value above the existing ones (a proxy's Via, a Record-Route). */
  prepend(name: string, value: string | number): this {
    const key = canonicalHeaderName(name).toLowerCase();
    const at = this.list.findIndex(([n]) => n.toLowerCase() === key);
    const entry: [string, string] = [canonicalHeaderName(name), String(value)];
    if (at < 0) this.list.push(entry); else this.list.splice(at, 0, entry);
    return this;
  }

  delete(name: string): this {
    const key = canonicalHeaderName(name).toLowerCase();
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i][0].toLowerCase() === key) this.list.splice(i, 1);
    return this;
  }

  /** [name, value] pairs in order, one per header line as stored (names canonical). */
  entries(): Array<[string, string]> {
    return this.list.map(([n, v]) => [n, v]);
  }

  clone(): SipHeaders {
    return new SipHeaders(this.entries());
  }
}

/** Splits a header value on commas that are outside quotes and angle brackets. */
export function splitList(value: string): string[] {
  return splitOutside(value, ',').map((v) => v.trim()).filter((v) => v !== '');
}
