/** Live and stored recordings (channel or bridge), with WAV files to download. */
import { announcerLeave } from './bridges';
import { ev } from './events';
import { AriError } from './router';
import type { Channel, LiveRecording, StoredRecording } from './types';
import type { World } from './world';

const FORMATS = new Set(['wav', 'wav16', 'WAV', 'gsm', 'ulaw', 'alaw', 'sln', 'sln16', 'g722', 'g729', 'g726', 'ilbc', 'siren7', 'siren14', 'ogg']);

/** Asterisk's silence detector works on 20 ms frames and stops once the silence is longer than the limit. */
const FRAME_MS = 20;
/** What Asterisk keeps of the silence that ended a recording (app.c: "trim all but the first 200ms"). */
const KEPT_SILENCE_MS = 200;

/** A recording silence ended: its length and the silence at its end, in Asterisk milliseconds. */
interface SilenceEnd {
  fileMs: number;
  trailingMs: number;
}

export interface RecordRequest {
  name?: string;
  format?: string;
  maxDurationSeconds: number;
  maxSilenceSeconds: number;
  ifExists: string;
  terminateOn: string;
}

/** 422 for a format Asterisk has no writer for (a bridge checks it before its Recorder joins). */
export function checkFormat(req: RecordRequest): void {
  if (req.format && !FORMATS.has(req.format)) throw new AriError(422, 'specified format is unknown on this system');
}

/**
 * Validates like Asterisk and queues the recording behind the target's current one. A bridge
 * recording has a Recorder channel of its own, so it never waits for another.
 */
export function queueRecording(world: World, targetUri: string, req: RecordRequest, recorder?: string): LiveRecording {
  if (!req.name) throw new AriError(400, 'Recording name is required');
  if (!req.format) throw new AriError(400, 'Recording format is required');
  if (!['fail', 'overwrite', 'append'].includes(req.ifExists)) throw new AriError(400, 'ifExists invalid');
  checkFormat(req);
  if (world.liveRecordings.has(req.name)) throw new AriError(409, `Recording '${req.name}' is already in progress`);
  if (req.ifExists === 'fail' && world.storedRecordings.has(req.name)) {
    throw new AriError(409, `Recording '${req.name}' already exists and can not be overwritten`);
  }
  const r: LiveRecording = {
    name: req.name, format: req.format, targetUri, state: 'queued',
    maxDurationSec: req.maxDurationSeconds, maxSilenceSec: req.maxSilenceSeconds, terminateOn: req.terminateOn, recorder,
  };
  world.liveRecordings.set(r.name, r);
  const key = queueKey(r);
  const queue = world.recordingQueues.get(key) ?? [];
  queue.push(r);
  world.recordingQueues.set(key, queue);
  return r;
}

/** The queue a recording waits in: its channel's, or its own Recorder's. */
export function queueKey(r: LiveRecording): string {
  return r.recorder ? `recorder:${r.recorder}` : r.targetUri;
}

/** Starts the head of a recording queue if it is waiting. */
export function kickRecordings(world: World, key: string): void {
  const head = world.recordingQueues.get(key)?.[0];
  if (!head || head.state !== 'queued') return;
  head.state = 'recording';
  head.startedAt = Date.now();
  // the file exists on disk (and in /recordings/stored) as soon as recording starts
  world.storedRecordings.set(head.name, { name: head.name, format: head.format, durationSec: 0 });
  emitRecording(world, 'RecordingStarted', head);
  if (head.maxDurationSec > 0) {
    head.timer = world.after(head.maxDurationSec * 1000, () => finishRecording(world, head, 'done', head.maxDurationSec));
  }
  if (head.maxSilenceSec > 0) {
    head.silence = { earlierMs: 0 };
    listen(world, head);
  }
}

/**
 * Ends a recording: stored unless canceled, RecordingFinished, next queued one starts. With
 * maxSilenceSeconds Asterisk takes the trailing silence off the duration (all but 200 ms, whole
 * seconds) and reports talking_duration / silence_duration; a recording that silence ended is
 * also cut to that length on disk.
 */
export function finishRecording(world: World, r: LiveRecording, state: 'done' | 'canceled', durationSec?: number, bySilence?: SilenceEnd): void {
  r.timer?.();
  r.silence?.timer?.();
  const elapsed = Math.floor((bySilence?.fileMs ?? (r.startedAt ? world.timers.elapsed(r.startedAt) : 0)) / 1000);
  const fileSec = durationSec ?? Math.min(elapsed, r.maxDurationSec > 0 ? r.maxDurationSec : elapsed);
  const trailingMs = bySilence?.trailingMs ?? (r.silence?.since === undefined ? 0 : world.timers.elapsed(r.silence.since));
  const less = (ms: number) => (ms > 0 ? Math.trunc((ms - KEPT_SILENCE_MS) / 1000) : 0);
  r.durationSec = Math.max(0, fileSec - less(trailingMs));
  if (r.silence) r.talkingSec = Math.max(0, fileSec - less(r.silence.earlierMs + trailingMs));
  r.state = state;
  world.liveRecordings.delete(r.name);
  const key = queueKey(r);
  world.recordingQueues.set(key, (world.recordingQueues.get(key) ?? []).filter((q) => q !== r));
  if (state === 'done') {
    const storedSec = bySilence ? (bySilence.fileMs - trailingMs + KEPT_SILENCE_MS) / 1000 : r.durationSec;
    world.storedRecordings.set(r.name, { name: r.name, format: r.format, durationSec: storedSec });
  } else {
    world.storedRecordings.delete(r.name);
  }
  emitRecording(world, 'RecordingFinished', r);
  if (r.recorder) recorderGone(world, r);
  else kickRecordings(world, key);
}

/** The Recorder's control thread runs out of commands and hangs the Recorder up: it leaves the bridge. */
function recorderGone(world: World, r: LiveRecording): void {
  world.recordingQueues.delete(queueKey(r));
  const bridge = world.bridges.get(r.targetUri.slice('bridge:'.length));
  if (bridge && r.recorder) announcerLeave(world, bridge, r.recorder);
}

function emitRecording(world: World, type: 'RecordingStarted' | 'RecordingFinished', r: LiveRecording): void {
  const id = r.targetUri.slice(r.targetUri.indexOf(':') + 1);
  // a Recorder's messages are forwarded to the bridge's topic (resource_bridges.c)
  if (r.targetUri.startsWith('bridge:')) world.bus.publish(ev.recording(type, r), { bridgeId: id });
  else world.bus.publish(ev.recording(type, r), { channelIds: [id] });
}

/** A hung-up channel: its recording is kept (done), queued ones are dropped. */
export function endRecordings(world: World, ch: Channel): void {
  const uri = `channel:${ch.id}`;
  const queue = world.recordingQueues.get(uri) ?? [];
  for (const r of queue.slice(1)) world.liveRecordings.delete(r.name);
  world.recordingQueues.set(uri, queue.slice(0, 1));
  if (queue[0]?.state === 'recording' || queue[0]?.state === 'paused') finishRecording(world, queue[0], 'done');
  else if (queue[0]) world.liveRecordings.delete(queue[0].name);
  world.recordingQueues.delete(uri);
}

/**
 * Recorders are "lonely" bridge channels: when no other kind is left (the last party left, or the
 * bridge is being destroyed) they are kicked out, and their recordings end as done (bridge.c).
 */
export function endLonelyRecordings(world: World, bridgeId: string): void {
  for (const r of [...world.liveRecordings.values()]) {
    if (r.targetUri !== `bridge:${bridgeId}` || !r.recorder) continue;
    if (r.state === 'recording' || r.state === 'paused') finishRecording(world, r, 'done');
    else world.liveRecordings.delete(r.name);
  }
}

/** terminateOn: a caller's digit ends the channel's current recording. */
export function dtmfEndsRecording(world: World, ch: Channel, digit: string): void {
  const head = world.recordingQueues.get(`channel:${ch.id}`)?.[0];
  if (!head || head.state !== 'recording') return;
  if (head.terminateOn === 'any' || head.terminateOn === digit) finishRecording(world, head, 'done');
}

/** What the recording hears changed (a far end went quiet or spoke, a party joined or left a bridge). */
export function recheckSilence(world: World, targetUri: string): void {
  for (const r of world.liveRecordings.values()) if (r.targetUri === targetUri && r.state === 'recording' && r.silence) listen(world, r);
}

/** Since when everything the recording hears is silent (Date.now()), or undefined while someone talks. */
function silentSince(world: World, r: LiveRecording): number | undefined {
  const id = r.targetUri.slice(r.targetUri.indexOf(':') + 1);
  const ids = r.targetUri.startsWith('bridge:') ? (world.bridges.get(id)?.members ?? []) : [id];
  const chans = ids.map((c) => world.channel(c));
  if (chans.length === 0 || chans.some((c) => c?.silentSince === undefined)) return undefined;
  return Math.max(...chans.map((c) => c!.silentSince!));
}

/** Follows the silence: a silence longer than maxSilenceSeconds ends the recording. */
function listen(world: World, r: LiveRecording): void {
  const s = r.silence;
  if (!s || r.startedAt === undefined) return;
  const since = silentSince(world, r);
  if (since === undefined) {
    if (s.since !== undefined) s.earlierMs += world.timers.elapsed(s.since);
    s.since = undefined;
    s.timer?.();
    s.timer = undefined;
    return;
  }
  if (s.since !== undefined) return;
  s.since = Math.max(since, r.startedAt);
  // the end as Asterisk's frame clock has it, not as late as the timer fires
  const trailingMs = r.maxSilenceSec * 1000 + FRAME_MS;
  const fileMs = world.timers.elapsed(r.startedAt) - world.timers.elapsed(s.since) + trailingMs;
  const left = trailingMs - world.timers.elapsed(s.since);
  s.timer = world.after(Math.max(0, left), () => finishRecording(world, r, 'done', undefined, { fileMs, trailingMs }));
}

export function requireLive(world: World, name: string): LiveRecording {
  const r = world.liveRecordings.get(name);
  if (!r) throw new AriError(404, 'Recording not found');
  return r;
}

export function requireStored(world: World, name: string): StoredRecording {
  const r = world.storedRecordings.get(name);
  if (!r) throw new AriError(404, 'Recording not found');
  return r;
}

/** pause/unpause: 409 "Recording not in session" unless it is running; silence heard while paused does not count. */
export function pauseRecording(world: World, r: LiveRecording, pause: boolean): void {
  if (r.state !== (pause ? 'recording' : 'paused')) throw new AriError(409, 'Recording not in session');
  r.state = pause ? 'paused' : 'recording';
  if (!r.silence) return;
  r.silence.timer?.();
  r.silence.timer = undefined;
  if (r.silence.since !== undefined && pause) r.silence.earlierMs += world.timers.elapsed(r.silence.since);
  r.silence.since = undefined;
  if (!pause) listen(world, r);
}

/** A mono 16-bit 8 kHz WAV (a quiet 440 Hz tone) lasting the recording's duration. */
export function recordingFile(r: StoredRecording): { contentType: string; data: Buffer } {
  const samples = Math.max(1, Math.round(8000 * r.durationSec));
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  if (r.format.toLowerCase() !== 'wav') return { contentType: `audio/${r.format}`, data: pcm };
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  return { contentType: 'audio/wav', data: Buffer.concat([header, pcm]) };
}
