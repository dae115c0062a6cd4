/** What a replay got that the recording did not: REST statuses/bodies, websocket rejections and close codes. */
import type { ClientConn, RestResult } from './replay';
import { Normaliser, type TraceLine } from './trace';

type Obj = Record<string, unknown>;

/** REST results whose status or (normalised) body differ from the recording. */
export function restMismatches(rest: RestResult[], skipBodies: number[] = []): string[] {
  const ne = new Normaliser();
  const na = new Normaliser();
  const out: string[] = [];
  for (const r of rest) {
    const e = r.expected;
    if (e.status !== r.actual.status) out.push(`req ${r.req} ${r.method} ${r.path}: status ${r.actual.status}, recorded ${e.status}`);
    const expBody = ne.norm(racyFree(e.body));
    const actBody = na.norm(racyFree(r.actual.body));
    if (skipBodies.includes(r.req) || isBinary(e.body)) continue;
    if (JSON.stringify(expBody) !== JSON.stringify(actBody)) {
      out.push(`req ${r.req} ${r.method} ${r.path}: body ${JSON.stringify(actBody)}, recorded ${JSON.stringify(expBody)}`);
    }
  }
  return out;
}

/** Websocket rejections and close codes that differ from the recording. */
export function wsMismatches(lines: TraceLine[], conns: Map<string, ClientConn>): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const conn = conns.get(line.conn ?? '');
    if (line.kind === 'ws_rejected') out.push(...rejectionMismatches(line, conn));
    if (line.kind === 'ws_close' && conn?.closeCode !== line.code) out.push(`${line.conn}: closed ${conn?.closeCode}, recorded ${line.code}`);
  }
  return out;
}

function rejectionMismatches(line: TraceLine, conn: ClientConn | undefined): string[] {
  const got = conn?.rejected;
  const out: string[] = [];
  if (got?.status !== line.status || JSON.stringify(got?.body) !== JSON.stringify(line.body)) {
    out.push(`${line.conn}: rejected ${got?.status} ${JSON.stringify(got?.body)}, recorded ${line.status} ${JSON.stringify(line.body)}`);
  }
  if ((line.headers ?? {})['www-authenticate'] !== got?.headers['www-authenticate']) out.push(`${line.conn}: WWW-Authenticate differs`);
  return out;
}

/** A playback's state in the 201 depends on whether PlaybackStarted won the race (queued / playing). */
function racyFree(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !('media_uri' in body)) return body;
  const { state, ...rest } = body as Obj;
  return { ...rest, state: state === 'playing' ? 'queued' : state };
}

function isBinary(body: unknown): boolean {
  return !!body && typeof body === 'object' && (body as Obj).binary === true;
}

