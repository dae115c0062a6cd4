/** One of a trace's websocket connections, opened against the fake with the trace's credentials. */
import { basic, readResponse, type HttpReply, type ResponseLike } from './http-call';
import type { FakeAsterisk } from './index';
import type { TraceLine } from './trace';

type Obj = Record<string, unknown>;

interface WsClient {
  on(event: string, cb: (...args: unknown[]) => void): void;
  close(): void;
  terminate(): void;
}

const WsLib = require('ws') as new (url: string, opts: { headers: Record<string, string> }) => WsClient;

export interface ClientConn {
  label: string;
  events: Obj[];
  closeCode?: number;
  rejected?: HttpReply;
  ws?: WsClient;
  /** open, or rejected (the rejection's status/body in `rejected`) */
  settled: Promise<void>;
  closed: Promise<number>;
}

/** The recording's own credentials were ceo:ceo: those stand for the fake's user and password. */
export function openConn(fake: FakeAsterisk, line: TraceLine, events: Obj[]): ClientConn {
  const auth = line.auth ?? 'ceo:ceo';
  const headers: Record<string, string> = auth === 'none' ? {} : { authorization: basic(auth === 'ceo:ceo' ? `${fake.user}:${fake.password}` : auth) };
  const ws = new WsLib(fake.url.replace('http', 'ws') + (line.url ?? ''), { headers });
  const conn: ClientConn = { label: line.conn ?? '', events, ws, settled: Promise.resolve(), closed: Promise.resolve(0) };
  conn.closed = new Promise((resolve) => ws.on('close', (code) => resolve((conn.closeCode = Number(code)))));
  conn.settled = new Promise((resolve) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => void readResponse(res as ResponseLike).then((r) => ((conn.rejected = r), resolve())));
    ws.on('error', () => resolve());
  });
  ws.on('message', (data) => conn.events.push(JSON.parse(String(data)) as Obj));
  return conn;
}
