/** A bare events websocket client for the fake's own tests (what ari-client does, minus the reconnects). */
import type { FakeAsterisk } from './index';
import type { AriEvent } from './types';

interface RawWs {
  on(event: 'open', cb: () => void): void;
  on(event: 'message', cb: (data: unknown) => void): void;
  on(event: 'close', cb: (code: number) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(code?: number): void;
  terminate(): void;
}

const WsLib = require('ws') as new (url: string) => RawWs;

export class EventClient {
  readonly events: AriEvent[] = [];
  /** resolves with the close code the client saw (1006: the TCP connection dropped) */
  readonly closed: Promise<number>;
  private readonly ws: RawWs;
  private readonly opened: Promise<void>;

  private constructor(url: string) {
    this.ws = new WsLib(url);
    this.ws.on('message', (data) => this.events.push(JSON.parse(String(data)) as AriEvent));
    this.closed = new Promise((resolve) => this.ws.on('close', resolve));
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
    });
  }

  /** Opens /ari/events?app=...&api_key=user:password and waits until it is open. */
  static async open(fake: FakeAsterisk, app: string, opts: { subscribeAll?: boolean } = {}): Promise<EventClient> {
    const key = encodeURIComponent(`${fake.user}:${fake.password}`);
    const all = opts.subscribeAll ? '&subscribeAll=true' : '';
    const client = new EventClient(`${fake.url.replace(/^http/, 'ws')}/ari/events?app=${encodeURIComponent(app)}&api_key=${key}${all}`);
    await client.opened;
    return client;
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  /** The first event (already received or coming) that matches. */
  async next(match: string | ((e: AriEvent) => boolean), timeoutMs = 2000): Promise<AriEvent> {
    const test = typeof match === 'string' ? (e: AriEvent) => e.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find(test);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no event ${typeof match === 'string' ? match : 'matching'} within ${timeoutMs} ms; got ${this.types().join(', ')}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  close(): Promise<number> {
    this.ws.close();
    return this.closed;
  }

  terminate(): void {
    this.ws.terminate();
  }
}
