import { EventEmitter } from 'node:events';
import ari, { type Client } from 'ari-client';
import type { Logger } from '../../logger';
import { AriUnavailable, classifyAriError } from './errors';
import { EventRouter, type AriEvent } from './event-router';

export interface AriNodeOptions {
  name: string;
  url: string;
  user: string;
  password: string;
  app: string;
  requestTimeoutMs: number;
  backoff: { initialMs: number; maxMs: number };
}

export type NodeState = 'connecting' | 'up' | 'down';

/**
 * One Asterisk node: connects, keeps reconnecting forever with capped backoff, and routes its
 * events. Emits 'up' on every (re)connection, for the engine to reconcile, and 'down' on loss.
 */
export class AriNode extends EventEmitter {
  readonly events = new EventRouter();
  private client?: Client;
  private stopped = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
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
    (this.client as unknown as EventEmitter | undefined)?.removeAllListeners();
    try {
      this.client?.stop();
    } catch {
      // the socket may already be gone
    }
    this.client = undefined;
    this.setState('down');
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setState('connecting');
    try {
      const client = await ari.connect(this.options.url, this.options.user, this.options.password);
      if (this.stopped) return;
      this.client = client;
      client.on('*' as never, (event: AriEvent) => this.events.dispatch(event));
      client.on('WebSocketConnected' as never, () => this.onConnected());
      client.on('WebSocketReconnecting' as never, () => this.onLost('reconnecting'));
      client.on('WebSocketMaxRetries' as never, () => this.replaceClient());
      await client.start(this.options.app);
    } catch (err) {
      this.logger.warn({ node: this.name, err: (err as Error).message }, 'ARI connect failed');
      this.scheduleReconnect();
    }
  }

  private onConnected(): void {
    this.attempt = 0;
    this.setState('up');
    this.logger.info({ node: this.name }, 'ARI connected');
    this.emit('up');
  }

  private onLost(reason: string): void {
    if (this.state === 'up') this.logger.warn({ node: this.name, reason }, 'ARI connection lost');
    this.setState('down');
  }

  /** ari-client gives up after a few tries; we never do: drop the client and build a new one. */
  private replaceClient(): void {
    this.onLost('max retries');
    (this.client as unknown as EventEmitter | undefined)?.removeAllListeners();
    this.client = undefined;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const { initialMs, maxMs } = this.options.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** this.attempt++);
    this.setState('down');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private setState(state: NodeState): void {
    if (this.state === state) return;
    this.state = state;
    if (state !== 'up') this.emit('down');
    this.emit('state', state);
  }
}
