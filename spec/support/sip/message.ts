import { randomBytes, randomUUID } from 'node:crypto';
import { SipHeaders } from './headers';
import { headerParam } from './uri';

export { SipHeaders, canonicalHeaderName, splitList } from './headers';
export { parseParams } from './syntax';
export { headerParam, parseNameAddr, parseUri, type SipUri } from './uri';

/** A parsed SIP request or response; the body is text (SDP, sipfrag). */
export interface SipMessage {
  kind: 'request' | 'response';
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  headers: SipHeaders;
  body: string;
}

/** Parses a SIP message from a UDP datagram; throws on a malformed start line. */
export function parseSipMessage(input: Buffer | string): SipMessage {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let end = buf.indexOf('\r\n\r\n');
  let sepLen = 4;
  if (end < 0) {
    end = buf.indexOf('\n\n');
    sepLen = end < 0 ? 0 : 2;
  }
  const head = buf.subarray(0, end < 0 ? buf.length : end).toString('utf8');
  const rest = end < 0 ? Buffer.alloc(0) : buf.subarray(end + sepLen);
  const lines = unfold(head.split(/\r?\n/));
  while (lines.length && lines[0].trim() === '') lines.shift();
  const start = lines.shift();
  if (!start) throw new Error('empty SIP message');
  const headers = new SipHeaders();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed SIP header line: ${line}`);
    headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const length = Number(headers.get('Content-Length') ?? rest.length);
  const body = rest.subarray(0, Number.isFinite(length) ? length : rest.length).toString('utf8');
  const response = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/i.exec(start);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2], headers, body };
  const request = /^([A-Za-z]+)\s+(\S+)\s+SIP\/2\.0$/i.exec(start.trim());
  if (!request) throw new Error(`malformed SIP start line: ${start}`);
  return { kind: 'request', method: request[1].toUpperCase(), uri: request[2], headers, body };
}

function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length) out[out.length - 1] += ' ' + line.trim();
    else out.push(line);
  }
  return out;
}

/** Serializes with canonical header names; Content-Length is always recomputed from the body. */
export function serializeSipMessage(m: SipMessage): string {
  const start = m.kind === 'request'
    ? `${m.method} ${m.uri} SIP/2.0`
    : `SIP/2.0 ${m.status} ${m.reason ?? reasonPhrase(m.status ?? 500)}`;
  const lines = [start];
  for (const [name, value] of m.headers.entries()) {
    if (name.toLowerCase() !== 'content-length') lines.push(`${name}: ${value}`);
  }
  lines.push(`Content-Length: ${Buffer.byteLength(m.body ?? '', 'utf8')}`);
  return lines.join('\r\n') + '\r\n\r\n' + (m.body ?? '');
}

/** A random From/To tag. */
export function newTag(): string {
  return randomBytes(6).toString('hex');
}

/** A random RFC 3261 branch (magic cookie prefix). */
export function newBranch(): string {
  return 'z9hG4bK' + randomBytes(8).toString('hex');
}

/** A random Call-ID. */
export function newCallId(): string {
  return randomUUID();
}

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 181: 'Call Is Being Forwarded', 183: 'Session Progress', 200: 'OK',
  202: 'Accepted', 302: 'Moved Temporarily', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  480: 'Temporarily Unavailable', 481: 'Call/Transaction Does Not Exist', 486: 'Busy Here', 487: 'Request Terminated',
  488: 'Not Acceptable Here', 491: 'Request Pending', 500: 'Server Internal Error', 501: 'Not Implemented',
  503: 'Service Unavailable', 603: 'Decline',
};

/** The standard reason phrase for a status code. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 200 ? 'Progress' : status < 300 ? 'OK' : 'Error');
}

/** Builds a response to `req`: Via, From, To, Call-ID and CSeq copied; a To tag added if given and absent. */
export function makeResponse(req: SipMessage, status: number, opts: { reason?: string; toTag?: string; headers?: Record<string, string>; body?: string } = {}): SipMessage {
  const headers = new SipHeaders();
  for (const via of req.headers.getAll('Via')) headers.append('Via', via);
  for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
    const value = req.headers.get(name);
    if (value !== undefined) headers.append(name, value);
  }
  const to = headers.get('To');
  if (opts.toTag && to !== undefined && headerParam(to, 'tag') === undefined && status > 100) headers.set('To', `${to};tag=${opts.toTag}`);
  for (const [name, value] of Object.entries(opts.headers ?? {})) headers.append(name, value);
  return { kind: 'response', status, reason: opts.reason ?? reasonPhrase(status), headers, body: opts.body ?? '' };
}

/** The CSeq number and method of a message. */
export function cseqOf(m: SipMessage): { seq: number; method: string } {
  const [seq, method] = (m.headers.get('CSeq') ?? '0 ').trim().split(/\s+/);
  return { seq: Number(seq), method: (method ?? '').toUpperCase() };
}
