/** Plain HTTP calls to the fake (REST with Basic auth or none) and reading their replies. */
import { request } from 'node:http';
import type { FakeAsterisk } from './index';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ResponseLike {
  statusCode?: number;
  headers: Record<string, string | string[] | undefined>;
  on(event: 'data', cb: (c: Buffer) => void): void;
  on(event: 'end', cb: () => void): void;
}

export function basic(userPass: string): string {
  return `Basic ${Buffer.from(userPass).toString('base64')}`;
}

/** Reads a reply: JSON parsed, audio as a Buffer, anything else as text. */
export function readResponse(res: ResponseLike): Promise<HttpReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const buf = Buffer.concat(chunks);
      const type = String(res.headers['content-type'] ?? '');
      const body: unknown = buf.length === 0 ? '' : type.includes('json') ? JSON.parse(buf.toString('utf8')) : type.startsWith('audio/') ? buf : buf.toString('utf8');
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
    });
  });
}

/** One REST call to the fake, with the trace's credentials variant (default, wrong, none). */
export function httpCall(fake: FakeAsterisk, method: string, path: string, body?: unknown, auth?: string): Promise<HttpReply> {
  const headers: Record<string, string> = {};
  if (auth !== 'none') headers.authorization = basic(auth && auth !== 'ceo:ceo' ? auth : `${fake.user}:${fake.password}`);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(fake.url + path, { method, headers }, (res) => void readResponse(res).then(resolve));
    req.on('error', reject);
    req.end(payload);
  });
}
