import { PhoneContext, requestWithAuth } from './dialog-context';
import { SipHeaders, SipMessage, newTag } from './message';
import { SipAddress, cancelFor } from './transport';

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, REFER, UPDATE';

/** The dialog identifiers and routing of one call, and the requests sent inside it (RFC 3261 §12). */
export class SipDialog {
  localTag = newTag();
  remoteTag?: string;
  /** Our URI and the other side's URI as they appear in From/To. */
  localUri = '';
  remoteUri = '';
  /** Where in-dialog requests are addressed (the other side's Contact). */
  remoteTarget = '';
  routeSet: string[] = [];
  /** Where datagrams go: the server for our calls, the INVITE's source for incoming ones. */
  peer: SipAddress;
  private localCseq = 0;

  constructor(private readonly ctx: PhoneContext, readonly callId: string, readonly weCalled: boolean) {
    this.peer = ctx.server;
  }

  /** Sends a request in the dialog (digest on 401/407); resolves with the final response. */
  request(method: string, body = '', extra: Record<string, string> = {}, opts: {
    timeoutMs?: number; onSend?: (req: SipMessage) => void; onResponse?: (res: SipMessage) => void;
  } = {}): Promise<SipMessage> {
    return requestWithAuth(this.ctx, (cseq) => this.build(method, cseq, body, extra), () => ++this.localCseq, { to: this.peer, ...opts });
  }

  /** ACK for a 2xx to our INVITE with CSeq `seq`; returned so it can be re-sent. */
  ack(seq: number): SipMessage {
    const ack = this.build('ACK', seq, '', {});
    ack.headers.delete('Contact').delete('User-Agent');
    this.ctx.transport.send(ack, this.peer);
    return ack;
  }

  /** CANCEL for an INVITE still in progress: same Via branch, same CSeq number. */
  cancel(invite: SipMessage): void {
    void this.ctx.transport.request(cancelFor(invite), this.peer).catch(() => undefined);
  }

  private build(method: string, cseq: number, body: string, extra: Record<string, string>): SipMessage {
    const headers = new SipHeaders();
    headers.append('Via', this.ctx.via());
    for (const route of this.routeSet) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', this.weCalled ? this.ctx.fromHeader(this.localTag) : `<${this.localUri}>;tag=${this.localTag}`);
    headers.append('To', `<${this.remoteUri}>${this.remoteTag ? `;tag=${this.remoteTag}` : ''}`);
    headers.append('Call-ID', this.callId);
    headers.append('CSeq', `${cseq} ${method}`);
    headers.append('Contact', this.ctx.contact());
    if (method === 'INVITE') {
      headers.append('Allow', ALLOW);
      headers.append('Supported', 'replaces');
    }
    headers.append('User-Agent', 'vpbx-spec-phone');
    for (const [name, value] of Object.entries(extra)) headers.append(name, value);
    return { kind: 'request', method, uri: this.remoteTarget, headers, body };
  }
}

