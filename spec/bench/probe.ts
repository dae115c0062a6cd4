import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AriEvent } from '../../app/pbx/ari/event-router';
import type { AriNode } from '../../app/pbx/ari/node';

/** Events the engine must react to with a request for the same channel. */
const TRIGGERS = ['StasisStart', 'PlaybackFinished', 'ChannelDtmfReceived'] as const;
type Trigger = (typeof TRIGGERS)[number];

export interface ProbeHooks {
  /** The caller's first prompt was requested: the call is set up. */
  onSetUp(channelId: string): void;
  /** The menu prompt finished: the call waits for a key, nothing to react to. */
  onIdle(channelId: string): void;
}

const now = () => performance.timeOrigin + performance.now();
const eventTime = (e: AriEvent) => Date.parse(String(e.timestamp));
const CHANNEL = /\/ari\/channels\/([^/?]+)/;
const PLAYBACK = /\/ari\/playbacks\/([^/?]+)/;

/**
 * Measures, inside the engine's process, the delay between an ARI event (Asterisk's timestamp on
 * it) and the engine's first request about the same channel: the time the engine adds.
 */
export class LatencyProbe {
  phase = 'setup';
  readonly samples = new Map<string, number[]>();
  readonly setupTimes: number[] = [];
  firstOffer = Infinity;
  lastSetUp = 0;
  private readonly pending = new Map<string, { type: Trigger; at: number }>();
  private readonly playbackChannel = new Map<string, string>();
  private readonly offered = new Map<string, number>();
  private readonly offs: (() => void)[] = [];
  private readonly onRequest = (message: unknown) => this.request((message as { request: ClientRequest }).request);

  constructor(node: AriNode, private readonly idlePrompt: string, private readonly hooks: ProbeHooks) {
    for (const type of TRIGGERS) this.offs.push(node.events.on(`type:${type}`, (e) => this.event(type, e)));
    diagnostics.subscribe('http.client.request.start', this.onRequest);
  }

  /** Forgets what was measured so far (after a warm-up). */
  reset(phase: string): void {
    this.phase = phase;
    this.samples.clear();
    this.setupTimes.length = 0;
    this.firstOffer = Infinity;
    this.lastSetUp = 0;
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    diagnostics.unsubscribe('http.client.request.start', this.onRequest);
  }

  private event(type: Trigger, e: AriEvent): void {
    const channel = type === 'PlaybackFinished' ? String(e.playback?.target_uri ?? '').replace(/^channel:/, '') : e.channel?.id;
    if (!channel) return;
    if (type === 'StasisStart') {
      if (e.args?.[0] !== 'inbound') return;
      this.offered.set(channel, eventTime(e));
      this.firstOffer = Math.min(this.firstOffer, eventTime(e));
    }
    if (type === 'PlaybackFinished' && e.playback?.media_uri === this.idlePrompt) {
      this.pending.delete(channel);
      return this.hooks.onIdle(channel);
    }
    this.pending.set(channel, { type, at: eventTime(e) });
  }

  private request(req: ClientRequest): void {
    const path = req.path;
    const playbackId = /[?&]playbackId=([^&]+)/.exec(path)?.[1];
    let channel = CHANNEL.exec(path)?.[1];
    if (channel && playbackId) this.playbackChannel.set(decodeURIComponent(playbackId), decodeURIComponent(channel));
    if (!channel) channel = this.playbackChannel.get(decodeURIComponent(PLAYBACK.exec(path)?.[1] ?? ''));
    if (!channel) return;
    channel = decodeURIComponent(channel);
    const at = now();
    const trigger = this.pending.get(channel);
    if (trigger) {
      this.pending.delete(channel);
      this.sample(`${this.phase}:${trigger.type}`, at - trigger.at);
    }
    const offeredAt = this.offered.get(channel);
    if (offeredAt !== undefined && /\/play\b/.test(path)) {
      this.offered.delete(channel);
      this.setupTimes.push(at - offeredAt);
      this.lastSetUp = Math.max(this.lastSetUp, at);
      this.hooks.onSetUp(channel);
    }
  }

  private sample(key: string, ms: number): void {
    let list = this.samples.get(key);
    if (!list) this.samples.set(key, (list = []));
    list.push(ms);
  }

  /** Samples of one phase, every trigger together or one type. */
  of(phase: string, type?: Trigger): number[] {
    return [...this.samples.entries()].filter(([k]) => k.startsWith(`${phase}:`) && (!type || k.endsWith(`:${type}`))).flatMap(([, v]) => v);
  }
}

/** The value under which p percent of the samples lie. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
