/** Time formats, identifiers and scaled timers of the fake Asterisk. */

/** Asterisk's ARI timestamp format: 2026-11-22T03:33:28.289+0000 */
export function astTime(date: Date = new Date()): string {
  return date.toISOString().replace('Z', '+0000');
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

// A real Asterisk's ids start from its boot second; many fakes start within one second of a test
// run, so each takes the next free "boot second" and no two fakes hand out the same channel id.
let lastEpoch = 0;
function nextEpoch(): number {
  lastEpoch = Math.max(Math.floor(Date.now() / 1000), lastEpoch + 1);
  return lastEpoch;
}

/** Deterministic id sources, shaped like Asterisk's. */
export class Ids {
  private uniqueCounter = 0;
  private unrealCounter = 0;
  private pjsipCounter = 0;
  private callIdCounter = 0;
  private readonly epoch = nextEpoch();

  /** Asterisk uniqueid: <epoch>.<n> */
  uniqueId(): string {
    return `${this.epoch}.${this.uniqueCounter++}`;
  }

  /** shared counter of Local and Announcer channel names */
  unrealSuffix(): string {
    return hex8(++this.unrealCounter);
  }

  pjsipSuffix(): string {
    return hex8(this.pjsipCounter++);
  }

  /** inbound SIP Call-ID (20 hex digits, as the test phones send) */
  inboundCallId(): string {
    const n = ++this.callIdCounter;
    return (n.toString(16).padStart(8, '0') + 'a5c2e7d9b1f3c4e6').slice(0, 20);
  }

  /** outbound Call-ID as pjproject builds it (a UUID) */
  outboundCallId(): string {
    const n = (++this.callIdCounter).toString(16).padStart(12, '0');
    return `f6a204c5-4307-4a37-8358-${n}`;
  }
}

/** Timers that follow the fake's time scale and die with the fake. */
export class Timers {
  private readonly live = new Set<NodeJS.Timeout>();

  constructor(private readonly scale: number) {}

  /** Runs fn after `asteriskMs` Asterisk milliseconds; returns a canceller. */
  after(asteriskMs: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      this.live.delete(timer);
      fn();
    }, Math.max(0, Math.round(asteriskMs * this.scale)));
    this.live.add(timer);
    return () => {
      clearTimeout(timer);
      this.live.delete(timer);
    };
  }

  /** Asterisk milliseconds elapsed since a Date.now() value. */
  elapsed(since: number): number {
    return (Date.now() - since) / this.scale;
  }

  clear(): void {
    for (const t of this.live) clearTimeout(t);
    this.live.clear();
  }
}
