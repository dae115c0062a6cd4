/** ARI route table: path templates, 404 / 405 as Asterisk answers them. */

/** An ARI error reply: {"message": ...} with a status. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** raw bytes (recording files) */
  raw?: Buffer;
}

export interface Ctx {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  /** runs after the response is written (what the handler does itself happens before it) */
  after(fn: () => void): void;
}

export type Handler = (ctx: Ctx) => Reply;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'DELETE'];

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    this.routes.push({ method, parts: template.split('/').filter(Boolean), handler });
    return this;
  }

  /** Finds the handler; throws 404 "Resource not found" or 405 "Invalid method" like Asterisk. */
  resolve(method: string, path: string): { handler: Handler; params: Record<string, string> } {
    const segs = path.split('/').filter(Boolean).map(safeDecode);
    const matches = this.routes
      .map((route) => ({ route, params: match(route.parts, segs) }))
      .filter((m): m is { route: Route; params: Record<string, string> } => m.params !== undefined);
    if (matches.length === 0) throw new AriError(404, 'Resource not found');
    const best = bestTemplate(matches.map((m) => m.route));
    const same = matches.filter((m) => m.route.parts.join('/') === best);
    const hit = same.find((m) => m.route.method === method);
    if (hit) return { handler: hit.route.handler, params: hit.params };
    const allowed = METHOD_ORDER.filter((m) => same.some((s) => s.route.method === m));
    throw new AriError(405, 'Invalid method', { headers: { allow: ['OPTIONS', ...allowed].join(',') } });
  }
}

function safeDecode(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

function match(parts: string[], segs: string[]): Record<string, string> | undefined {
  if (parts.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.startsWith('{')) params[p.slice(1, -1)] = segs[i];
    else if (p !== segs[i]) return undefined;
  }
  return params;
}

/** Literal segments win over {params}, as in Asterisk's path tree. */
function bestTemplate(routes: Route[]): string {
  const score = (r: Route): number => r.parts.reduce((s, p, i) => s + (p.startsWith('{') ? 0 : 2 ** (10 - i)), 0);
  return [...routes].sort((a, b) => score(b) - score(a))[0].parts.join('/');
}
