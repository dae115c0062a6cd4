import { randomUUID } from 'node:crypto';

interface RawSocket {
  on(event: 'message', cb: (data: Buffer) => void): void;
  on(event: 'open', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  on(event: 'close', cb: () => void): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WsLib = require('ws') as new (url: string, opts: { headers: Record<string, string> }) => RawSocket;

export interface CallEnd {
  cause: number;
}

/**
 * The calling party of a test call: the first half of a Local channel pair whose second half runs
 * the project's dialplan context (e.g. from-trunk) and so reaches the engine exactly as a call from
 * the carrier does. The first half sits in the callers' own Stasis application, from where the test
 * presses keys and hangs up.
 */
export class TestCaller {
  /** Our half (Local/...;1). */
  readonly id: string;
  /** The half the engine gets (Local/...;2). */
  readonly engineChannelId: string;
  /** Resolves when the engine answers (our half enters the callers' Stasis app). */
  readonly answered: Promise<void>;
  /** Resolves when our half is gone, with the hang-up cause. */
  readonly ended: Promise<CallEnd>;
  private resolveAnswered!: () => void;
  private resolveEnded!: (end: CallEnd) => void;
  isUp = false;
  isEnded = false;

  constructor(private readonly callers: AriCallers) {
    const base = randomUUID().slice(0, 18);
    this.id = `tc-${base}-1`;
    this.engineChannelId = `tc-${base}-2`;
    this.answered = new Promise((r) => (this.resolveAnswered = r));
    this.ended = new Promise((r) => (this.resolveEnded = r));
    this.answered.catch(() => undefined);
  }

  onEvent(e: { type: string; cause?: number }): void {
    if (e.type === 'StasisStart' && !this.isUp) {
      this.isUp = true;
      this.resolveAnswered();
    } else if ((e.type === 'ChannelDestroyed' || e.type === 'StasisEnd') && !this.isEnded && (e.type === 'ChannelDestroyed' || this.isUp)) {
      this.isEnded = true;
      this.resolveEnded({ cause: e.cause ?? 16 });
    }
  }

  /** Sends DTMF towards the engine (the call must be answered). */
  async press(digits: string): Promise<void> {
    await this.answered;
    await this.callers.rest('POST', `/channels/${this.id}/dtmf`, { dtmf: digits, between: '100', duration: '120' });
  }

  async hangup(): Promise<void> {
    if (this.isEnded) return;
    await this.callers.rest('DELETE', `/channels/${this.id}`, {}, [404]);
  }
}

/** Places test calls into an Asterisk (real or fake) over plain ARI, as its own Stasis application. */
export class AriCallers {
  private readonly calls = new Map<string, TestCaller>();
  private socket?: RawSocket;

  constructor(
    private readonly baseUrl: string,
    private readonly user: string,
    private readonly password: string,
    readonly app: string,
  ) {}

  private get auth(): string {
    return `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
  }

  async connect(): Promise<void> {
    const wsUrl = `${this.baseUrl.replace(/^http/, 'ws')}/ari/events?app=${encodeURIComponent(this.app)}&subscribeAll=false`;
    const socket = new WsLib(wsUrl, { headers: { authorization: this.auth } });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    socket.on('message', (data) => {
      const e = JSON.parse(data.toString('utf8')) as { type: string; channel?: { id: string }; cause?: number };
      const call = e.channel && this.calls.get(e.channel.id);
      call?.onEvent(e);
    });
  }

  async rest(method: string, path: string, query: Record<string, string> = {}, okStatuses: number[] = [], body?: unknown): Promise<unknown> {
    const url = `${this.baseUrl}/ari${path}?${new URLSearchParams(query)}`;
    const res = await fetch(url, {
      method,
      headers: { authorization: this.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok && !okStatuses.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  }

  /** Calls `exten` in `context` from `callerNumber`, as the carrier would deliver it. */
  async dial(context: string, exten: string, callerNumber: string, formats = 'ulaw,alaw'): Promise<TestCaller> {
    const call = new TestCaller(this);
    this.calls.set(call.id, call);
    await this.rest('POST', '/channels', {
      endpoint: `Local/${exten}@${context}`,
      app: this.app,
      appArgs: 'caller',
      callerId: callerNumber,
      channelId: call.id,
      otherChannelId: call.engineChannelId,
      formats,
      timeout: '30',
    });
    return call;
  }

  async close(): Promise<void> {
    await Promise.all([...this.calls.values()].map((c) => c.hangup().catch(() => undefined)));
    this.socket?.close();
  }
}
