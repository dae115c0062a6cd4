import { performance } from 'node:perf_hooks';
import { Recording } from '../../features/recordings/entities';
import { recordingBytes } from '../../features/recordings/usage';
import { isGone } from '../ari/errors';
import type { AriEvent } from '../ari/event-router';
import type { CallSession } from '../call/session';

/** How long a stopped recording may take to report RecordingFinished before we settle it ourselves. */
const FINISH_WAIT_MS = 5000;

/** Channels Asterisk puts into a bridge for its own media (recording, playback, music): not parties. */
const MEDIA_HELPER = /^(Recorder|Announcer)\//;

/** The channels in a bridge now; if Asterisk cannot say, the call's channels that are up. */
export async function bridgeMembers(session: CallSession, bridgeId: string): Promise<string[]> {
  try {
    const bridge = await session.node.request('getBridge', (c) => c.bridges.get({ bridgeId }));
    return ([] as string[]).concat(bridge.channels);
  } catch (err) {
    session.log.warn({ err, bridgeId }, 'bridge members unknown: using the call\'s channels');
    return [...session.channels].filter((c) => c.isUp).map((c) => c.id);
  }
}

/**
 * A call recording in progress and its row. It stops for good when a party leaves or hangs up and
 * when a channel that has not heard the warning joins; the row then gets its state and the
 * duration Asterisk reports in RecordingFinished.
 */
export class ActiveRecording {
  private readonly known: Set<string>;
  private readonly offs: (() => void)[] = [];
  private stopping?: Promise<void>;
  private closed = false;
  private startedAt: number | null = null;
  private resolveFinished!: () => void;
  /** Resolves once the row is final (done or failed). */
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    private readonly session: CallSession,
    readonly bridgeId: string,
    readonly name: string,
    readonly recordingId: number,
    known: string[],
  ) {
    this.known = new Set(known);
    // Listening before the record request: Asterisk may send the recording's events before its response.
    this.offs.push(session.node.events.on(`recording:${name}`, (e) => this.onRecordingEvent(e)));
  }

  get isRecording(): boolean {
    return !this.closed && this.stopping === undefined;
  }

  /** A channel that was in the bridge when recording started, or that heard the warning. */
  knows(channelId: string): boolean {
    return this.known.has(channelId);
  }

  /** The party heard the warning on this call: its joining does not stop the recording. */
  admit(channelId: string): void {
    this.known.add(channelId);
  }

  /** The party is let go on purpose (a transfer hands its place to another): its leaving does not stop the recording. */
  letGo(channelId: string): void {
    this.known.delete(channelId);
  }

  /** Events of the bridge reach us even after every party has left it, until it is destroyed (trace d2). */
  async subscribe(): Promise<void> {
    await this.subscription('subscribe').catch((err: unknown) => this.session.log.warn({ err, bridgeId: this.bridgeId }, 'bridge subscription failed'));
  }

  /** From the moment Asterisk records: every way the recording must end. */
  watch(): void {
    this.offs.push(this.session.node.events.on(`bridge:${this.bridgeId}`, (e) => this.onBridgeEvent(e)));
    for (const channel of this.session.channels) {
      if (!this.known.has(channel.id)) continue;
      // Gone while the record request was on its way: no event will come for it any more.
      if (!channel.isUp) return void this.stop('a party hung up');
      const onEnd = () => void (this.known.has(channel.id) && this.stop('a party hung up'));
      channel.signal.addEventListener('abort', onEnd, { once: true });
      this.offs.push(() => channel.signal.removeEventListener('abort', onEnd));
    }
  }

  /** Stops the recording for good (idempotent); resolves when the row is final. */
  stop(reason: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    return (this.stopping ??= this.stopNow(reason));
  }

  /** The record request failed: nothing was recorded. */
  async abandon(): Promise<void> {
    await this.close('failed', null);
  }

  private onRecordingEvent(e: AriEvent): void {
    if (e.type === 'RecordingStarted') this.startedAt ??= performance.now();
    else if (e.type === 'RecordingFinished') void this.close('done', e.recording?.duration);
    else if (e.type === 'RecordingFailed') void this.close('failed', null);
  }

  private onBridgeEvent(e: AriEvent): void {
    const id: string | undefined = e.channel?.id;
    if (!id) return;
    if (e.type === 'ChannelLeftBridge' && this.known.has(id)) void this.stop('a party left the bridge');
    if (e.type === 'ChannelEnteredBridge' && !this.known.has(id) && !MEDIA_HELPER.test(e.channel?.name ?? '')) {
      void this.stop('a party that has not heard the warning joined');
    }
  }

  private async stopNow(reason: string): Promise<void> {
    this.session.log.info({ reason, recording: this.name }, 'call recording stops');
    try {
      await this.session.node.request('stopRecording', (c) => c.recordings.stop({ recordingName: this.name }));
    } catch (err) {
      // Gone: it ended already (the bridge went away); its RecordingFinished is on its way or here.
      if (!isGone(err)) this.session.log.warn({ err, recording: this.name }, 'stopping the recording failed');
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, FINISH_WAIT_MS)));
    await Promise.race([this.finished, late]);
    clearTimeout(timer);
    if (!this.closed) await this.settleWithoutEvent();
  }

  /** No RecordingFinished came (a lost connection): the file decides, our own clock gives the duration. */
  private async settleWithoutEvent(): Promise<void> {
    let stored: boolean;
    try {
      await this.session.node.request('getStoredRecording', (c) => c.recordings.getStored({ recordingName: this.name }));
      stored = true;
    } catch (err) {
      if (!isGone(err)) {
        // Asterisk cannot be asked (this process is stopping, or lost it): the row stays open for the
        // process that takes the call over (settleOrphanRecordings), rather than being called failed.
        this.session.log.warn({ err, recording: this.name }, 'recording left open: Asterisk unreachable');
        return this.close(null, null);
      }
      stored = false;
    }
    const seconds = this.startedAt === null ? null : Math.round((performance.now() - this.startedAt) / 1000);
    await this.close(stored ? 'done' : 'failed', stored ? seconds : null);
  }

  /** Final for this process; `state` null leaves the row as it is. */
  private async close(state: 'done' | 'failed' | null, duration: unknown): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.offs.splice(0)) off();
    if (state === null) return this.resolveFinished();
    const durationSeconds = typeof duration === 'number' ? Math.round(duration) : null;
    try {
      const sizeBytes = durationSeconds === null ? null : recordingBytes({ sizeBytes: null, durationSeconds });
      await this.session.deps.db.getRepository(Recording).update(this.recordingId, { state, durationSeconds, sizeBytes });
    } catch (err) {
      this.session.log.error({ err, recordingId: this.recordingId }, 'recording row not updated');
    }
    await this.subscription('unsubscribe').catch(() => undefined);
    this.resolveFinished();
  }

  private subscription(op: 'subscribe' | 'unsubscribe'): Promise<unknown> {
    const params = { applicationName: this.session.deps.config.app, eventSource: `bridge:${this.bridgeId}` };
    return this.session.node.request(`${op}Bridge`, (c) => (op === 'subscribe' ? c.applications.subscribe(params) : c.applications.unsubscribe(params)));
  }
}
