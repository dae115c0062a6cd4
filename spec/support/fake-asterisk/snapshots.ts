/** JSON shapes of ARI resources, key order as Asterisk writes them. */
import type { Bridge, BridgeJson, Channel, ChannelJson, Json, LiveRecording, LiveRecordingJson, Playback, PlaybackJson, StoredRecording } from './types';

/** Channel snapshot as in REST bodies and events. */
export function channelJson(ch: Channel): ChannelJson {
  return {
    id: ch.id,
    name: ch.name,
    state: ch.state,
    protocol_id: ch.protocolId,
    caller: { ...ch.caller },
    connected: { ...ch.connected },
    accountcode: ch.accountcode,
    dialplan: { ...ch.dialplan },
    creationtime: ch.creationtime,
    language: ch.language,
  };
}

/** Bridge snapshot; `channels` lists real channels only (never announcers). */
export function bridgeJson(b: Bridge): BridgeJson {
  return {
    id: b.id,
    technology: b.technology,
    bridge_type: b.bridgeType,
    bridge_class: 'stasis',
    creator: 'Stasis',
    name: b.name,
    channels: [...b.members].sort(),
    creationtime: b.creationtime,
    video_mode: b.bridgeType === 'holding' ? 'none' : 'talker',
  };
}

export function playbackJson(p: Playback): PlaybackJson {
  return { id: p.id, media_uri: p.mediaUri, target_uri: p.targetUri, language: p.language, state: p.state };
}

export function liveRecordingJson(r: LiveRecording): LiveRecordingJson {
  const json: LiveRecordingJson = { name: r.name, format: r.format, state: r.state, target_uri: r.targetUri };
  if (r.durationSec !== undefined && (r.state === 'done' || r.state === 'canceled')) json.duration = r.durationSec;
  // with maxSilenceSeconds (res_stasis_recording.c: talking = the duration without the silence heard)
  if (json.duration !== undefined && r.talkingSec !== undefined) Object.assign(json, { talking_duration: r.talkingSec, silence_duration: json.duration - r.talkingSec });
  return json;
}

export function storedRecordingJson(r: StoredRecording): Json {
  return { name: r.name, format: r.format };
}
