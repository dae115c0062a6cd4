import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from './until';

// ws ships with ari-client; its types are not installed, so the little we use is typed here.
interface RawSocket {
  on(event: 'message', cb: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'close', cb: (code: number, reason: Buffer) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  on(event: 'open', cb: () => void): void;
  send(data: Buffer | string, opts?: { binary: boolean }): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  readyState: number;
}
interface RawServer {
  handleUpgrade(req: http.IncomingMessage, socket: unknown, head: Buffer, cb: (ws: RawSocket) => void): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WsLib = require('ws') as (new (url: string, opts: { headers: Record<string, string> }) => RawSocket) & {
  Server: new (opts: { noServer: true }) => RawServer;
};

export interface ProxiedRequest {
  seq: number;
  method: string;
  /** Path below /ari, e.g. /channels/abc/play. */
  path: string;
  query: Record<string, string>;
  status?: number;
}

export interface ProxiedEvent {
  seq: number;
  type: string;
  // Event bodies are ARI's JSON as is.
  event: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Sits between the engine and an Asterisk (real or fake) and logs every REST request the engine
 * makes and every event Asterisk sends it, in one sequence, so the same assertions ("the record
 * request came after PlaybackFinished of the warning") hold against either.
 */
export class AriRecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  readonly events: ProxiedEvent[] = [];
  private seqCounter = 0;
  private readonly sockets = new Set<RawSocket>();

  constructor(
    readonly url: string,
    private readonly server: http.Server,
    private readonly wss: RawServer,
  ) {}

  nextSeq(): number {
    return ++this.seqCounter;
  }

  get seq(): number {
    return this.seqCounter;
  }

  track(socket: RawSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  waitForRequest(match: (r: ProxiedRequest) => unknown, timeoutMs = 5000): Promise<ProxiedRequest> {
    return until(() => this.requests.find((r) => Boolean(match(r))), timeoutMs, 'a matching ARI request from the engine');
  }

  waitForEvent(match: (e: ProxiedEvent) => unknown, timeoutMs = 5000, afterSeq = 0): Promise<ProxiedEvent> {
    return until(() => this.events.find((e) => e.seq > afterSeq && Boolean(match(e))), timeoutMs, 'a matching ARI event to the engine');
  }

  /** Drops the engine's event websockets abruptly, as a lost network would. */
  dropEngineSockets(): void {
    for (const s of this.sockets) s.terminate();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Starts a logging ARI proxy on a random local port in front of `targetUrl` (http://host:port). */
export async function startAriProxy(targetUrl: string): Promise<AriRecordingProxy> {
  const target = new URL(targetUrl);
  const wss = new WsLib.Server({ noServer: true });
  let proxy!: AriRecordingProxy;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', targetUrl);
    const entry: ProxiedRequest | undefined = url.pathname.startsWith('/ari/api-docs')
      ? undefined
      : { seq: proxy.nextSeq(), method: req.method ?? 'GET', path: url.pathname.replace(/^\/ari/, ''), query: Object.fromEntries(url.searchParams) };
    if (entry) proxy.requests.push(entry);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        if (entry) entry.status = up.statusCode;
        if (!url.pathname.startsWith('/ari/api-docs')) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        // ari-client sends its requests to the basePath the api-docs name: point it back at us.
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8').split(`//${target.host}/`).join(`//${req.headers.host}/`);
          const { 'transfer-encoding': _chunked, ...rest } = up.headers;
          const headers = { ...rest, 'content-length': String(Buffer.byteLength(body)) };
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => {
      if (entry) entry.status = 502;
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  server.on('upgrade', (req, socket, head) => {
    const wsUrl = `ws://${target.host}${req.url ?? '/'}`;
    const headers: Record<string, string> = {};
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const up = new WsLib(wsUrl, { headers });
    up.on('error', () => (socket as { destroy(): void }).destroy());
    up.on('open', () => {
      wss.handleUpgrade(req, socket, head, (down) => {
        proxy.track(down);
        up.on('message', (data, isBinary) => {
          try {
            const event = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
            proxy.events.push({ seq: proxy.nextSeq(), type: String(event.type), event });
          } catch {
            // not JSON: passed on unlogged
          }
          if (down.readyState === 1) down.send(data, { binary: isBinary });
        });
        down.on('message', (data, isBinary) => up.readyState === 1 && up.send(data, { binary: isBinary }));
        up.on('close', (code) => down.readyState === 1 && down.close(code === 1005 || code === 1006 ? 1000 : code));
        down.on('close', () => up.readyState <= 1 && up.terminate());
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxy = new AriRecordingProxy(`http://127.0.0.1:${port}`, server, wss);
  return proxy;
}
