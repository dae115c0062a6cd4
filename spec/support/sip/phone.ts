import { SipCall } from './call';
import { PhoneContext, requestWithAuth } from './dialog-context';
import { SipHeaders, SipMessage, headerParam, makeResponse, newBranch, newCallId, newTag } from './message';
import { SipAddress, SipTransport } from './transport';

export { SipCall } from './call';

export interface SipPhoneOptions {
  server: { host: string; port: number };
  username: string;
  password: string;
  displayName?: string;
  /** UDP port to bind (default: a free one); a carrier's UA listens where the trunk points. */
  port?: number;
  /** Address to bind, SIP and RTP (default 127.0.0.1): one Asterisk can reach when it runs elsewhere. */
  host?: string;
}

/** A desk phone as a SIP UA over UDP (127.0.0.1 unless told): registers with digest, places and takes calls. */
export class SipPhone {
  private readonly calls = new Map<string, SipCall>();
  private readonly pending = new Map<string, Promise<SipCall>>();
  private readonly incoming: SipCall[] = [];
  private readonly waiters: Array<(call: SipCall) => void> = [];
  private readonly registerCallId = newCallId();
  private readonly registerTag = newTag();
  private registerCseq = 0;
  private registered = false;
  private readonly ctx: PhoneContext;

  private constructor(private readonly opts: SipPhoneOptions, private readonly transport: SipTransport) {
    const { server } = opts;
    const hostPart = server.port === 5060 ? server.host : `${server.host}:${server.port}`;
    this.ctx = {
      transport, server, username: opts.username, password: opts.password, displayName: opts.displayName,
      aor: () => `sip:${opts.username}@${server.host}`,
      contact: () => `<sip:${opts.username}@${this.address.host}:${this.address.port}>`,
      serverUri: (user) => `sip:${user ? `${user}@` : ''}${hostPart}`,
      via: () => `${transport.viaSentBy()};rport;branch=${newBranch()}`,
      fromHeader: (tag) => `${opts.displayName ? `"${opts.displayName}" ` : ''}<sip:${opts.username}@${server.host}>;tag=${tag}`,
    };
    transport.onRequest((req, from) => void this.onRequest(req, from));
    transport.onStrayResponse((res) => {
      if ((res.status ?? 0) < 300) this.calls.get(res.headers.get('Call-ID') ?? '')?.onRetransmitted2xx();
    });
  }

  /** Binds UDP on `opts.host` (127.0.0.1) and `opts.port` or a free port. */
  static async start(opts: SipPhoneOptions): Promise<SipPhone> {
    return new SipPhone(opts, await SipTransport.bind(opts.host ?? '127.0.0.1', opts.port ?? 0));
  }

  get address(): { host: string; port: number } {
    return this.transport.address;
  }

  /** Every SIP message sent and received (for failure messages). */
  get sipLog(): readonly string[] {
    return this.transport.log;
  }

  /** REGISTER (digest on 401/407); rejects with Error(status) on any other final answer. */
  async register(expiresSec = 300, timeoutMs?: number): Promise<void> {
    const res = await requestWithAuth(this.ctx, (cseq) => this.registerRequest(cseq, expiresSec), () => ++this.registerCseq, { to: this.opts.server, timeoutMs });
    const status = res.status ?? 0;
    if (status < 200 || status >= 300) throw new Error(String(status));
    this.registered = expiresSec > 0;
  }

  /** REGISTER with Expires: 0. */
  unregister(): Promise<void> {
    return this.register(0);
  }

  /** The next incoming call (100 Trying already sent, not yet ringing). */
  nextIncoming(timeoutMs = 5000): Promise<SipCall> {
    const queued = this.incoming.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (call: SipCall) => {
        clearTimeout(timer);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.opts.username}: no incoming call within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** INVITE sip:<target>@server; resolves once the INVITE is sent. */
  async call(target: string): Promise<SipCall> {
    const call = await SipCall.outgoing(this.ctx, target);
    this.calls.set(call.callId, call);
    return call;
  }

  /** Hangs up live calls, unregisters, closes the sockets. */
  async close(): Promise<void> {
    await Promise.all([...this.pending.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.calls.values()].map((c) => (c.isEnded ? undefined : c.hangup().catch(() => undefined))));
    if (this.registered) await this.register(0, 2000).catch(() => undefined);
    await Promise.all([...this.calls.values()].map((c) => c.dispose()));
    await this.transport.close();
  }

  private registerRequest(cseq: number, expires: number): SipMessage {
    const { server, username } = this.opts;
    const headers = new SipHeaders();
    headers.append('Via', this.ctx.via());
    headers.append('Max-Forwards', '70');
    headers.append('From', this.ctx.fromHeader(this.registerTag));
    headers.append('To', `${this.opts.displayName ? `"${this.opts.displayName}" ` : ''}<sip:${username}@${server.host}>`);
    headers.append('Call-ID', this.registerCallId);
    headers.append('CSeq', `${cseq} REGISTER`);
    headers.append('Contact', this.ctx.contact());
    headers.append('Expires', String(expires));
    headers.append('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, REFER, UPDATE');
    headers.append('User-Agent', 'vpbx-spec-phone');
    return { kind: 'request', method: 'REGISTER', uri: `sip:${server.host}:${server.port}`, headers, body: '' };
  }

  private async onRequest(req: SipMessage, from: SipAddress): Promise<void> {
    const callId = req.headers.get('Call-ID') ?? '';
    const existing = this.calls.get(callId) ?? await this.pending.get(callId)?.catch(() => undefined);
    if (existing) return existing.onRequest(req, from);
    if (req.method === 'INVITE' && headerParam(req.headers.get('To'), 'tag') === undefined) {
      // a CANCEL can arrive while the RTP socket binds: it waits for the call instead of getting 481
      const starting = SipCall.incoming(this.ctx, req, from);
      this.pending.set(callId, starting);
      const call = await starting.finally(() => this.pending.delete(callId));
      this.calls.set(call.callId, call);
      const waiter = this.waiters.shift();
      if (waiter) waiter(call); else this.incoming.push(call);
      return;
    }
    if (req.method === 'ACK') return;
    const status = req.method === 'OPTIONS' || req.method === 'NOTIFY' ? 200 : 481;
    this.transport.respond(req, makeResponse(req, status, { toTag: newTag() }), from);
  }
}
