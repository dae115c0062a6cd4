/** One SIP dialog between the fake and a UA, bound to the phone model's Phone for that channel. */
import { SipHeaders, makeResponse, newBranch, parseNameAddr, type SipMessage } from '../../sip/message';
import { cancelFor, type SipAddress, type SipTransport } from '../../sip/transport';
import type { Phone } from '../phone';
import { statusForCause } from './causes';
import type { CallMedia } from './media';

/** early: INVITE not yet answered; confirmed: 2xx/ACK done; ended: BYE/CANCEL/final error. */
export type DialogState = 'early' | 'confirmed' | 'ended';

export interface DialogInit {
  /** uas: the UA called the fake; uac: the fake called the UA */
  role: 'uas' | 'uac';
  callId: string;
  localTag: string;
  /** our From/To value without tag */
  local: string;
  /** the UA's From/To value without tag */
  remote: string;
  remoteTag?: string;
  /** Request-URI of requests to the UA (its Contact) */
  remoteTarget: string;
  /** where the UA's signalling goes (its source address: force_rport, rewrite_contact) */
  peer: SipAddress;
  phone: Phone;
  media: CallMedia;
}

export class SipDialog {
  state: DialogState = 'early';
  readonly role: 'uas' | 'uac';
  readonly callId: string;
  readonly phone: Phone;
  readonly media: CallMedia;
  readonly peer: SipAddress;
  remoteTag?: string;
  remoteTarget: string;
  /** the INVITE that created the dialog (uas: to answer it; uac: to CANCEL it) */
  invite?: SipMessage;
  private cseq = 1;
  private readonly localTag: string;
  private readonly local: string;
  private readonly remote: string;

  constructor(private readonly transport: SipTransport, init: DialogInit) {
    this.role = init.role;
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.local = init.local;
    this.remote = init.remote;
    this.remoteTag = init.remoteTag;
    this.remoteTarget = init.remoteTarget;
    this.peer = init.peer;
    this.phone = init.phone;
    this.media = init.media;
  }

  /** Our Contact: Asterisk shows a user part only on the calls it places (trace j). */
  get contact(): string {
    const { host, port } = this.transport.address;
    return this.role === 'uac' ? `<sip:asterisk@${host}:${port}>` : `<sip:${host}:${port}>`;
  }

  /** A request inside the dialog (a new CSeq unless given, e.g. the ACK of the INVITE). */
  request(method: string, headers: Record<string, string> = {}, body = '', cseq = ++this.cseq): SipMessage {
    const h = new SipHeaders();
    h.append('Via', `${this.transport.viaSentBy()};rport;branch=${newBranch()}`);
    h.append('Max-Forwards', '70');
    h.append('From', `${this.local};tag=${this.localTag}`);
    h.append('To', this.remoteTag ? `${this.remote};tag=${this.remoteTag}` : this.remote);
    h.append('Call-ID', this.callId);
    h.append('CSeq', `${cseq} ${method}`);
    h.append('Contact', this.contact);
    h.append('User-Agent', 'Asterisk PBX 22.10.1');
    for (const [name, value] of Object.entries(headers)) h.append(name, value);
    return { kind: 'request', method, uri: this.remoteTarget, headers: h, body };
  }

  /** Sends a request in its own transaction; a UA that went away is not an error here. */
  send(method: string, headers: Record<string, string> = {}, body = ''): Promise<SipMessage | undefined> {
    return this.transport.request(this.request(method, headers, body), this.peer).catch(() => undefined);
  }

  /** A message outside any transaction (the ACK of a 2xx). */
  sendStateless(m: SipMessage): void {
    this.transport.send(m, this.peer);
  }

  /** A response from us to a request of this dialog's UA. */
  respond(req: SipMessage, status: number, opts: { headers?: Record<string, string>; body?: string } = {}): void {
    const headers = { ...(status >= 200 && status < 300 ? { Contact: this.contact } : {}), ...opts.headers };
    this.transport.respond(req, makeResponse(req, status, { toTag: this.localTag, headers, body: opts.body }), this.peer);
  }

  /** The channel went away on the Asterisk side: BYE, CANCEL or a final error response, as the state needs. */
  channelEnded(cause: number): void {
    const state = this.state;
    this.state = 'ended';
    if (state === 'confirmed') void this.send('BYE').finally(() => this.media.close());
    else {
      if (state === 'early' && this.invite) this.endEarly(this.invite, cause);
      void this.media.close();
    }
  }

  private endEarly(invite: SipMessage, cause: number): void {
    if (this.role === 'uas') return this.respond(invite, statusForCause(cause));
    this.transport.request(cancelFor(invite), this.peer).catch(() => undefined);
  }
}

/** The URI of a message's Contact (where in-dialog requests go). */
export function contactUri(m: SipMessage): string | undefined {
  const contact = m.headers.get('Contact');
  return contact === undefined ? undefined : parseNameAddr(contact).uri;
}

/** A From/To value without its tag parameter. */
export function withoutTag(value: string): string {
  return value.replace(/;\s*tag=[^;]*/i, '').trim();
}
