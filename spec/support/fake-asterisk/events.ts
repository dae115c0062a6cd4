/** Builders of ARI events, field order as the recorded Asterisk 22 sends them. */
import { astTime } from './clock';
import { causeText } from './causes';
import { bridgeJson, channelJson, liveRecordingJson, playbackJson } from './snapshots';
import type { Bridge, Channel, Json, LiveRecording, Playback } from './types';

const now = (): string => astTime();

export const ev = {
  stasisStart(ch: Channel, args: string[], replace?: Channel): Json {
    const e: Json = { type: 'StasisStart', timestamp: now(), args, channel: channelJson(ch) };
    if (replace) e.replace_channel = channelJson(replace);
    return e;
  },
  stasisEnd: (ch: Channel): Json => ({ type: 'StasisEnd', timestamp: now(), channel: channelJson(ch) }),
  stateChange: (ch: Channel): Json => ({ type: 'ChannelStateChange', timestamp: now(), channel: channelJson(ch) }),
  created: (ch: Channel): Json => ({ type: 'ChannelCreated', timestamp: now(), channel: channelJson(ch) }),
  varset: (ch: Channel, variable: string, value: string): Json => ({
    variable, value, type: 'ChannelVarset', timestamp: now(), channel: channelJson(ch),
  }),
  /** cause/soft are left out when Asterisk leaves them out (a phone's BYE in a native bridge) */
  hangupRequest(ch: Channel, cause?: number, soft?: boolean): Json {
    const e: Json = {};
    if (cause !== undefined) e.cause = cause;
    if (soft) e.soft = true;
    return { ...e, type: 'ChannelHangupRequest', timestamp: now(), channel: channelJson(ch) };
  },
  destroyed: (ch: Channel, cause: number): Json => ({
    type: 'ChannelDestroyed', timestamp: now(), cause, cause_txt: causeText(cause), channel: channelJson(ch),
  }),
  dialplan: (ch: Channel): Json => ({
    type: 'ChannelDialplan', timestamp: now(), dialplan_app: ch.dialplan.app_name,
    dialplan_app_data: ch.dialplan.app_data, channel: channelJson(ch),
  }),
  callerId: (ch: Channel): Json => ({
    type: 'ChannelCallerId', timestamp: now(), caller_presentation: 0,
    caller_presentation_txt: 'Presentation Allowed, Not Screened', channel: channelJson(ch),
  }),
  connectedLine: (ch: Channel): Json => ({ type: 'ChannelConnectedLine', timestamp: now(), channel: channelJson(ch) }),
  dial: (peer: Channel, dialstatus: string, dialstring: string): Json => ({
    type: 'Dial', timestamp: now(), dialstatus, forward: '', dialstring, peer: channelJson(peer),
  }),
  dtmf: (ch: Channel, digit: string, durationMs: number): Json => ({
    type: 'ChannelDtmfReceived', timestamp: now(), digit, duration_ms: durationMs, channel: channelJson(ch),
  }),
  hold: (ch: Channel, musicclass = 'default'): Json => ({ type: 'ChannelHold', timestamp: now(), musicclass, channel: channelJson(ch) }),
  unhold: (ch: Channel): Json => ({ type: 'ChannelUnhold', timestamp: now(), channel: channelJson(ch) }),
  entered: (b: Bridge, ch: Channel): Json => ({ type: 'ChannelEnteredBridge', timestamp: now(), bridge: bridgeJson(b), channel: channelJson(ch) }),
  left: (b: Bridge, ch: Channel): Json => ({ type: 'ChannelLeftBridge', timestamp: now(), bridge: bridgeJson(b), channel: channelJson(ch) }),
  bridgeDestroyed: (b: Bridge): Json => ({ type: 'BridgeDestroyed', timestamp: now(), bridge: bridgeJson(b) }),
  playback: (type: 'PlaybackStarted' | 'PlaybackFinished', p: Playback): Json => ({ type, timestamp: now(), playback: playbackJson(p) }),
  recording: (type: 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed', r: LiveRecording): Json => ({
    type, timestamp: now(), recording: liveRecordingJson(r),
  }),
  // `application` placed where Asterisk puts it; the bus fills in the value
  applicationReplaced: (): Json => ({ type: 'ApplicationReplaced', timestamp: now(), application: '' }),
  moveFailed: (ch: Channel, destination: string, args: string[]): Json => ({
    type: 'ApplicationMoveFailed', timestamp: now(), channel: channelJson(ch), destination, args,
  }),
  deviceState: (name: string, state: string): Json => ({ type: 'DeviceStateChanged', application: '', timestamp: now(), device_state: { name, state } }),
  userEvent: (eventname: string, userevent: Json): Json => ({ type: 'ChannelUserevent', timestamp: now(), eventname, userevent }),
};

/** BridgeBlindTransfer as Asterisk reports a phone's REFER out of a Stasis bridge. */
export function blindTransferEvent(o: { transferer: Channel; transferee?: Channel; replace: Json; bridge: Json; exten: string; context: string }): Json {
  const e: Json = {
    type: 'BridgeBlindTransfer', timestamp: now(), channel: channelJson(o.transferer), exten: o.exten,
    context: o.context, result: 'Success', is_external: true,
  };
  if (o.transferee) e.transferee = channelJson(o.transferee);
  return { ...e, replace_channel: o.replace, bridge: o.bridge };
}

/** ChannelTransfer (PJSIP_TRANSFER_HANDLING=ari-only): no top-level channel, `state` only on progress echoes. */
export function channelTransferEvent(o: { destination: string; source: Channel; connected?: Channel; bridge?: Bridge; state?: string }): Json {
  const referredBy: Json = { source_channel: channelJson(o.source) };
  if (o.connected) referredBy.connected_channel = channelJson(o.connected);
  if (o.bridge) referredBy.bridge = bridgeJson(o.bridge);
  const e: Json = { type: 'ChannelTransfer', timestamp: now(), refer_to: { requested_destination: { destination: o.destination } }, referred_by: referredBy };
  if (o.state) e.state = o.state;
  return e;
}
