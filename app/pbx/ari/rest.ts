import type { Config } from '../../config';
import { pbxUnavailable } from '../../errors';

export type AriAccess = Pick<Config['pbx'], 'nodes' | 'user' | 'password' | 'requestTimeoutMs'>;
export type AriNodeConfig = Config['pbx']['nodes'][number];

/**
 * ARI over plain REST, for processes that hold no events connection (web pages, jobs): they
 * reach the node that has a call or a file by its configured name. Every request has a timeout
 * (the caller's signal, else the configured one); a node that is not configured or cannot be
 * reached is "PBX unavailable" (503). Statuses are the caller's to read.
 */
export function ariNode(pbx: AriAccess, name: string | null): AriNodeConfig {
  const node = name === null ? pbx.nodes[0] : pbx.nodes.find((n) => n.name === name);
  if (!node) throw pbxUnavailable(new Error(`node ${name ?? '(first)'} is not configured`));
  return node;
}

export async function ariRequest(
  pbx: AriAccess,
  node: AriNodeConfig,
  method: string,
  path: string,
  opts: { query?: Record<string, string>; body?: unknown; signal?: AbortSignal } = {},
): Promise<Response> {
  const query = opts.query ? `?${new URLSearchParams(opts.query)}` : '';
  try {
    return await fetch(`${node.url}/ari${path}${query}`, {
      method,
      headers: { authorization: `Basic ${Buffer.from(`${pbx.user}:${pbx.password}`).toString('base64')}`, ...(opts.body ? { 'content-type': 'application/json' } : {}) },
      body: opts.body ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal ?? AbortSignal.timeout(pbx.requestTimeoutMs),
    });
  } catch (err) {
    throw pbxUnavailable(err);
  }
}
