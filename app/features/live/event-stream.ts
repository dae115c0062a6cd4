import type { Server } from 'node:http';
import type { Request, Response } from 'express';

/** A proxy closes a quiet connection after a minute or so: a comment line well before that keeps it open. */
export const HEARTBEAT_MS = 15_000;
/** How soon an open stream notices that its server is shutting down. */
const SHUTDOWN_CHECK_MS = 1000;

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Runs once, when the page goes away or the stream is ended. */
  onClose(fn: () => void): void;
  end(): void;
}

/**
 * A server-sent event stream on the response. It ends when the client leaves, and when the
 * server stops listening (shutdown): an open stream must not hold a stopping process up, so its
 * connection is closed too rather than kept alive for another request.
 */
export function openEventStream(req: Request, res: Response, heartbeatMs = HEARTBEAT_MS): EventStream {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
  res.write('retry: 3000\n\n');
  const closers: (() => void)[] = [];
  let closed = false;
  let lastWrite = Date.now();
  const write = (text: string) => ((lastWrite = Date.now()), res.write(text));
  const server = (req.socket as { server?: Server }).server;
  const timer = setInterval(() => {
    if (server && !server.listening) return void (stream.end(), req.socket.end());
    if (Date.now() - lastWrite >= heartbeatMs) write(': heartbeat\n\n');
  }, Math.min(heartbeatMs, SHUTDOWN_CHECK_MS));
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    for (const fn of closers.splice(0)) fn();
  };
  res.on('close', close);
  const stream: EventStream = {
    send(event, data) {
      if (!closed) write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose: (fn) => void closers.push(fn),
    end() {
      close();
      res.end();
    },
  };
  return stream;
}
