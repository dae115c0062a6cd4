/** HTTP + WebSocket front of the fake: auth, api-docs, routing, request log, /ari/events. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiDocs } from './api-docs';
import { connectApps, type WsSocket } from './websocket';
import { AriError, type Reply, type Router } from './router';
import type { World } from './world';

interface WsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cb: (ws: WsSocket) => void): void;
  close(cb?: () => void): void;
}

// ws has no bundled types and @types/ws is not a dependency: type the two calls we make.
const WsLib = require('ws') as { Server: new (opts: { noServer: boolean }) => WsServer };

const REALM = 'Basic realm="Asterisk REST Interface"';
const UNAUTHORIZED = JSON.stringify({ message: 'Authentication required' });

export class AriServer {
  readonly http: Server;
  private readonly wss: WsServer = new WsLib.Server({ noServer: true });
  private readonly docs = new ApiDocs();
  private baseUrl = '';

  constructor(
    private readonly world: World,
    private readonly router: Router,
  ) {
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  listen(port: number): Promise<string> {
    return new Promise((resolve) => {
      this.http.listen(port, '127.0.0.1', () => {
        const addr = this.http.address();
        this.baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
        resolve(this.baseUrl);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.wss.close();
      this.http.closeAllConnections();
      this.http.close(() => resolve());
    });
  }

  private authorized(req: IncomingMessage, url: URL): boolean {
    const { user, password } = this.world.settings;
    const key = url.searchParams.get('api_key');
    if (key !== null) return key === `${user}:${password}`;
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${user}:${password}`;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    if (!url.pathname.startsWith('/ari/')) return send(res, { status: 404, body: { message: 'Resource not found' } });
    if (!this.authorized(req, url)) return send(res, { status: 401, body: JSON.parse(UNAUTHORIZED), headers: { 'www-authenticate': REALM } });
    const docMatch = /^\/ari\/api-docs\/([A-Za-z]+)\.json$/.exec(url.pathname);
    if (docMatch) return this.serveDoc(res, docMatch[1]);
    const after: Array<() => void> = [];
    const entry = this.world.bus.logRequest({ method: req.method ?? 'GET', path: url.pathname.slice(4), query: queryOf(url), body: parseJson(raw) });
    const reply = this.dispatch(req.method ?? 'GET', entry.path, entry.query, entry.body, after);
    entry.status = reply.status;
    send(res, reply);
    setImmediate(() => after.forEach((fn) => runSafely(fn)));
  }

  private serveDoc(res: ServerResponse, name: string): void {
    const doc = this.docs.get(name, this.baseUrl);
    send(res, doc ? { status: 200, body: doc } : { status: 404, body: { message: 'Resource not found' } });
  }

  private dispatch(method: string, path: string, query: Record<string, string>, body: unknown, after: Array<() => void>): Reply {
    try {
      const { handler, params } = this.router.resolve(method, path);
      const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
      return handler({ params, query: mergeBodyParams(query, obj), body: obj, after: (fn) => after.push(fn) });
    } catch (err) {
      if (err instanceof AriError) return { status: err.status, body: err.extra.body ?? { message: err.message }, headers: err.extra.headers };
      console.error('fake-asterisk: handler failed', err);
      return { status: 500, body: { message: 'Internal Server Error' } };
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/ari/events') return reject(socket, 404, 'application/json', JSON.stringify({ message: 'Resource not found' }));
    if (!this.authorized(req, url)) return reject(socket, 401, 'application/json', UNAUTHORIZED, REALM);
    const apps = (url.searchParams.get('app') ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    if (apps.length === 0) return reject(socket, 400, 'text/html', missingAppPage());
    const subscribeAll = ['true', 'yes', '1'].includes((url.searchParams.get('subscribeAll') ?? '').toLowerCase());
    this.wss.handleUpgrade(req, socket, head, (ws) => connectApps(this.world, ws, apps, subscribeAll));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function parseJson(raw: string): unknown {
  if (!raw.trim()) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function queryOf(url: URL): Record<string, string> {
  const q: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    if (k !== 'api_key') q[k] = v;
  });
  return q;
}

/** Asterisk reads body keys other than variables/fields as query parameters. */
function mergeBodyParams(query: Record<string, string>, body: Record<string, unknown> | undefined): Record<string, string> {
  const merged = { ...query };
  for (const [k, v] of Object.entries(body ?? {})) {
    if (k !== 'variables' && k !== 'fields' && merged[k] === undefined && typeof v !== 'object') merged[k] = String(v);
  }
  return merged;
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | string = '';
  // Asterisk states the length of a recording file (trace c): clients rely on it for ranges and progress.
  if (reply.raw) (payload = reply.raw), (headers['content-length'] = String(reply.raw.length));
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function reject(socket: Duplex, status: number, type: string, body: string, auth?: string): void {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' }[status] ?? 'Error';
  const head = [`HTTP/1.1 ${status} ${reason}`, `Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  if (auth) head.push(`WWW-Authenticate: ${auth}`);
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

function missingAppPage(): string {
  return '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>400 Bad Request</title>\r\n</head><body>\r\n'
    + '<h1>Bad Request</h1>\r\n<p>HTTP request is missing param: [app]</p>\r\n<hr />\r\n<address>Asterisk</address>\r\n</body></html>\r\n';
}

function runSafely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('fake-asterisk: deferred work failed', err);
  }
}
