import { buildAuthorization, parseChallenge } from './digest';
import { SipMessage } from './message';
import { SipAddress, SipTransport } from './transport';

/** What a call needs from the phone that owns it. */
export interface PhoneContext {
  transport: SipTransport;
  server: SipAddress;
  username: string;
  password: string;
  displayName?: string;
  /** Our address-of-record URI, e.g. sip:alice@127.0.0.1. */
  aor(): string;
  /** `<sip:alice@our-host:our-port>` */
  contact(): string;
  /** `sip:<user>@server` (port left out when 5060, as a desk phone writes it). */
  serverUri(user?: string): string;
  /** A fresh Via value for a new client transaction. */
  via(): string;
  /** `"Display" <aor>;tag=...` */
  fromHeader(tag: string): string;
}

/**
 * Sends a request built by `build(cseq)`; on 401/407 sends it again (new branch, next CSeq) with
 * digest credentials, a second time only for a stale nonce. Resolves with the final response.
 */
export async function requestWithAuth(ctx: PhoneContext, build: (cseq: number) => SipMessage, nextCseq: () => number, opts: {
  to: SipAddress; onResponse?: (res: SipMessage) => void; onSend?: (req: SipMessage) => void; timeoutMs?: number;
}): Promise<SipMessage> {
  const send = (req: SipMessage) => {
    opts.onSend?.(req);
    return ctx.transport.request(req, opts.to, { onResponse: opts.onResponse, timeoutMs: opts.timeoutMs });
  };
  let req = build(nextCseq());
  let res = await send(req);
  for (let attempt = 0; attempt < 2 && (res.status === 401 || res.status === 407); attempt++) {
    const challenge = md5Challenge(res.headers.getAll(res.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate'));
    if (!challenge || (attempt > 0 && !parseChallenge(challenge).stale)) break;
    const authorization = buildAuthorization({ challenge, method: req.method ?? '', uri: req.uri ?? '', username: ctx.username, password: ctx.password });
    req = build(nextCseq());
    req.headers.set(res.status === 401 ? 'Authorization' : 'Proxy-Authorization', authorization);
    res = await send(req);
  }
  return res;
}

/** Asterisk 22 may offer several digest algorithms; a desk phone answers the MD5 one. */
function md5Challenge(values: string[]): string | undefined {
  return values.find((v) => (parseChallenge(v).algorithm ?? 'MD5').toUpperCase() === 'MD5');
}
