import { EventEmitter } from 'node:events';
import ari, { type Client } from 'ari-client';
import type { Logger } from '../../logger';
import { AriUnavailable, classifyAriError } from './errors';
import { EventRouter, type AriEvent, type EventHandler } from './event-router';

export interface AriNodeOptions {
  name: string;
  url: string;
  user: string;
  password: string;
  app: string;
  requestTimeoutMs: number;
  backoff: { initialMs: number; maxMs: number };
  /**
   * Pings the events websocket this often; no pong by the next ping means Asterisk hangs or the
   * network dropped without a reset (TCP alone can take many minutes to notice): reconnect. 0: off.
   */
  pingIntervalMs?: number;
}

export type NodeState = 'connecting' | 'up' | 'down';

// ari-client retries a failing websocket itself for about 43 s before it gives up (WebSocketMaxRetries);
// past this, a start() that has not settled hangs in a handshake nobody answers.
const START_TIMEOUT_MS = 60_000;

/**
 * The router that also knows which ids have listeners. After a gap in the events, reconcile asks
 * Asterisk about each of them: a channel, playback or recording whose end was never seen.
 */
export class TrackingRouter extends EventRouter {
  private readonly counts = new Map<string, number>();

  override on(key: string, handler: EventHandler): () => void {
    const off = super.on(key, handler);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      off();
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** Ids that have listeners under a prefix, e.g. "playback" → playback ids. */
  ids(prefix: 'channel' | 'playback' | 'recording' | 'bridge'): string[] {
    const head = `${prefix}:`;
    return [...this.counts.keys()].filter((k) => k.startsWith(head)).map((k) => k.slice(head.length));
  }
}

/** Rejects with AriUnavailable when `work` takes longer than `ms`; its late outcome is ignored. */
function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AriUnavailable(what, `no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One Asterisk node: connects, keeps reconnecting forever with capped backoff, and routes its
 * events. Emits 'up' on every (re)connection, for the engine to reconcile, and 'down' on loss.
 */
export class AriNode extends EventEmitter {
  readonly events = new TrackingRouter();
  private client?: Client;
  private stopped = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private ponged = true;
  /** Bumped by every connection attempt and every dropped client: stale attempts know they are stale. */
  private generation = 0;
  state: NodeState = 'connecting';

  constructor(readonly options: AriNodeOptions, private readonly logger: Logger) {
    super();
  }

  get name(): string {
    return this.options.name;
  }

  start(): void {
    void this.connect();
  }

  /** Runs one ARI request with a timeout; a 404/409 becomes AriGone, no connection AriUnavailable. */
  async request<T>(operation: string, call: (client: Client) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client || this.state !== 'up') throw new AriUnavailable(operation, 'not connected');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AriUnavailable(operation, `no answer in ${this.options.requestTimeoutMs} ms`)), this.options.requestTimeoutMs);
    });
    try {
      return await Promise.race([call(client).catch((err: unknown) => Promise.reject(classifyAriError(operation, err))), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.dropClient();
    this.setState('down');
  }

  /** Forgets the current client: no more events from it, its websocket closed, no auto-reconnect of its own. */
  private dropClient(): void {
    this.generation++;
    clearInterval(this.pingTimer);
    (this.client as unknown as EventEmitter | undefined)?.removeAllListeners();
    try {
      this.client?.stop();
    } catch {
      // the socket may already be gone
    }
    this.client = undefined;
  }

  /**
   * One connection attempt. Loading the API description is plain HTTP with no timeout of its own,
   * so it is bounded here; an attempt overtaken by a newer one (or by stop) is ignored when it ends.
   */
  private async connect(): Promise<void> {
    if (this.stopped) return;
    const attempt = ++this.generation;
    const current = () => attempt === this.generation && !this.stopped;
    this.setState('connecting');
    try {
      const { url, user, password, app, requestTimeoutMs } = this.options;
      const client = await bounded(ari.connect(url, user, password), requestTimeoutMs * 3, 'load the ARI description');
      if (!current()) return;
      this.client = client;
      client.on('*' as never, (event: AriEvent) => this.events.dispatch(event));
      client.on('WebSocketConnected' as never, () => this.onConnected());
      client.on('WebSocketReconnecting' as never, () => this.onLost('reconnecting'));
      client.on('WebSocketMaxRetries' as never, () => this.replaceClient('max retries'));
      client.on('pong' as never, () => (this.ponged = true));
      await bounded(client.start(app), START_TIMEOUT_MS, 'open the events websocket');
    } catch (err) {
      if (!current()) return;
      this.logger.warn({ node: this.name, err: (err as Error).message }, 'ARI connect failed');
      this.dropClient();
      this.scheduleReconnect();
    }
  }

  private onConnected(): void {
    this.attempt = 0;
    this.watchLiveness();
    this.setState('up');
    this.logger.info({ node: this.name }, 'ARI connected');
    this.emit('up');
  }

  private onLost(reason: string): void {
    clearInterval(this.pingTimer);
    if (this.state === 'up') this.logger.warn({ node: this.name, reason }, 'ARI connection lost');
    this.setState('down');
  }

  /** ari-client gives up after a few tries, and never notices a silent peer; we do: build a new client. */
  private replaceClient(reason: string): void {
    this.onLost(reason);
    this.dropClient();
    this.scheduleReconnect();
  }

  private watchLiveness(): void {
    clearInterval(this.pingTimer);
    const every = this.options.pingIntervalMs ?? 0;
    if (every <= 0) return;
    this.ponged = true;
    this.pingTimer = setInterval(() => {
      if (!this.ponged) return this.replaceClient(`no pong in ${every} ms`);
      this.ponged = false;
      try {
        this.client?.ping();
      } catch {
        // not open right now: the missing pong decides at the next tick
      }
    }, every);
    this.pingTimer.unref();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const { initialMs, maxMs } = this.options.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** this.attempt++);
    this.setState('down');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private setState(state: NodeState): void {
    if (this.state === state) return;
    this.state = state;
    if (state !== 'up') this.emit('down');
    this.emit('state', state);
  }
}
