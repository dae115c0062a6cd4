import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { AppError, notFound, pbxUnavailable } from '../../errors';
import { ariNode, ariRequest, type AriAccess } from '../../pbx/ari/rest';


/** A file Asterisk keeps: its recording name, on the node that recorded it (null: the first node). */
export interface StoredFile {
  node: string | null;
  name: string;
}

export interface SendOptions {
  /** attachment: a download named `filename`; inline: for <audio> on the page. */
  disposition: 'inline' | 'attachment';
  filename: string;
}

/** A whole file may take this long to arrive for an e-mail attachment (a 10-minute message is ~10 MB). */
const READ_TIMEOUT_MS = 60_000;

/**
 * Recordings stay on the Asterisk node that made them; any process reaches them through ARI's REST
 * API (GET /recordings/stored/{name}/file, DELETE /recordings/stored/{name}). Every request has a
 * timeout: a node that does not answer is "PBX unavailable", a file that is not there is "not found".
 */
export class StoredFiles {
  constructor(private readonly pbx: AriAccess) {}

  /** Streams the file to the browser; a byte Range gets 206 with that part (seeking in <audio>). */
  async send(req: Request, res: Response, file: StoredFile, opts: SendOptions): Promise<void> {
    const upstream = new AbortController();
    res.on('close', () => upstream.abort());
    const reply = await this.request('GET', file, '/file', upstream);
    if (reply.status === 404 || !reply.body) {
      await reply.body?.cancel();
      throw notFound('recording');
    }
    const total = Number(reply.headers.get('content-length') ?? NaN);
    const sized = Number.isSafeInteger(total) && total > 0;
    const ranges = sized ? req.range(total) : undefined;
    res.set({ 'Content-Type': reply.headers.get('content-type') ?? 'audio/wav', 'Cache-Control': 'private, no-cache' });
    if (sized) res.set('Accept-Ranges', 'bytes');
    if (opts.disposition === 'attachment') res.attachment(opts.filename);
    if (ranges === -1) {
      upstream.abort();
      res.status(416).set('Content-Range', `bytes */${total}`).end();
      return;
    }
    // One range is what players ask for; several (or a malformed header) get the whole file, as RFC 9110 allows.
    const range = Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 ? ranges[0] : undefined;
    const body = reply.body as unknown as AsyncIterable<Uint8Array>;
    if (range) {
      res.status(206).set({ 'Content-Range': `bytes ${range.start}-${range.end}/${total}`, 'Content-Length': String(range.end - range.start + 1) });
    } else if (sized) res.set('Content-Length', String(total));
    // Once the status is out, a failure (the node or the browser went away) can only cut the response short.
    await pipeline(Readable.from(range ? slice(body, range.start, range.end) : body), res).catch(() => res.destroy());
  }

  /** The whole file (for an e-mail attachment); null when it is gone. */
  async read(file: StoredFile): Promise<Buffer | null> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), READ_TIMEOUT_MS);
    try {
      const reply = await this.request('GET', file, '/file', controller);
      if (reply.status === 404) {
        await reply.body?.cancel();
        return null;
      }
      return Buffer.from(await reply.arrayBuffer());
    } catch (err) {
      throw err instanceof AppError ? err : pbxUnavailable(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Deletes the file on its node; 'gone' when it was not there (deleted before: nothing left to do). */
  async remove(file: StoredFile): Promise<'removed' | 'gone'> {
    const reply = await this.request('DELETE', file, '', new AbortController());
    await reply.body?.cancel();
    return reply.status === 404 ? 'gone' : 'removed';
  }

  /** One ARI request; the timeout covers the wait for the response head. 404 is returned, other failures throw 503. */
  private async request(method: 'GET' | 'DELETE', file: StoredFile, suffix: string, controller: AbortController): Promise<globalThis.Response> {
    const node = ariNode(this.pbx, file.node);
    const timer = setTimeout(() => controller.abort(), this.pbx.requestTimeoutMs);
    try {
      const reply = await ariRequest(this.pbx, node, method, `/recordings/stored/${encodeURIComponent(file.name)}${suffix}`, { signal: controller.signal });
      if (reply.status !== 404 && !reply.ok) {
        await reply.body?.cancel();
        throw new Error(`ARI ${method} recording ${file.name} on ${node.name}: HTTP ${reply.status}`);
      }
      return reply;
    } catch (err) {
      throw err instanceof AppError ? err : pbxUnavailable(err);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Bytes start..end (inclusive) of a stream; stops reading (and so the download) once past the end. */
async function* slice(source: AsyncIterable<Uint8Array>, start: number, end: number): AsyncGenerator<Uint8Array> {
  let position = 0;
  for await (const chunk of source) {
    const from = Math.max(0, start - position);
    const to = Math.min(chunk.length, end + 1 - position);
    if (to > from) yield chunk.subarray(from, to);
    position += chunk.length;
    if (position > end) return;
  }
}
