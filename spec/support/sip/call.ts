import { CallMedia } from './call-media';
import { PhoneContext } from './dialog-context';
import { SipDialog } from './dialog';
import { SipMessage, cseqOf, makeResponse, newCallId, parseNameAddr, parseUri } from './message';
import { SipAddress } from './transport';

type CallState = 'calling' | 'early' | 'answering' | 'confirmed' | 'ended';
export type CallEnd = { by: 'local' | 'remote'; status?: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** One call of a SipPhone: an INVITE dialog and its media, driven like a desk phone. */
export class SipCall {
  /** out: 200 OK received (ACK sent); in: our 200 was ACKed. Rejects if the call ends unanswered. */
  readonly answered: Promise<void>;
  readonly ended: Promise<CallEnd>;
  /** Digits received as RFC 4733 events. */
  readonly receivedDtmf: string[] = [];
  /** Bodies of in-dialog NOTIFYs (sipfrag, e.g. "SIP/2.0 200 OK"). */
  readonly notifies: string[] = [];
  remoteIdentity: { display?: string; user?: string } = {};
  private state: CallState = 'calling';
  private invite?: { req: SipMessage; from: SipAddress };
  private pendingInvite?: SipMessage;
  private cancelRequested = false;
  private gotProvisional = false;
  private cancelled?: SipMessage;
  private lastAck?: SipMessage;
  private okTimer?: NodeJS.Timeout;
  private readonly answeredD = deferred<void>();
  private readonly endedD = deferred<CallEnd>();
  private readonly dialog: SipDialog;

  private constructor(private readonly ctx: PhoneContext, readonly direction: 'in' | 'out', readonly callId: string, private readonly media: CallMedia) {
    this.answered = this.answeredD.promise;
    this.ended = this.endedD.promise;
    this.dialog = new SipDialog(ctx, callId, direction === 'out');
    media.rtp.onDtmf((digit) => this.receivedDtmf.push(digit));
  }

  /** Starts an outgoing call: sends the INVITE and returns; the rest runs in the background. */
  static async outgoing(ctx: PhoneContext, target: string): Promise<SipCall> {
    const call = new SipCall(ctx, 'out', newCallId(), await CallMedia.open(ctx.transport.address.host));
    const d = call.dialog;
    d.localUri = ctx.aor();
    d.remoteUri = ctx.serverUri(target);
    d.remoteTarget = d.remoteUri;
    call.remoteIdentity = { user: target };
    void call.runInvite();
    return call;
  }

  /** Takes an initial INVITE received by the phone and answers it 100 Trying. */
  static async incoming(ctx: PhoneContext, req: SipMessage, from: SipAddress): Promise<SipCall> {
    const call = new SipCall(ctx, 'in', req.headers.get('Call-ID') ?? '', await CallMedia.open(ctx.transport.address.host));
    const d = call.dialog;
    const caller = parseNameAddr(req.headers.get('From') ?? '');
    d.remoteTag = caller.params.tag;
    d.remoteUri = caller.uri;
    d.localUri = parseNameAddr(req.headers.get('To') ?? '').uri;
    d.remoteTarget = parseNameAddr(req.headers.get('Contact') ?? caller.uri).uri;
    d.routeSet = req.headers.getAll('Record-Route');
    d.peer = from;
    call.remoteIdentity = { ...(caller.display ? { display: caller.display } : {}), ...userOf(caller.uri) };
    call.invite = { req, from };
    call.state = 'early';
    call.media.takeRemote(req.body);
    ctx.transport.respond(req, makeResponse(req, 100), from);
    return call;
  }

  /** The user part of the Request-URI of an incoming call: the number or extension dialled. */
  get requestUser(): string | undefined {
    return this.invite ? parseUri(this.invite.req.uri ?? '').user : undefined;
  }

  get localTag(): string {
    return this.dialog.localTag;
  }

  get remoteTag(): string | undefined {
    return this.dialog.remoteTag;
  }

  /** The other side's URI as in From (in) / To (out). */
  get remoteUri(): string {
    return this.dialog.remoteUri;
  }

  get rtpPacketsReceived(): number {
    return this.media.rtp.packetsReceived;
  }

  get isEnded(): boolean {
    return this.state === 'ended';
  }

  /** a= direction of the last SDP received from the other side. */
  remoteDirection(): string {
    return this.media.remote?.direction ?? '';
  }

  /** Sends 180 Ringing. */
  ring(): void {
    if (this.direction === 'in' && this.state === 'early') this.respondInvite(180, { Contact: this.ctx.contact() });
  }

  /** Sends 200 OK with SDP (re-sent until ACKed) and resolves once the ACK arrives. */
  answer(): Promise<void> {
    if (this.direction !== 'in' || this.state !== 'early') return this.answered;
    this.state = 'answering';
    const sdp = this.media.answer();
    const send = () => this.respondInvite(200, { Contact: this.ctx.contact(), 'Content-Type': 'application/sdp' }, sdp);
    let tries = 0;
    const again = () => {
      if (this.state !== 'answering' || tries++ > 6) return;
      send();
      this.okTimer = setTimeout(again, 500 * 2 ** (tries - 1));
    };
    again();
    return this.answered;
  }

  /** Rejects a ringing incoming call (486 Busy Here by default). */
  async reject(status = 486): Promise<void> {
    if (this.direction !== 'in' || this.state !== 'early') return;
    this.respondInvite(status);
    this.finish({ by: 'local', status });
  }

  /** BYE when confirmed, CANCEL before (486 for an unanswered incoming call). */
  async hangup(): Promise<void> {
    if (this.state === 'ended') return;
    if (this.direction === 'in' && this.state === 'early') return this.reject(486);
    if (this.state === 'confirmed' || this.state === 'answering') {
      this.finish({ by: 'local' });
      await this.dialog.request('BYE', '', {}, { timeoutMs: 4000 }).catch(() => undefined);
      return;
    }
    this.cancelRequested = true;
    if (this.gotProvisional) this.sendCancel();
    await Promise.race([this.ended, sleep(4000)]);
  }

  /** re-INVITE with a=sendonly. */
  hold(): Promise<void> {
    return this.reinvite('sendonly');
  }

  /** re-INVITE with a=sendrecv. */
  unhold(): Promise<void> {
    return this.reinvite('sendrecv');
  }

  /** Sends the digits as RFC 4733 events to the other side's SDP address. */
  dtmf(digits: string, opts: { durationMs?: number; gapMs?: number } = {}): Promise<void> {
    return this.media.dtmf(digits, opts);
  }

  /** REFER Refer-To sip:<target>@server; resolves on 2xx. */
  blindTransfer(target: string): Promise<void> {
    return this.refer(`<${this.ctx.serverUri(target)}>`);
  }

  /** REFER with Replaces=<other's dialog> (to-tag = the other side's tag, from-tag = ours); resolves on 2xx. */
  attendedTransfer(other: SipCall): Promise<void> {
    const replaces = `${other.callId};to-tag=${other.remoteTag ?? ''};from-tag=${other.localTag}`;
    const u = parseUri(other.remoteUri);
    const base = `sip:${u.user ? `${u.user}@` : ''}${u.host}${u.port ? `:${u.port}` : ''}`;
    return this.refer(`<${base}?Replaces=${encodeURIComponent(replaces)}>`);
  }

  /** A request the phone routed to this call (same Call-ID). */
  onRequest(req: SipMessage, from: SipAddress): void {
    const respond = (status: number, extra: Record<string, string> = {}, body = '') =>
      this.ctx.transport.respond(req, makeResponse(req, status, { toTag: this.localTag, headers: extra, body }), from);
    if (this.state === 'ended' && req.method !== 'ACK' && req.method !== 'BYE') return respond(481);
    switch (req.method) {
      case 'ACK':
        return this.onAck(req);
      case 'INVITE':
        this.media.takeRemote(req.body);
        respond(200, { Contact: this.ctx.contact(), 'Content-Type': 'application/sdp' }, this.media.answer());
        return this.media.setLive(this.state === 'confirmed');
      case 'BYE':
        respond(200);
        return this.finish({ by: 'remote' });
      case 'CANCEL':
        respond(200);
        if (this.state === 'early' || this.state === 'answering') {
          this.respondInvite(487);
          this.finish({ by: 'remote', status: 487 });
        }
        return;
      case 'NOTIFY':
        if ((req.headers.get('Content-Type') ?? '').toLowerCase().includes('sipfrag')) this.notifies.push(req.body.trim());
        return respond(200);
      case 'OPTIONS': case 'INFO': case 'UPDATE':
        return respond(200);
      default:
        return respond(501);
    }
  }

  /** A 2xx to our INVITE seen again: the ACK got lost, send it again. */
  onRetransmitted2xx(): void {
    if (this.lastAck) this.ctx.transport.send(this.lastAck, this.dialog.peer);
  }

  /** Releases the RTP socket. */
  async dispose(): Promise<void> {
    clearTimeout(this.okTimer);
    await this.media.close();
  }

  private async runInvite(): Promise<void> {
    try {
      const res = await this.dialog.request('INVITE', this.media.offer(), { 'Content-Type': 'application/sdp' }, {
        onSend: (req) => {
          this.pendingInvite = req;
          this.gotProvisional = false;
        },
        onResponse: (r) => this.onProvisional(r),
      });
      const status = res.status ?? 0;
      if (status >= 200 && status < 300) return this.confirm(res);
      this.finish({ by: this.cancelRequested ? 'local' : 'remote', status });
    } catch {
      this.finish({ by: 'local', status: 408 });
    }
  }

  private onProvisional(res: SipMessage): void {
    const status = res.status ?? 0;
    if (status >= 200) return;
    if (status > 100 && this.state === 'calling') this.state = 'early';
    this.gotProvisional = true;
    if (this.cancelRequested) this.sendCancel();
  }

  private confirm(res: SipMessage): void {
    const to = parseNameAddr(res.headers.get('To') ?? '');
    const d = this.dialog;
    d.remoteTag = to.params.tag;
    const contact = res.headers.get('Contact');
    if (contact) d.remoteTarget = parseNameAddr(contact).uri;
    d.routeSet = res.headers.getAll('Record-Route').reverse();
    this.media.takeRemote(res.body);
    if (to.display) this.remoteIdentity = { ...this.remoteIdentity, display: to.display };
    this.lastAck = d.ack(cseqOf(res).seq);
    if (this.cancelRequested) {
      this.finish({ by: 'local' });
      void d.request('BYE', '', {}, { timeoutMs: 4000 }).catch(() => undefined);
      return;
    }
    this.state = 'confirmed';
    this.answeredD.resolve();
    this.media.setLive(true);
  }

  private onAck(req: SipMessage): void {
    this.media.takeRemote(req.body);
    if (this.state !== 'answering') return;
    clearTimeout(this.okTimer);
    this.state = 'confirmed';
    this.answeredD.resolve();
    this.media.setLive(true);
  }

  private async reinvite(direction: string): Promise<void> {
    if (this.state !== 'confirmed') throw new Error(`cannot re-INVITE a call in state ${this.state}`);
    const sdp = this.media.offer(direction);
    this.media.setLive(true);
    const res = await this.dialog.request('INVITE', sdp, { 'Content-Type': 'application/sdp' });
    const status = res.status ?? 0;
    if (status < 200 || status >= 300) throw new Error(String(status));
    this.media.takeRemote(res.body);
    this.lastAck = this.dialog.ack(cseqOf(res).seq);
  }

  private async refer(referTo: string): Promise<void> {
    const res = await this.dialog.request('REFER', '', { 'Refer-To': referTo, 'Referred-By': `<${this.ctx.aor()}>` });
    const status = res.status ?? 0;
    if (status < 200 || status >= 300) throw new Error(String(status));
  }

  /** CANCELs the INVITE in progress, once (RFC 3261: only after a provisional response). */
  private sendCancel(): void {
    const invite = this.pendingInvite;
    if (!invite || this.cancelled === invite) return;
    this.cancelled = invite;
    this.dialog.cancel(invite);
  }

  private respondInvite(status: number, extra: Record<string, string> = {}, body = ''): void {
    if (!this.invite) return;
    const { req, from } = this.invite;
    this.ctx.transport.respond(req, makeResponse(req, status, { toTag: this.localTag, headers: extra, body }), from);
  }

  private finish(end: CallEnd): void {
    if (this.state === 'ended') return;
    const wasAnswered = this.state === 'confirmed';
    this.state = 'ended';
    this.media.stopAudio();
    clearTimeout(this.okTimer);
    if (!wasAnswered) this.answeredD.reject(new Error(`call ended before answer${end.status ? ` (${end.status})` : ''}`));
    this.endedD.resolve(end);
  }
}

function userOf(uri: string): { user?: string } {
  const user = parseUri(uri).user;
  return user !== undefined ? { user } : {};
}
