/** Live and stored recordings (channel or bridge), with WAV files to download. */
import { ev } from './events';
import { AriError } from './router';
import type { Channel, LiveRecording, StoredRecording } from './types';
import type { World } from './world';

const FORMATS = new Set(['wav', 'wav16', 'WAV', 'gsm', 'ulaw', 'alaw', 'sln', 'sln16', 'g722', 'g729', 'g726', 'ilbc', 'siren7', 'siren14', 'ogg']);

export interface RecordRequest {
  name?: string;
  format?: string;
  maxDurationSeconds: number;
  ifExists: string;
  terminateOn: string;
}

/** Validates like Asterisk and queues the recording behind the target's current one. */
export function queueRecording(world: World, targetUri: string, req: RecordRequest): LiveRecording {
  if (!req.name) throw new AriError(400, 'Recording name is required');
  if (!req.format) throw new AriError(400, 'Recording format is required');
  if (!['fail', 'overwrite', 'append'].includes(req.ifExists)) throw new AriError(400, 'ifExists invalid');
  if (!FORMATS.has(req.format)) throw new AriError(422, 'specified format is unknown on this system');
  if (world.liveRecordings.has(req.name)) throw new AriError(409, `Recording '${req.name}' is already in progress`);
  if (req.ifExists === 'fail' && world.storedRecordings.has(req.name)) {
    throw new AriError(409, `Recording '${req.name}' already exists and can not be overwritten`);
  }
  const r: LiveRecording = {
    name: req.name, format: req.format, targetUri, state: 'queued',
    maxDurationSec: req.maxDurationSeconds, terminateOn: req.terminateOn,
  };
  world.liveRecordings.set(r.name, r);
  const queue = world.recordingQueues.get(targetUri) ?? [];
  queue.push(r);
  world.recordingQueues.set(targetUri, queue);
  return r;
}

/** Starts the head of a target's recording queue if it is waiting. */
export function kickRecordings(world: World, targetUri: string): void {
  const head = world.recordingQueues.get(targetUri)?.[0];
  if (!head || head.state !== 'queued') return;
  head.state = 'recording';
  head.startedAt = Date.now();
  // the file exists on disk (and in /recordings/stored) as soon as recording starts
  world.storedRecordings.set(head.name, { name: head.name, format: head.format, durationSec: 0 });
  emitRecording(world, 'RecordingStarted', head);
  if (head.maxDurationSec > 0) {
    head.timer = world.after(head.maxDurationSec * 1000, () => finishRecording(world, head, 'done', head.maxDurationSec));
  }
}

/** Ends a recording: stored unless canceled, RecordingFinished, next queued one starts. */
export function finishRecording(world: World, r: LiveRecording, state: 'done' | 'canceled', durationSec?: number): void {
  r.timer?.();
  const elapsed = r.startedAt ? Math.floor(world.timers.elapsed(r.startedAt) / 1000) : 0;
  r.durationSec = durationSec ?? Math.min(elapsed, r.maxDurationSec > 0 ? r.maxDurationSec : elapsed);
  r.state = state;
  world.liveRecordings.delete(r.name);
  const queue = (world.recordingQueues.get(r.targetUri) ?? []).filter((q) => q !== r);
  world.recordingQueues.set(r.targetUri, queue);
  if (state === 'done') world.storedRecordings.set(r.name, { name: r.name, format: r.format, durationSec: r.durationSec });
  else world.storedRecordings.delete(r.name);
  emitRecording(world, 'RecordingFinished', r);
  kickRecordings(world, r.targetUri);
}

function emitRecording(world: World, type: 'RecordingStarted' | 'RecordingFinished', r: LiveRecording): void {
  const id = r.targetUri.slice(r.targetUri.indexOf(':') + 1);
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

/** terminateOn: a caller's digit ends the channel's current recording. */
export function dtmfEndsRecording(world: World, ch: Channel, digit: string): void {
  const head = world.recordingQueues.get(`channel:${ch.id}`)?.[0];
  if (!head || head.state !== 'recording') return;
  if (head.terminateOn === 'any' || head.terminateOn === digit) finishRecording(world, head, 'done');
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

/** pause/unpause: 409 "Recording not in session" unless it is running. */
export function pauseRecording(r: LiveRecording, pause: boolean): void {
  if (r.state !== (pause ? 'recording' : 'paused')) throw new AriError(409, 'Recording not in session');
  r.state = pause ? 'paused' : 'recording';
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
