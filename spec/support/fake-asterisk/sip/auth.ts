/** Digest authentication of out-of-dialog requests against the endpoint's auth object (res_pjsip). */
import { randomBytes } from 'node:crypto';
import { parseChallenge, verifyAuthorization } from '../../sip/digest';
import { makeResponse, type SipMessage } from '../../sip/message';
import type { World } from '../world';

/** res_pjsip's default_realm, used when the auth object names none */
const DEFAULT_REALM = 'asterisk';

interface Credentials {
  username: string;
  realm: string;
  /** auth_type userpass */
  password?: string;
  /** auth_type md5: md5("username:realm:password"), what the engine provisions */
  md5Cred?: string;
}

export class DigestGuard {
  private readonly nonces = new Set<string>();

  constructor(private readonly world: World) {}

  /** True when the request carries valid credentials of `endpoint`'s auth object (never for unknown endpoints). */
  verify(req: SipMessage, endpoint: string | undefined): boolean {
    const header = req.headers.get('Authorization');
    const creds = endpoint === undefined ? undefined : this.credentials(endpoint);
    if (!header || !creds) return false;
    const nonce = parseChallenge(header).params.nonce ?? '';
    if (!this.nonces.has(nonce)) return false;
    const expected = { method: req.method ?? '', realm: creds.realm, nonce, username: creds.username };
    return verifyAuthorization(header, creds.md5Cred !== undefined ? { ...expected, ha1: creds.md5Cred } : { ...expected, password: creds.password ?? '' });
  }

  /** Endpoints without an inbound auth object (a trunk identified by IP) are not challenged. */
  needsAuth(endpoint: string | undefined): boolean {
    return endpoint === undefined || Boolean(this.world.config.endpointValue(endpoint, 'auth'));
  }

  /** 401 with a fresh challenge: Asterisk answers missing and wrong credentials alike (unknown endpoints too). */
  challenge(req: SipMessage, toTag: string, endpoint: string | undefined): SipMessage {
    const nonce = randomBytes(16).toString('hex');
    this.nonces.add(nonce);
    const realm = (endpoint && this.credentials(endpoint)?.realm) || DEFAULT_REALM;
    const value = `Digest realm="${realm}",nonce="${nonce}",opaque="${randomBytes(8).toString('hex')}",algorithm=MD5,qop="auth"`;
    return makeResponse(req, 401, { toTag, headers: { 'WWW-Authenticate': value, Server: 'Asterisk PBX 22.10.1' } });
  }

  private credentials(endpoint: string): Credentials | undefined {
    const authId = this.world.config.endpointValue(endpoint, 'auth');
    if (!authId) return undefined;
    let tuples: Array<{ attribute: string; value: string }>;
    try {
      tuples = this.world.config.get('res_pjsip', 'auth', authId);
    } catch {
      return undefined;
    }
    const value = (k: string): string => tuples.find((t) => t.attribute === k)?.value ?? '';
    const base = { username: value('username'), realm: value('realm') || DEFAULT_REALM };
    return value('auth_type') === 'md5' ? { ...base, md5Cred: value('md5_cred') } : { ...base, password: value('password') };
  }
}
