import { randomUUID } from 'node:crypto';
import type { AriNode } from '../ari/node';
import type { AriEvent } from '../ari/event-router';
import { isGone } from '../ari/errors';
import { HungUp, waitForEvent, WaitTimeout } from '../ari/wait';

export type PlayOutcome = { outcome: 'finished' | 'failed' } | { outcome: 'interrupted'; digit: string };

const ENDED = new Set(['StasisEnd', 'ChannelDestroyed', 'ChannelHangupRequest']);

/**
 * One channel in our Stasis app and the primitives steps are made of. Every wait ends with HungUp
 * when the party goes; `dispose()` removes every listener (called at StasisEnd by the session).
 */
export class Channel {
  private readonly ended = new AbortController();
  private readonly offs: (() => void)[] = [];
  private readonly digits: string[] = [];
  private digitWaiter?: () => void;
  /** Q.850 cause of the hang-up, once known. */
  hangupCause: number | null = null;

  constructor(
    readonly node: AriNode,
    readonly id: string,
    public snapshot: AriEvent['channel'],
  ) {
    this.offs.push(
      node.events.on(`channel:${id}`, (event) => this.onEvent(event)),
    );
  }

  /** Aborted (with HungUp) when the party hangs up or the channel leaves the app. */
  get signal(): AbortSignal {
    return this.ended.signal;
  }

  get isUp(): boolean {
    return !this.ended.signal.aborted;
  }

  private onEvent(event: AriEvent): void {
    if (event.channel?.id === this.id && event.channel) this.snapshot = event.channel;
    if (event.type === 'ChannelDtmfReceived' && event.channel?.id === this.id) {
      this.digits.push(event.digit);
      this.digitWaiter?.();
    }
    if (typeof event.cause === 'number' && event.channel?.id === this.id) this.hangupCause ??= event.cause;
    if (ENDED.has(event.type) && event.channel?.id === this.id && !this.ended.signal.aborted) {
      this.ended.abort(new HungUp(this.id));
      this.digitWaiter?.();
    }
  }

  /** Runs an ARI request for this channel; "gone" means the party hung up. */
  async request<T>(operation: string, call: Parameters<AriNode['request']>[1]): Promise<T> {
    try {
      return (await this.node.request(operation, call)) as T;
    } catch (err) {
      if (isGone(err)) throw new HungUp(this.id);
      throw err;
    }
  }

  answer(): Promise<void> {
    return this.request('answer', (c) => c.channels.answer({ channelId: this.id }));
  }

  ring(): Promise<void> {
    return this.request('ring', (c) => c.channels.ring({ channelId: this.id }));
  }

  async hangup(reason: 'normal' | 'busy' | 'congestion' | 'no_answer' | 'rejected' = 'normal'): Promise<void> {
    try {
      await this.node.request('hangup', (c) => c.channels.hangup({ channelId: this.id, reason }));
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }

  setVariable(variable: string, value: string): Promise<void> {
    return this.request('setVariable', (c) => c.channels.setChannelVar({ channelId: this.id, variable, value }));
  }

  async getVariable(variable: string): Promise<string | undefined> {
    try {
      const result = await this.request<{ value: string }>('getVariable', (c) => c.channels.getChannelVar({ channelId: this.id, variable }));
      return result.value;
    } catch (err) {
      if (err instanceof HungUp) throw err;
      return undefined;
    }
  }

  startMoh(): Promise<void> {
    return this.request('startMoh', (c) => c.channels.startMoh({ channelId: this.id }));
  }

  stopMoh(): Promise<void> {
    return this.request('stopMoh', (c) => c.channels.stopMoh({ channelId: this.id }));
  }

  /**
   * Plays media to the end (or its failure, e.g. a missing sound file). With `interruptible`, a
   * key press stops it and is returned; the digit stays buffered for the next `collectDigits`.
   */
  async play(media: string | string[], options: { lang?: string; interruptible?: boolean } = {}): Promise<PlayOutcome> {
    if (options.interruptible && this.digits.length > 0) return { outcome: 'interrupted', digit: this.digits[0] };
    const playbackId = `pb-${randomUUID()}`;
    const finished = waitForEvent(this.node.events, `playback:${playbackId}`, (e) => e.type === 'PlaybackFinished', { signal: this.signal });
    finished.catch(() => undefined);
    await this.request('play', (c) => c.channels.play({ channelId: this.id, media: ([] as string[]).concat(media), lang: options.lang, playbackId } as never));
    if (!options.interruptible) return this.playbackOutcome(await finished);
    const first = await Promise.race([finished.then((e) => ({ event: e })), this.nextDigit(0).then((digit) => ({ digit }))]);
    if ('event' in first) return this.playbackOutcome(first.event);
    await this.node.request('stopPlayback', (c) => c.playbacks.stop({ playbackId })).catch(() => undefined);
    return { outcome: 'interrupted', digit: first.digit };
  }

  private playbackOutcome(event: AriEvent): PlayOutcome {
    return { outcome: event.playback?.state === 'failed' ? 'failed' : 'finished' };
  }

  /** Resolves when a digit beyond the first `seen` has arrived (type-ahead counts). */
  private nextDigit(seen: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.signal.aborted) return reject(this.signal.reason);
        if (this.digits.length > seen) {
          this.digitWaiter = undefined;
          return resolve(this.digits[seen]);
        }
        this.digitWaiter = check;
      };
      check();
    });
  }

  /**
   * Collects up to `max` digits, ending early on `terminator` or when `timeoutMs` passes without a
   * new digit. Consumes the buffer, so digits pressed during a prompt count.
   */
  async collectDigits(max: number, timeoutMs: number, terminator = '#'): Promise<string> {
    let collected = '';
    while (collected.length < max) {
      const digit = await Promise.race([
        this.nextDigit(0),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref()),
      ]);
      if (digit === null) break;
      this.digits.shift();
      if (digit === terminator) break;
      collected += digit;
    }
    this.digitWaiter = undefined;
    return collected;
  }

  clearDigits(): void {
    this.digits.length = 0;
  }

  /** Waits until the party hangs up. */
  async untilHangup(): Promise<void> {
    if (this.signal.aborted) return;
    await new Promise<void>((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    if (!this.ended.signal.aborted) this.ended.abort(new HungUp(this.id));
  }
}

export { HungUp, WaitTimeout };
