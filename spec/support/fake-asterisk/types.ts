/** Shared shapes of the fake Asterisk's in-memory world. */

export type ChannelState = 'Down' | 'Rsrved' | 'OffHook' | 'Dialing' | 'Ring' | 'Ringing' | 'Up' | 'Busy';
export type Tech = 'PJSIP' | 'Local' | 'Announcer' | 'Snoop';
export type Json = Record<string, unknown>;

export interface CallerId {
  name: string;
  number: string;
}

export interface DialplanLoc {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

export interface PendingTransfer {
  destination: string;
  bridgeId?: string;
  connectedId?: string;
}

export interface Channel {
  id: string;
  name: string;
  state: ChannelState;
  protocolId: string;
  caller: CallerId;
  connected: CallerId;
  accountcode: string;
  dialplan: DialplanLoc;
  creationtime: string;
  language: string;
  tech: Tech;
  endpoint?: string;
  /** what was dialed (Dial events' dialstring) */
  dialstring?: string;
  vars: Map<string, string>;
  stasis?: { app: string; args: string[] };
  bridgeId?: string;
  /** app whose bridge subscription this channel's joining added */
  bridgeSubApp?: string;
  peerId?: string;
  half?: 1 | 2;
  /** a Local ;2 in a bridge takes its ;1's connected line as caller id only when it next reads a frame (its hang-up) */
  pendingCaller?: CallerId;
  /** created by POST /channels: shows AppDial2 when not executing anything */
  originated: boolean;
  alive: boolean;
  hangupCause?: number;
  sip: { remoteAddr: string; headers: Record<string, string>; inbound: boolean };
  held: boolean;
  /** a transfer took this channel out of its call: its own hang-up is quiet */
  transferredAway: boolean;
  pendingTransfer?: PendingTransfer;
  /** cancels whatever the simulated dialplan / dial attempt is waiting for */
  cancel?: () => void;
  /** runs once when the channel goes Up (a Local ;2 answering completes its ;1 dial) */
  onAnswer?: () => void;
  /** a channel from POST /channels/create, waiting for POST /channels/{id}/dial */
  awaitingDial?: (timeoutSec: number) => void;
  /** Date.now() since when the far end sends no audio (undefined: it is talking) */
  silentSince?: number;
}

export type BridgeTech = 'simple_bridge' | 'softmix' | 'native_rtp' | 'holding_bridge';

export interface Bridge {
  id: string;
  name: string;
  bridgeType: 'mixing' | 'holding';
  dtmfEvents: boolean;
  technology: BridgeTech;
  /** channel ids in join order; announcers are listed in `announcers` */
  members: string[];
  announcers: string[];
  creationtime: string;
  mohAnnouncer?: string;
  /** a channel re-entered: Asterisk refreshes BRIDGEPEER only on the next change */
  stalePeers?: boolean;
  /** an ari-only REFER took the media out of native RTP for good */
  noNative?: boolean;
}

export type PlaybackState = 'queued' | 'playing' | 'continuing' | 'done' | 'failed';

export interface Playback {
  id: string;
  mediaUri: string;
  targetUri: string;
  language: string;
  state: PlaybackState;
  /** why it ends: unknown scheme playbacks vanish without PlaybackFinished */
  outcome: 'done' | 'failed' | 'vanish';
  durationMs: number;
  timer?: () => void;
  paused?: { remainingMs: number };
  startedAt?: number;
  /** the Announcer a bridge playback put into the bridge */
  announcer?: string;
}

export interface LiveRecording {
  name: string;
  format: string;
  targetUri: string;
  state: 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';
  maxDurationSec: number;
  /** 0: no silence detection */
  maxSilenceSec: number;
  terminateOn: string;
  startedAt?: number;
  durationSec?: number;
  /** with maxSilenceSec: the duration without the silence Asterisk measured */
  talkingSec?: number;
  timer?: () => void;
  /** a bridge recording: the Recorder channel in the bridge (its own queue) */
  recorder?: string;
  /** silence detection: Date.now() when the current silence began (as the recording hears it), silence heard before it */
  silence?: { since?: number; earlierMs: number; timer?: () => void };
}

export interface StoredRecording {
  name: string;
  format: string;
  durationSec: number;
}

export interface RequestLogEntry {
  seq: number;
  time: number;
  method: string;
  /** ARI-relative path, e.g. /channels/abc/answer */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status?: number;
}

/** A channel as ARI shows it in REST bodies and events. */
export type ChannelJson = {
  id: string;
  name: string;
  state: ChannelState;
  protocol_id: string;
  caller: CallerId;
  connected: CallerId;
  accountcode: string;
  dialplan: DialplanLoc;
  creationtime: string;
  language: string;
};

export type BridgeJson = {
  id: string;
  technology: BridgeTech;
  bridge_type: 'mixing' | 'holding';
  bridge_class: string;
  creator: string;
  name: string;
  channels: string[];
  creationtime: string;
  video_mode: string;
};

export type PlaybackJson = { id: string; media_uri: string; target_uri: string; language: string; state: PlaybackState };

export type LiveRecordingJson = {
  name: string; format: string; state: LiveRecording['state']; target_uri: string; duration?: number; talking_duration?: number; silence_duration?: number;
};

/** An event as sent on the websocket (the fields a test usually reads are typed). */
export type AriEvent = {
  type: string;
  timestamp: string;
  application: string;
  asterisk_id: string;
  channel?: ChannelJson;
  peer?: ChannelJson;
  bridge?: BridgeJson;
  playback?: PlaybackJson;
  recording?: LiveRecordingJson;
  args?: string[];
  digit?: string;
  cause?: number;
  dialstatus?: string;
  [key: string]: unknown;
};

export interface EventLogEntry {
  seq: number;
  time: number;
  app: string;
  connId: number;
  type: string;
  event: AriEvent;
}

export interface FakeOptions {
  user?: string;
  password?: string;
  port?: number;
  /** real milliseconds per Asterisk millisecond (0.01: one Asterisk second lasts 10 ms) */
  timeScale?: number;
  asteriskId?: string;
  /** false: sorcery.conf has no writable wizard, every dynamic PUT is 403 */
  sorceryWritable?: boolean;
  /** UDP port of the SIP side (127.0.0.1; 0, the default: any free port) */
  sipPort?: number;
}
