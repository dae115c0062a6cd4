/** Channel operations of a call in progress: answer, DTMF, hold, MOH, play, record, variables. */
import { ev } from './events';
import { setState } from './lifecycle';
import { play } from './media';
import { created, fakeUuid, int, list, noContent, ok } from './params';
import { kickRecordings, queueRecording } from './recordings';
import { AriError, type Ctx, type Reply, type Router } from './router';
import { liveRecordingJson, playbackJson } from './snapshots';
import { readVariable, writeVariable } from './variables';
import type { Channel } from './types';
import type { World } from './world';

export function registerChannelMedia(r: Router, world: World): void {
  const inStasis = (c: Ctx): Channel => world.requireStasis(c.params.channelId);
  const flag = (fn: (ch: Channel) => void) => (c: Ctx): Reply => {
    fn(inStasis(c));
    return noContent;
  };
  r.add('POST', '/channels/{channelId}/answer', flag((ch) => setState(world, ch, 'Up')));
  r.add('POST', '/channels/{channelId}/ring', flag(() => undefined));
  r.add('DELETE', '/channels/{channelId}/ring', flag(() => undefined));
  r.add('POST', '/channels/{channelId}/mute', flag(() => undefined));
  r.add('DELETE', '/channels/{channelId}/mute', flag(() => undefined));
  r.add('POST', '/channels/{channelId}/hold', flag(() => undefined));
  r.add('DELETE', '/channels/{channelId}/hold', flag(() => undefined));
  r.add('POST', '/channels/{channelId}/moh', flag(() => undefined));
  r.add('DELETE', '/channels/{channelId}/moh', flag(() => undefined));
  r.add('POST', '/channels/{channelId}/silence', flag(() => undefined));
  r.add('DELETE', '/channels/{channelId}/silence', flag(() => undefined));
  r.add('POST', '/channels/{channelId}/dtmf', (c) => dtmfRoute(world, c, inStasis(c)));
  r.add('POST', '/channels/{channelId}/play', (c) => playRoute(world, c, inStasis(c), c.query.playbackId));
  r.add('POST', '/channels/{channelId}/play/{playbackId}', (c) => playRoute(world, c, inStasis(c), c.params.playbackId));
  r.add('POST', '/channels/{channelId}/record', (c) => recordRoute(world, c, inStasis(c)));
  r.add('GET', '/channels/{channelId}/variable', (c) => ok({ value: readVariable(inStasis(c), c.query.variable) }));
  r.add('POST', '/channels/{channelId}/variable', (c) => {
    writeVariable(world, inStasis(c), c.query.variable, c.query.value ?? '');
    return noContent;
  });
  r.add('GET', '/channels/{channelId}/rtp_statistics', (c) => rtpStats(world, c));
}

/** DTMF sent by Asterisk: the far phone hears it; a Local peer in Stasis gets ChannelDtmfReceived. */
function dtmfRoute(world: World, c: Ctx, ch: Channel): Reply {
  const digits = c.query.dtmf;
  if (!digits) throw new AriError(400, 'DTMF is required');
  const before = int(c.query.before, 0);
  const between = int(c.query.between, 100);
  const duration = int(c.query.duration, 100);
  c.after(() => {
    [...digits].forEach((digit, i) => {
      world.after(before + i * (duration + between) + duration, () => deliverDigit(world, ch, digit, duration));
    });
  });
  return noContent;
}

function deliverDigit(world: World, ch: Channel, digit: string, duration: number): void {
  if (!ch.alive) return;
  if (ch.tech !== 'Local') {
    world.farEnds.get(ch.id)?.hearDtmf(digit, duration);
    return;
  }
  const peer = world.channel(ch.peerId);
  const bridge = peer && world.bridgeOf(peer);
  if (peer?.stasis && !(bridge?.bridgeType === 'mixing' && !bridge.dtmfEvents)) world.emit(ev.dtmf(peer, digit, duration), peer);
}

function playRoute(world: World, c: Ctx, ch: Channel, playbackId: string | undefined): Reply {
  const media = list(c.query.media);
  if (media.length === 0) throw new AriError(400, 'Missing parameter media');
  const p = play(world, world.sounds, { channel: ch }, { id: playbackId || fakeUuid(), media, lang: c.query.lang });
  return created(playbackJson(p), `/ari/playbacks/${p.id}`);
}

function recordRoute(world: World, c: Ctx, ch: Channel): Reply {
  const q = c.query;
  const r = queueRecording(world, `channel:${ch.id}`, {
    name: q.name, format: q.format, maxDurationSeconds: int(q.maxDurationSeconds, 0), maxSilenceSeconds: int(q.maxSilenceSeconds, 0),
    ifExists: q.ifExists ?? 'fail', terminateOn: q.terminateOn ?? 'none',
  });
  c.after(() => kickRecordings(world, r.targetUri));
  return created(liveRecordingJson(r), `/ari/recordings/live/${encodeURIComponent(r.name)}`);
}

function rtpStats(world: World, c: Ctx): Reply {
  const ch = world.channel(c.params.channelId);
  if (!ch || ch.tech !== 'PJSIP') throw new AriError(404, 'Channel cannot be found.');
  return ok({ txcount: 100, rxcount: 100, txploss: 0, rxploss: 0, local_ssrc: 1681254470, remote_ssrc: 635757985, txoctetcount: 16000, rxoctetcount: 16000, channel_uniqueid: ch.id });
}
