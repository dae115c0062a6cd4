/** Sounds on disk and playbacks to channels and bridges (one queue per target). */
import { announcerJoin, announcerLeave } from './bridges';
import { ev } from './events';
import { recheckSilence } from './recordings';
import { AriError } from './router';
import type { Bridge, Channel, Playback } from './types';
import type { World } from './world';

const CORE_SOUNDS: Record<string, number> = {
  'hello-world': 1.4, beep: 0.42, beeperr: 0.5, 'tt-monkeys': 10, 'tt-weasels': 4, 'demo-congrats': 12,
  'demo-thanks': 3, goodbye: 0.8, 'vm-goodbye': 1, 'vm-intro': 4, 'vm-login': 1.5, 'vm-password': 1,
  'vm-incorrect': 1.5, 'vm-youhave': 1, 'vm-messages': 1, 'vm-received': 1, 'auth-thankyou': 1,
  'pbx-invalid': 2, 'pbx-transfer': 1, transfer: 1, 'pls-hold-while-try': 2.5, 'queue-thankyou': 2,
  'queue-callswaiting': 2, 'queue-youarenext': 1.5, 'queue-periodic-announce': 3, 'conf-onlyperson': 2,
  'conf-enteringno': 1.5, 'agent-pass': 1, 'ss-noservice': 3, 'im-sorry': 1, 'please-try-again': 1.5,
  'silence/1': 1, 'silence/2': 2, 'silence/3': 3, 'silence/5': 5, 'silence/10': 10,
};

/** Which sound files exist (sound:NAME plays, anything else fails as a missing file does). */
export class SoundLibrary {
  private readonly sounds = new Map<string, { durationSec: number; langs?: Set<string> }>();

  constructor() {
    for (const [name, sec] of Object.entries(CORE_SOUNDS)) this.add(name, sec);
    for (let d = 0; d < 10; d++) this.add(`digits/${d}`, 0.5);
  }

  /** Adds a sound; `langs` limits it to those languages (default: every language). */
  add(name: string, durationSec = 1, langs?: string[]): this {
    this.sounds.set(name, { durationSec, langs: langs ? new Set(langs) : undefined });
    return this;
  }

  remove(name: string): this {
    this.sounds.delete(name);
    return this;
  }

  has(name: string, lang = 'en'): boolean {
    const s = this.sounds.get(name);
    return s !== undefined && (!s.langs || s.langs.has(lang));
  }

  durationSec(name: string): number {
    return this.sounds.get(name)?.durationSec ?? 1;
  }

  names(): string[] {
    return [...this.sounds.keys()];
  }
}

export type Target = { channel: Channel } | { bridge: Bridge };

export interface PlayRequest {
  id: string;
  media: string[];
  lang?: string;
}

/** Queues a playback; it starts now (PlaybackStarted) when nothing else plays on the target. */
export function play(world: World, sounds: SoundLibrary, target: Target, req: PlayRequest): Playback {
  const targetUri = 'channel' in target ? `channel:${target.channel.id}` : `bridge:${target.bridge.id}`;
  const language = req.lang || ('channel' in target ? target.channel.language : 'en');
  const p: Playback = { id: req.id, mediaUri: req.media[0], targetUri, language, state: 'queued', outcome: 'done', durationMs: 0 };
  const queue = world.mediaQueues.get(targetUri) ?? [];
  queue.push(p);
  world.mediaQueues.set(targetUri, queue);
  plan(world, sounds, p, req.media);
  if (queue.length === 1) begin(world, p);
  return p;
}

function plan(world: World, sounds: SoundLibrary, p: Playback, media: string[]): void {
  let total = 0;
  for (const uri of media) {
    const [scheme, ...rest] = uri.split(':');
    const what = rest.join(':');
    if (!['sound', 'recording', 'digits', 'number', 'characters', 'tone'].includes(scheme)) p.outcome = 'vanish';
    else if (scheme === 'sound' && !sounds.has(what, p.language)) p.outcome = 'failed';
    else if (scheme === 'recording' && !world.storedRecordings.has(what)) p.outcome = 'failed';
    total += scheme === 'sound' ? sounds.durationSec(what) * 1000 : scheme === 'recording' ? 1000 * (world.storedRecordings.get(what)?.durationSec ?? 1) : 500 * Math.max(1, what.length);
  }
  p.durationMs = p.outcome === 'done' ? total : 2;
}

function begin(world: World, p: Playback): void {
  const bridge = bridgeTarget(world, p);
  if (bridge) p.announcer = announcerJoin(world, bridge, 'ARI');
  p.state = 'playing';
  p.startedAt = Date.now();
  emitPlayback(world, 'PlaybackStarted', p);
  p.timer = world.after(p.durationMs, () => finish(world, p, p.outcome === 'done' ? 'done' : 'failed'));
}

/** Ends the current playback and starts the next one queued on the same target. */
export function finish(world: World, p: Playback, state: 'done' | 'failed'): void {
  p.timer?.();
  const queue = world.mediaQueues.get(p.targetUri) ?? [];
  world.mediaQueues.set(p.targetUri, queue.filter((q) => q !== p));
  p.state = state;
  if (p.outcome !== 'vanish') emitPlayback(world, 'PlaybackFinished', p);
  const bridge = bridgeTarget(world, p);
  if (bridge && p.announcer) announcerLeave(world, bridge, p.announcer);
  const next = world.mediaQueues.get(p.targetUri)?.[0];
  if (next && next.state === 'queued') begin(world, next);
}

function bridgeTarget(world: World, p: Playback): Bridge | undefined {
  return p.targetUri.startsWith('bridge:') ? world.bridges.get(p.targetUri.slice(7)) : undefined;
}

function emitPlayback(world: World, type: 'PlaybackStarted' | 'PlaybackFinished', p: Playback): void {
  const [kind, id] = [p.targetUri.slice(0, p.targetUri.indexOf(':')), p.targetUri.slice(p.targetUri.indexOf(':') + 1)];
  const event = ev.playback(type, p);
  if (kind === 'bridge') world.bus.publish(event, { bridgeId: id, channelIds: world.bridges.get(id)?.members });
  else world.bus.publish(event, { channelIds: [id] });
}

/** A hung-up channel: the current playback fails, each queued one starts and fails. */
export function abortMedia(world: World, ch: Channel): void {
  const uri = `channel:${ch.id}`;
  const queue = world.mediaQueues.get(uri) ?? [];
  world.mediaQueues.delete(uri);
  for (const p of queue) {
    p.timer?.();
    if (p.state === 'queued') {
      p.state = 'playing';
      emitPlayback(world, 'PlaybackStarted', p);
    }
    p.state = 'failed';
    emitPlayback(world, 'PlaybackFinished', p);
  }
}

/** The playback GET /playbacks/{id} sees (the first registered one with that id). */
export function findPlayback(world: World, id: string): Playback {
  for (const queue of world.mediaQueues.values()) {
    const p = queue.find((q) => q.id === id);
    if (p) return p;
  }
  throw new AriError(404, 'Playback not found');
}

/** DELETE /playbacks/{id}: a playing one finishes (done), a queued one is dropped. */
export function stopPlayback(world: World, p: Playback): void {
  if (p.state === 'playing') return finish(world, p, 'done');
  const queue = world.mediaQueues.get(p.targetUri) ?? [];
  world.mediaQueues.set(p.targetUri, queue.filter((q) => q !== p));
}

/** POST /playbacks/{id}/control. */
export function controlPlayback(world: World, p: Playback, operation: string): void {
  if (!['restart', 'pause', 'unpause', 'reverse', 'forward'].includes(operation)) {
    throw new AriError(400, `Invalid operation ${operation}`);
  }
  if (p.state !== 'playing') return;
  if (operation === 'pause' && !p.paused) {
    p.timer?.();
    p.paused = { remainingMs: Math.max(0, p.durationMs - world.timers.elapsed(p.startedAt ?? Date.now())) };
  } else if (operation === 'unpause' && p.paused) {
    const remaining = p.paused.remainingMs;
    p.paused = undefined;
    p.timer = world.after(remaining, () => finish(world, p, 'done'));
  } else if (operation === 'restart' && !p.paused) {
    p.timer?.();
    p.startedAt = Date.now();
    p.timer = world.after(p.durationMs, () => finish(world, p, p.outcome === 'done' ? 'done' : 'failed'));
  }
}

/**
 * The far end of a channel stops (or starts again) sending audio: a recording with
 * maxSilenceSeconds of the channel, or of a bridge where every party is silent, hears silence.
 */
export function farEndTalking(world: World, channelId: string, talking: boolean): void {
  const ch = world.channel(channelId);
  if (!ch || (ch.silentSince === undefined) === talking) return;
  ch.silentSince = talking ? undefined : Date.now();
  recheckSilence(world, `channel:${ch.id}`);
  if (ch.bridgeId) recheckSilence(world, `bridge:${ch.bridgeId}`);
}
