import type { DataSource } from 'typeorm';
import { isGone } from './ari/errors';
import type { AriEvent } from './ari/event-router';
import type { AriNode } from './ari/node';
import { HungUp } from './ari/wait';
import type { Channel } from './call/channel';

export type ChannelSnapshot = AriEvent['channel'];

/** What Asterisk has right now: live channels by id, and each bridge's members. */
export interface LiveState {
  channels: Map<string, ChannelSnapshot>;
  bridges: { id: string; channels: string[] }[];
}

/** Why a call record was closed without its hang-up being seen. */
export const ENDED_WHILE_DISCONNECTED = 'ended_while_disconnected';

/** Lists channels and bridges: what survived a gap in the events. */
export async function listLive(node: AriNode): Promise<LiveState> {
  const [channels, bridges] = await Promise.all([
    node.request('listChannels', (c) => c.channels.list()),
    node.request('listBridges', (c) => c.bridges.list()),
  ]);
  return {
    channels: new Map(channels.map((c) => [c.id, c as unknown as ChannelSnapshot])),
    bridges: bridges.map((b) => ({ id: b.id, channels: [...b.channels] })),
  };
}

/** Channel ids of every leg of these calls not yet known to have ended, by call id. */
export async function openLegs(db: DataSource, callIds: number[]): Promise<Map<number, string[]>> {
  const legs = new Map<number, string[]>();
  if (callIds.length === 0) return legs;
  const rows: { callId: string | number; channelId: string }[] = await db.query(
    'SELECT call_id AS callId, channel_id AS channelId FROM call_legs WHERE call_id IN (?) AND ended_at IS NULL',
    [callIds],
  );
  for (const row of rows) {
    const id = Number(row.callId);
    legs.set(id, [...(legs.get(id) ?? []), row.channelId]);
  }
  return legs;
}

/** Ids that had listeners when the connection went: whatever they waited for may have happened since. */
export interface Waiting {
  channels: string[];
  playbacks: string[];
  recordings: string[];
}

/** What the router's listeners wait on right now. */
export function waitingOn(node: AriNode): Waiting {
  return { channels: node.events.ids('channel'), playbacks: node.events.ids('playback'), recordings: node.events.ids('recording') };
}

/**
 * Hands listeners the events the gap swallowed: channels that are gone get their ChannelDestroyed,
 * playbacks and recordings that ended get their Finished, so every wait in a flow ends as it would
 * have. Only ids still listened to count: a flow that already moved on needs nothing.
 */
export async function settleWaiters(node: AriNode, waiting: Waiting, live: LiveState): Promise<void> {
  const still = (prefix: 'channel' | 'playback' | 'recording', ids: string[]) => {
    const now = new Set(node.events.ids(prefix));
    return ids.filter((id) => now.has(id));
  };
  for (const id of still('channel', waiting.channels)) if (!live.channels.has(id)) node.events.dispatch(synthetic(node, 'ChannelDestroyed', { channel: { id, state: 'Down' } }));
  await eachLimited(still('playback', waiting.playbacks), async (id) => {
    if (!(await exists(() => node.request('getPlayback', (c) => c.playbacks.get({ playbackId: id }))))) {
      node.events.dispatch(synthetic(node, 'PlaybackFinished', { playback: { id, state: 'done' } }));
    }
  });
  await eachLimited(still('recording', waiting.recordings), async (name) => {
    if (await exists(() => node.request('getLiveRecording', (c) => c.recordings.getLive({ recordingName: name })))) return;
    const stored = await exists(() => node.request('getStoredRecording', (c) => c.recordings.getStored({ recordingName: name })));
    const state = stored ? 'done' : 'failed';
    node.events.dispatch(synthetic(node, stored ? 'RecordingFinished' : 'RecordingFailed', { recording: { name, state } }));
  });
}

/** Hangs up channels no call of ours holds any more; gone ones and failures are fine. */
export async function hangupAll(node: AriNode, channelIds: string[]): Promise<void> {
  await Promise.all(channelIds.map((channelId) => node.request('hangup', (c) => c.channels.hangup({ channelId })).catch(() => undefined)));
}

export async function destroyBridge(node: AriNode, bridgeId: string): Promise<void> {
  await node.request('destroyBridge', (c) => c.bridges.destroy({ bridgeId })).catch(() => undefined);
}

/** For a channel listened to only since a listing: if it went meanwhile, its listeners hear so. */
export async function confirmLive(node: AriNode, channel: Channel): Promise<void> {
  try {
    await channel.request('getChannel', (c) => c.channels.get({ channelId: channel.id }));
  } catch (err) {
    if (!(err instanceof HungUp)) throw err;
    node.events.dispatch(destroyedInGap(node, channel.snapshot, channel.id));
  }
}

/** The ChannelDestroyed of a party that went while nobody listened; no cause, nobody knows it. */
export function destroyedInGap(node: AriNode, channel: ChannelSnapshot | undefined, id: string): AriEvent {
  return synthetic(node, 'ChannelDestroyed', { channel: { ...(channel ?? {}), id, state: 'Down' } });
}

/** An event Asterisk sent while we were not listening, rebuilt from what it shows now (marked `synthetic`). */
function synthetic(node: AriNode, type: string, body: Record<string, unknown>): AriEvent {
  return { type, application: node.options.app, timestamp: new Date().toISOString(), ...body, synthetic: ENDED_WHILE_DISCONNECTED } as unknown as AriEvent;
}

/** Whether ARI has the thing: gone (404, or the node's HungUp) is false, other failures throw. */
export async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (err) {
    if (isGone(err)) return false;
    throw err;
  }
}

async function eachLimited<T>(items: T[], work: (item: T) => Promise<void>, limit = 16): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}
