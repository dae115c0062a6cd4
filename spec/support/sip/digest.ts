import { createHash, randomBytes } from 'node:crypto';

/** A WWW-Authenticate / Proxy-Authenticate Digest challenge. */
export interface DigestChallenge {
  scheme: string;
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm?: string;
  /** The qop options offered, e.g. ['auth']. */
  qop?: string[];
  stale?: boolean;
  params: Record<string, string>;
}

/** Parses `Digest realm="asterisk",nonce="...",qop="auth",algorithm=MD5`. */
export function parseChallenge(headerValue: string): DigestChallenge {
  const v = headerValue.trim();
  const space = v.indexOf(' ');
  const scheme = space < 0 ? v : v.slice(0, space);
  const params = parseAuthParams(space < 0 ? '' : v.slice(space + 1));
  return {
    scheme,
    realm: params.realm ?? '',
    nonce: params.nonce ?? '',
    ...(params.opaque !== undefined ? { opaque: params.opaque } : {}),
    ...(params.algorithm !== undefined ? { algorithm: params.algorithm } : {}),
    ...(params.qop !== undefined ? { qop: params.qop.split(',').map((q) => q.trim()).filter(Boolean) } : {}),
    ...(params.stale !== undefined ? { stale: params.stale.toLowerCase() === 'true' } : {}),
    params,
  };
}

/** Parses comma-separated `name=value` / `name="quoted, value"` pairs (names lower-cased). */
export function parseAuthParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '') break;
    out[m[1].toLowerCase()] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2];
  }
  return out;
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The RFC 2617 MD5 response (qop=auth when qop is given, else the RFC 2069 form). */
/** A secret is a password, or the stored HA1 (md5("user:realm:password"), Asterisk's md5_cred). */
export type DigestSecret = { password: string } | { ha1: string };

export function digestResponse(p: { username: string; realm: string; method: string; uri: string; nonce: string; qop?: string; nc?: string; cnonce?: string } & DigestSecret): string {
  const ha1 = 'ha1' in p ? p.ha1 : md5(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop
    ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
    : md5(`${ha1}:${p.nonce}:${ha2}`);
}

/** The Authorization / Proxy-Authorization value answering `challenge` (MD5; qop=auth when offered). */
export function buildAuthorization(o: {
  challenge: DigestChallenge | string; method: string; uri: string; username: string; password: string;
  nc?: number | string; cnonce?: string;
}): string {
  const ch = typeof o.challenge === 'string' ? parseChallenge(o.challenge) : o.challenge;
  const qop = ch.qop?.some((q) => q.toLowerCase() === 'auth') ? 'auth' : undefined;
  const nc = typeof o.nc === 'string' ? o.nc : (o.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = o.cnonce ?? randomBytes(8).toString('hex');
  const response = digestResponse({ username: o.username, realm: ch.realm, password: o.password, method: o.method, uri: o.uri, nonce: ch.nonce, qop, nc, cnonce });
  const parts = [
    `username="${o.username}"`, `realm="${ch.realm}"`, `nonce="${ch.nonce}"`, `uri="${o.uri}"`,
    `response="${response}"`, `algorithm=${ch.algorithm ?? 'MD5'}`,
  ];
  if (ch.opaque !== undefined) parts.push(`opaque="${ch.opaque}"`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}

/** Checks an Authorization value against the expected realm, nonce and password (username taken from it). */
export function verifyAuthorization(headerValue: string, expected: { method: string; realm: string; nonce: string; username?: string } & DigestSecret): boolean {
  const ch = parseChallenge(headerValue);
  const p = ch.params;
  if (ch.scheme.toLowerCase() !== 'digest') return false;
  if (p.realm !== expected.realm || p.nonce !== expected.nonce || !p.uri || !p.response || !p.username) return false;
  if (expected.username !== undefined && p.username !== expected.username) return false;
  if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return false;
  const secret: DigestSecret = 'ha1' in expected ? { ha1: expected.ha1 } : { password: expected.password };
  const want = digestResponse({
    username: p.username, realm: expected.realm, method: expected.method,
    uri: p.uri, nonce: expected.nonce, qop: p.qop, nc: p.nc, cnonce: p.cnonce, ...secret,
  });
  return want === p.response.toLowerCase();
}
