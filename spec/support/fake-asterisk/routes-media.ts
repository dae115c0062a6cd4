/** /playbacks, /recordings and /sounds routes. */
import { controlPlayback, findPlayback, stopPlayback } from './media';
import { noContent, ok } from './params';
import { finishRecording, pauseRecording, recordingFile, requireLive, requireStored } from './recordings';
import { AriError, type Ctx, type Reply, type Router } from './router';
import { liveRecordingJson, playbackJson, storedRecordingJson } from './snapshots';
import type { World } from './world';

export function registerMediaRoutes(r: Router, world: World): void {
  r.add('GET', '/playbacks/{playbackId}', (c) => ok(playbackJson(findPlayback(world, c.params.playbackId))));
  r.add('DELETE', '/playbacks/{playbackId}', (c) => {
    const p = findPlayback(world, c.params.playbackId);
    c.after(() => stopPlayback(world, p));
    return noContent;
  });
  r.add('POST', '/playbacks/{playbackId}/control', (c) => {
    const p = findPlayback(world, c.params.playbackId);
    if (!c.query.operation) throw new AriError(400, 'Missing parameter operation');
    controlPlayback(world, p, c.query.operation);
    return noContent;
  });
  registerRecordings(r, world);
  r.add('GET', '/sounds', () => ok(world.sounds.names().map(soundJson)));
  r.add('GET', '/sounds/{soundId}', (c) => {
    if (!world.sounds.has(c.params.soundId)) throw new AriError(404, 'Sound not found');
    return ok(soundJson(c.params.soundId));
  });
}

const soundJson = (id: string): unknown => ({ id, text: '', formats: [{ language: 'en', format: 'gsm' }] });

function registerRecordings(r: Router, world: World): void {
  const live = (c: Ctx) => requireLive(world, c.params.recordingName);
  r.add('GET', '/recordings/stored', () => ok([...world.storedRecordings.values()].sort((a, b) => a.name.localeCompare(b.name)).map(storedRecordingJson)));
  r.add('GET', '/recordings/stored/{recordingName}', (c) => ok(storedRecordingJson(requireStored(world, c.params.recordingName))));
  r.add('DELETE', '/recordings/stored/{recordingName}', (c) => {
    requireStored(world, c.params.recordingName);
    world.storedRecordings.delete(c.params.recordingName);
    return noContent;
  });
  r.add('GET', '/recordings/stored/{recordingName}/file', (c) => fileRoute(world, c));
  r.add('POST', '/recordings/stored/{recordingName}/copy', (c) => copyRoute(world, c));
  r.add('GET', '/recordings/live/{recordingName}', (c) => ok(liveRecordingJson(live(c))));
  r.add('DELETE', '/recordings/live/{recordingName}', (c) => endLive(world, c, 'canceled'));
  r.add('POST', '/recordings/live/{recordingName}/stop', (c) => endLive(world, c, 'done'));
  r.add('POST', '/recordings/live/{recordingName}/pause', (c) => (pauseRecording(world, live(c), true), noContent));
  r.add('DELETE', '/recordings/live/{recordingName}/pause', (c) => (pauseRecording(world, live(c), false), noContent));
  r.add('POST', '/recordings/live/{recordingName}/mute', (c) => (live(c), noContent));
  r.add('DELETE', '/recordings/live/{recordingName}/mute', (c) => (live(c), noContent));
}

/** 404 now; the recording ends (RecordingFinished) after the 204, as in trace c. */
function endLive(world: World, c: Ctx, state: 'done' | 'canceled'): Reply {
  const rec = requireLive(world, c.params.recordingName);
  c.after(() => finishRecording(world, rec, state));
  return noContent;
}

function fileRoute(world: World, c: Ctx): Reply {
  const file = recordingFile(requireStored(world, c.params.recordingName));
  return { status: 200, raw: file.data, headers: { 'content-type': file.contentType } };
}

function copyRoute(world: World, c: Ctx): Reply {
  const source = requireStored(world, c.params.recordingName);
  const dest = c.query.destinationRecordingName;
  if (!dest) throw new AriError(400, 'Missing parameter destinationRecordingName');
  if (world.storedRecordings.has(dest)) throw new AriError(409, 'A recording with the same name already exists on the system');
  world.storedRecordings.set(dest, { ...source, name: dest });
  return ok(storedRecordingJson({ ...source, name: dest }));
}
