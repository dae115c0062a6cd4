import { indexOutsideQuotes, parseParams, splitOutside, unquote } from './syntax';

/** A header parameter (`tag`, `branch`, `received`...) outside the <uri>; '' for a flag like `rport`. */
export function headerParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const parts = splitOutside(value, ';');
  return parseParams(parts.slice(1).join(';'))[name.toLowerCase()];
}

/** `"Alice" <sip:alice@host>;tag=x`, `<sip:...>`, or a bare URI (whose ;params are the header's). */
export function parseNameAddr(value: string): { display?: string; uri: string; params: Record<string, string> } {
  const v = value.trim();
  const lt = indexOutsideQuotes(v, '<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    const display = unquote(v.slice(0, lt).trim());
    const uri = v.slice(lt + 1, gt < 0 ? undefined : gt).trim();
    const params = parseParams(gt < 0 ? '' : v.slice(gt + 1));
    return { ...(display ? { display } : {}), uri, params };
  }
  const [uri, ...rest] = splitOutside(v, ';');
  return { uri: uri.trim(), params: parseParams(rest.join(';')) };
}

export interface SipUri {
  scheme: string;
  user?: string;
  host: string;
  port?: number;
  params: Record<string, string>;
  /** `?Replaces=...` style URI headers, values percent-decoded. */
  headers: Record<string, string>;
}

/** Parses `sip:101@127.0.0.1:5060;transport=udp` (also a <bracketed> one). */
export function parseUri(value: string): SipUri {
  let v = value.trim();
  if (v.startsWith('<') && v.endsWith('>')) v = v.slice(1, -1);
  const colon = v.indexOf(':');
  const scheme = colon < 0 ? 'sip' : v.slice(0, colon).toLowerCase();
  let rest = colon < 0 ? v : v.slice(colon + 1);
  const headers: Record<string, string> = {};
  const q = rest.indexOf('?');
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) headers[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
    }
    rest = rest.slice(0, q);
  }
  const [hostPart, ...paramParts] = rest.split(';');
  const at = hostPart.lastIndexOf('@');
  const user = at >= 0 ? decodeURIComponent(hostPart.slice(0, at).split(':')[0]) : undefined;
  const hostport = at >= 0 ? hostPart.slice(at + 1) : hostPart;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostport);
  const host = m ? m[1] : hostport;
  return {
    scheme, ...(user !== undefined ? { user } : {}), host,
    ...(m?.[2] ? { port: Number(m[2]) } : {}), params: parseParams(paramParts.join(';')), headers,
  };
}
