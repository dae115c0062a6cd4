import type { Logger } from '../../logger';
import type { LiveCallRow } from './service';

/** What changed in an account's calls in progress since the last look. */
export type LiveChange = { type: 'upsert'; call: LiveCallRow } | { type: 'gone'; id: number };
export type LiveListener = (change: LiveChange) => void;

export interface LiveSubscription {
  /** The calls in progress once the feed has looked at least once. */
  ready: Promise<LiveCallRow[]>;
  close(): void;
}

/** One account's feed: one query per interval however many pages watch it, and the last result to diff against. */
class AccountFeed {
  readonly listeners = new Set<LiveListener>();
  private calls = new Map<number, { row: LiveCallRow; key: string }>();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly first: Promise<void>;

  constructor(
    private readonly accountId: number,
    private readonly load: (accountId: number) => Promise<LiveCallRow[]>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.first = this.poll();
  }

  async snapshot(): Promise<LiveCallRow[]> {
    await this.first;
    return [...this.calls.values()].map((c) => c.row);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async poll(): Promise<void> {
    try {
      this.apply(await this.load(this.accountId));
    } catch (err) {
      this.logger.warn({ err, accountId: this.accountId }, 'live calls not read: trying again');
    }
    // The next look is scheduled after this one ends: a slow database never stacks queries up.
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }

  private apply(rows: LiveCallRow[]): void {
    const next = new Map(rows.map((row) => [row.id, { row, key: JSON.stringify(row) }]));
    const changes: LiveChange[] = [];
    for (const id of this.calls.keys()) if (!next.has(id)) changes.push({ type: 'gone', id });
    for (const [id, entry] of next) if (this.calls.get(id)?.key !== entry.key) changes.push({ type: 'upsert', call: entry.row });
    this.calls = next;
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }
}

/**
 * Live calls for every watched account, read from the database (the engine's records are the
 * truth, whichever process runs the engine). Pages of the same account share one feed; a feed
 * stops with its last page.
 */
export class LiveHub {
  private readonly feeds = new Map<number, AccountFeed>();

  constructor(
    private readonly load: (accountId: number) => Promise<LiveCallRow[]>,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  subscribe(accountId: number, listener: LiveListener): LiveSubscription {
    let feed = this.feeds.get(accountId);
    if (!feed) this.feeds.set(accountId, (feed = new AccountFeed(accountId, this.load, this.intervalMs, this.logger)));
    feed.listeners.add(listener);
    const own = feed;
    return {
      ready: own.snapshot(),
      close: () => {
        own.listeners.delete(listener);
        if (own.listeners.size > 0 || this.feeds.get(accountId) !== own) return;
        own.stop();
        this.feeds.delete(accountId);
      },
    };
  }

  /** How many accounts are polled now. */
  get watched(): number {
    return this.feeds.size;
  }
}
