import dgram from 'node:dgram';
import { SipMessage, SipHeaders, cseqOf, headerParam, parseSipMessage, serializeSipMessage } from './message';

export interface SipAddress { host: string; port: number }

const T1 = 500;
const MAX_TRIES = 7;

interface ClientTx {
  method: string;
  onResponse: (res: SipMessage) => void;
  timer?: NodeJS.Timeout;
  done: boolean;
  abort: () => void;
}

/** Options for one client transaction. */
export interface RequestOptions {
  /** Called for every response, provisional ones included. */
  onResponse?: (res: SipMessage) => void;
  /** Overall wait for a final response before rejecting with Error('408'); default 32 s. */
  timeoutMs?: number;
}

/**
 * A UDP SIP socket: client transactions matched by top Via branch + CSeq method, retransmitted
 * over UDP (T1 doubling, ~7 tries); incoming requests go to one handler, and retransmitted
 * requests are absorbed (answered again with the last response sent).
 */
export class SipTransport {
  private readonly clients = new Map<string, ClientTx>();
  private readonly servers = new Map<string, { response?: string; to?: SipAddress }>();
  private handler: (req: SipMessage, from: SipAddress) => void = () => {};
  private strayHandler: (res: SipMessage, from: SipAddress) => void = () => {};
  private closed = false;
  /** Every message sent and received, for debugging failing specs. */
  readonly log: string[] = [];

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (buf, rinfo) => this.receive(buf, { host: rinfo.address, port: rinfo.port }));
    socket.on('error', () => {});
  }

  /** Binds a UDP socket (default 127.0.0.1, any free port). */
  static bind(host = '127.0.0.1', port = 0): Promise<SipTransport> {
    const socket = dgram.createSocket('udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve(new SipTransport(socket));
      });
    });
  }

  get address(): SipAddress {
    const a = this.socket.address();
    return { host: a.address, port: a.port };
  }

  /** The `SIP/2.0/UDP host:port` sent-by for a Via header of this socket. */
  viaSentBy(): string {
    return `SIP/2.0/UDP ${this.address.host}:${this.address.port}`;
  }

  /** Handles new requests (not retransmissions, not ACKs to non-2xx answered by the transaction). */
  onRequest(handler: (req: SipMessage, from: SipAddress) => void): void {
    this.handler = handler;
  }

  /** Responses matching no live transaction, e.g. a 200 OK to INVITE retransmitted after the ACK. */
  onStrayResponse(handler: (res: SipMessage, from: SipAddress) => void): void {
    this.strayHandler = handler;
  }

  /**
   * Sends a request in a client transaction; resolves with the final response. The request must carry
   * a Via with a branch. A non-2xx final to INVITE is ACKed here; 2xx is the caller's to ACK.
   */
  request(req: SipMessage, to: SipAddress, opts: RequestOptions = {}): Promise<SipMessage> {
    const branch = headerParam(req.headers.get('Via'), 'branch') ?? '';
    const method = req.method ?? '';
    const key = `${branch}|${method}`;
    const wire = serializeSipMessage(req);
    return new Promise((resolve, reject) => {
      const tx: ClientTx = { method, done: false, onResponse: () => {}, abort: () => finish(new Error('transport closed')) };
      let tries = 0;
      let deadline = setTimeout(() => finish(new Error('408')), opts.timeoutMs ?? 32_000);
      const finish = (outcome: SipMessage | Error) => {
        if (tx.done) return;
        tx.done = true;
        clearTimeout(deadline);
        clearTimeout(tx.timer);
        // keep the entry a while so retransmitted finals are absorbed / re-ACKed, not treated as stray
        setTimeout(() => this.clients.get(key) === tx && this.clients.delete(key), 5000).unref();
        if (outcome instanceof Error) reject(outcome); else resolve(outcome);
      };
      const retransmit = () => {
        if (tx.done || this.closed || ++tries >= MAX_TRIES) return;
        this.raw(wire, to);
        tx.timer = setTimeout(retransmit, Math.min(T1 * 2 ** tries, 4000));
      };
      tx.onResponse = (res) => {
        const status = res.status ?? 0;
        if (method === 'INVITE' && status >= 300) this.raw(serializeSipMessage(ackForFailure(req, res)), to);
        if (tx.done) return;
        opts.onResponse?.(res);
        if (status < 200) {
          if (method === 'INVITE') {
            // a ringing INVITE waits for its final answer as long as the callee rings (timer C)
            clearTimeout(tx.timer);
            clearTimeout(deadline);
            deadline = setTimeout(() => finish(new Error('408')), 180_000);
          }
          return;
        }
        finish(res);
      };
      this.clients.set(key, tx);
      this.raw(wire, to);
      tx.timer = setTimeout(retransmit, T1);
    });
  }

  /** Sends a response to a request received here (remembered so a retransmitted request gets it again). */
  respond(req: SipMessage, res: SipMessage, to: SipAddress): void {
    const wire = serializeSipMessage(res);
    const entry = this.servers.get(serverKey(req));
    if (entry) {
      entry.response = wire;
      entry.to = to;
    }
    this.raw(wire, to);
  }

  /** Sends a message outside any transaction (ACK for 2xx, a stateless reply). */
  send(m: SipMessage, to: SipAddress): void {
    this.raw(serializeSipMessage(m), to);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    for (const tx of this.clients.values()) tx.abort();
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private raw(wire: string, to: SipAddress): void {
    if (this.closed) return;
    this.log.push(`>> ${to.host}:${to.port}\n${wire}`);
    this.socket.send(wire, to.port, to.host);
  }

  private receive(buf: Buffer, from: SipAddress): void {
    let m: SipMessage;
    try {
      m = parseSipMessage(buf);
    } catch {
      return;
    }
    this.log.push(`<< ${from.host}:${from.port}\n${buf.toString('utf8')}`);
    if (m.kind === 'response') {
      const key = `${headerParam(m.headers.get('Via'), 'branch') ?? ''}|${cseqOf(m).method}`;
      const tx = this.clients.get(key);
      if (tx && !(tx.done && (m.status ?? 0) < 300)) tx.onResponse(m);
      else this.strayHandler(m, from);
      return;
    }
    if (m.method === 'ACK') {
      // an ACK to a non-2xx final belongs to that INVITE transaction; the TU only needs ACKs for 2xx
      const invite = this.servers.get(`${headerParam(m.headers.get('Via'), 'branch') ?? ''}|INVITE`);
      if (invite?.response && !/^SIP\/2\.0 2/.test(invite.response)) return;
      this.handler(m, from);
      return;
    }
    const key = serverKey(m);
    const seen = this.servers.get(key);
    if (seen) {
      if (seen.response) this.raw(seen.response, seen.to ?? from);
      return;
    }
    this.servers.set(key, {});
    setTimeout(() => this.servers.delete(key), 32_000).unref();
    this.handler(m, from);
  }
}

function serverKey(req: SipMessage): string {
  return `${headerParam(req.headers.get('Via'), 'branch') ?? `${req.headers.get('Call-ID')}${cseqOf(req).seq}`}|${req.method}`;
}

/** The ACK a client transaction sends for a non-2xx final response to INVITE (same branch). */
export function ackForFailure(invite: SipMessage, res: SipMessage): SipMessage {
  const headers = new SipHeaders();
  headers.append('Via', invite.headers.get('Via') ?? '');
  for (const route of invite.headers.getAll('Route')) headers.append('Route', route);
  headers.append('Max-Forwards', '70');
  headers.append('From', invite.headers.get('From') ?? '');
  headers.append('To', res.headers.get('To') ?? invite.headers.get('To') ?? '');
  headers.append('Call-ID', invite.headers.get('Call-ID') ?? '');
  headers.append('CSeq', `${cseqOf(invite).seq} ACK`);
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: '' };
}

/** The CANCEL of an INVITE still in progress: its Via (same branch), Route, From, To, Call-ID and CSeq number. */
export function cancelFor(invite: SipMessage): SipMessage {
  const headers = new SipHeaders();
  for (const name of ['Via', 'Route', 'From', 'To', 'Call-ID']) for (const v of invite.headers.getAll(name)) headers.append(name, v);
  headers.append('Max-Forwards', '70');
  headers.append('CSeq', `${cseqOf(invite).seq} CANCEL`);
  return { kind: 'request', method: 'CANCEL', uri: invite.uri, headers, body: '' };
}
