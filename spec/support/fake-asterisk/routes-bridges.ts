/** /bridges routes. */
import { addChannels, announcerJoin, announcerLeave, createBridge, destroyBridge, leaveBridge, requireBridge } from './bridges';
import { play } from './media';
import { created, fakeUuid, int, list, noContent, ok } from './params';
import { checkFormat, kickRecordings, queueKey, queueRecording, type RecordRequest } from './recordings';
import { AriError, type Ctx, type Reply, type Router } from './router';
import { bridgeJson, liveRecordingJson, playbackJson } from './snapshots';
import type { Bridge, Channel } from './types';
import type { World } from './world';

export function registerBridgeRoutes(r: Router, world: World): void {
  const bridge = (c: Ctx): Bridge => requireBridge(world, c.params.bridgeId);
  r.add('GET', '/bridges', () => ok([...world.bridges.values()].map(bridgeJson)));
  r.add('POST', '/bridges', (c) => ok(bridgeJson(createBridge(world, c.query.bridgeId, c.query.name ?? '', c.query.type))));
  r.add('POST', '/bridges/{bridgeId}', (c) => ok(bridgeJson(createBridge(world, c.params.bridgeId, c.query.name ?? '', c.query.type))));
  r.add('GET', '/bridges/{bridgeId}', (c) => ok(bridgeJson(bridge(c))));
  r.add('DELETE', '/bridges/{bridgeId}', (c) => {
    const b = bridge(c);
    c.after(() => destroyBridge(world, b));
    return noContent;
  });
  r.add('POST', '/bridges/{bridgeId}/addChannel', (c) => {
    addChannels(world, bridge(c), channelsOf(world, c, true));
    return noContent;
  });
  r.add('POST', '/bridges/{bridgeId}/removeChannel', (c) => removeRoute(world, c, bridge(c)));
  r.add('POST', '/bridges/{bridgeId}/moh', (c) => mohRoute(world, c, bridge(c), true));
  r.add('DELETE', '/bridges/{bridgeId}/moh', (c) => mohRoute(world, c, bridge(c), false));
  r.add('POST', '/bridges/{bridgeId}/play', (c) => playRoute(world, c, bridge(c), c.query.playbackId));
  r.add('POST', '/bridges/{bridgeId}/play/{playbackId}', (c) => playRoute(world, c, bridge(c), c.params.playbackId));
  r.add('POST', '/bridges/{bridgeId}/record', (c) => recordRoute(world, c, bridge(c)));
  r.add('POST', '/bridges/{bridgeId}/videoSource/{channelId}', (c) => (bridge(c), noContent));
  r.add('DELETE', '/bridges/{bridgeId}/videoSource', (c) => (bridge(c), noContent));
}

/** The channel=a,b parameter: 400 for an unknown id, 422 for a channel not in Stasis. */
function channelsOf(world: World, c: Ctx, needStasis: boolean): Channel[] {
  const ids = list(c.query.channel);
  if (ids.length === 0) throw new AriError(400, 'Missing parameter channel');
  const chans = ids.map((id) => world.channel(id));
  if (chans.some((ch) => !ch)) throw new AriError(400, 'Channel not found');
  const found = chans as Channel[];
  if (needStasis && found.some((ch) => !ch.stasis)) throw new AriError(422, 'Channel not in Stasis application');
  return found;
}

function removeRoute(world: World, c: Ctx, b: Bridge): Reply {
  const chans = channelsOf(world, c, false);
  if (chans.some((ch) => ch.bridgeId !== b.id)) throw new AriError(422, 'Channel not in this bridge');
  for (const ch of chans) leaveBridge(world, ch, { hangup: false });
  return noContent;
}

/** Bridge MOH: an ARI_MOH announcer joins (BRIDGEPEER updates before the 204, leaves after it). */
function mohRoute(world: World, c: Ctx, b: Bridge, start: boolean): Reply {
  if (start && !b.mohAnnouncer) b.mohAnnouncer = announcerJoin(world, b, 'ARI_MOH');
  if (!start && b.mohAnnouncer) {
    const name = b.mohAnnouncer;
    b.mohAnnouncer = undefined;
    c.after(() => announcerLeave(world, b, name));
  }
  return noContent;
}

function playRoute(world: World, c: Ctx, b: Bridge, playbackId: string | undefined): Reply {
  const media = list(c.query.media);
  if (media.length === 0) throw new AriError(400, 'Missing parameter media');
  const p = play(world, world.sounds, { bridge: b }, { id: playbackId || fakeUuid(), media, lang: c.query.lang });
  return created(playbackJson(p), `/ari/playbacks/${p.id}`);
}

/**
 * A Recorder channel joins the bridge before the 201 and records it (resource_bridges.c); when the
 * request fails after it joined (ifExists, a name in use) it is hung up again at once.
 */
function recordRoute(world: World, c: Ctx, b: Bridge): Reply {
  const q = c.query;
  const req: RecordRequest = {
    name: q.name, format: q.format, maxDurationSeconds: int(q.maxDurationSeconds, 0), maxSilenceSeconds: int(q.maxSilenceSeconds, 0),
    ifExists: q.ifExists ?? 'fail', terminateOn: q.terminateOn ?? 'none',
  };
  checkFormat(req);
  const recorder = announcerJoin(world, b, 'Recorder');
  let r;
  try {
    r = queueRecording(world, `bridge:${b.id}`, req, recorder);
  } catch (err) {
    announcerLeave(world, b, recorder);
    throw err;
  }
  c.after(() => kickRecordings(world, queueKey(r)));
  return created(liveRecordingJson(r), `/ari/recordings/live/${encodeURIComponent(r.name)}`);
}
