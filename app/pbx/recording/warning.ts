import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AriEvent } from '../ari/event-router';
import { HungUp } from '../ari/wait';
import type { Channel } from '../call/channel';

/** A warning that never ends (events lost with the connection) counts as not heard. */
const WARNING_LIMIT_MS = 5 * 60_000;

const ISSUE = Symbol('ConsentToken.issue');
const issued = new WeakSet<object>();
let mint: (callId: number, channelId: string) => ConsentToken;

/**
 * Proof that one party of one call heard the recording warning to its end without declining.
 * Only this module makes them: the constructor is private to TypeScript, refuses at run time
 * anyone without this module's key, and the recorder also checks the token was issued here.
 */
export class ConsentToken {
  // An ECMAScript private field makes the type nominal: an object of the same shape is not one.
  readonly #issued = true;

  private constructor(key: symbol, readonly callId: number, readonly channelId: string) {
    if (key !== ISSUE) throw new TypeError('a ConsentToken is issued only by the recording warning');
    Object.freeze(this);
  }

  static {
    mint = (callId, channelId) => {
      const token = new ConsentToken(ISSUE, callId, channelId);
      issued.add(token);
      return token;
    };
  }
}

/** True only for a token this module issued, for this call and this channel. */
export function isGenuine(token: unknown, callId: number, channelId?: string): token is ConsentToken {
  if (typeof token !== 'object' || token === null || !issued.has(token)) return false;
  const t = token as ConsentToken;
  return t.callId === callId && (channelId === undefined || t.channelId === channelId);
}

/**
 * The tokens of a call this process takes over from an earlier one (a restart): one for each
 * party the call record says heard the warning in full and that is still in the call. The record
 * (call_legs.warning) is written when a warning settles, 'heard' only for an outcome that carried a
 * token from this module; a party that declined, whose warning failed, or who never heard one gets
 * none, so recording stays blocked for it.
 */
export async function reissueTokens(db: DataSource, callId: number, present: Iterable<string>): Promise<ConsentToken[]> {
  const here = new Set(present);
  if (here.size === 0) return [];
  const rows: { channelId: string }[] = await db.query(
    "SELECT channel_id AS channelId FROM call_legs WHERE call_id = ? AND channel_id IN (?) AND warning = 'heard'",
    [callId, [...here]],
  );
  return rows.map((r) => mint(callId, r.channelId));
}

export type WarningOutcome =
  | { outcome: 'heard'; token: ConsentToken }
  | { outcome: 'declined' | 'warning_failed' }
  | { outcome: 'hung_up'; who: 'party' | 'other' };

export interface WarningOptions {
  /** Media URI of the warning, e.g. sound:vpbx/recording-warning. */
  media: string;
  declineDigit: string;
  /** Someone whose hang-up ends the warning too (the waiting caller while a called party hears it). */
  other?: Channel;
}

type Ending = 'done' | 'failed' | 'declined' | 'party_gone' | 'other_gone';

/**
 * Plays the recording warning to one party. The token comes only from a PlaybackFinished in state
 * done while the party is still there; the decline key ends it at once, a failed playback (missing
 * sound) and a hang-up give no token.
 */
export async function playWarning(callId: number, party: Channel, options: WarningOptions): Promise<WarningOutcome> {
  if (!party.isUp) return { outcome: 'hung_up', who: 'party' };
  if (options.other && !options.other.isUp) return { outcome: 'hung_up', who: 'other' };
  const playbackId = `warning-${randomUUID()}`;
  const watch = watchWarning(party, playbackId, options);
  try {
    await party.request('play', (c) => c.channels.play({ channelId: party.id, media: [options.media], playbackId } as never));
  } catch (err) {
    watch.cancel();
    if (err instanceof HungUp) return { outcome: 'hung_up', who: 'party' };
    return { outcome: 'warning_failed' };
  }
  const ending = await watch.ending;
  if (ending !== 'done') await stopPlayback(party, playbackId);
  party.clearDigits();
  return outcomeOf(callId, party, ending, options.other);
}

async function outcomeOf(callId: number, party: Channel, ending: Ending, other?: Channel): Promise<WarningOutcome> {
  if (ending === 'other_gone' || (other && !other.isUp)) return { outcome: 'hung_up', who: 'other' };
  if (ending === 'party_gone' || !party.isUp) return { outcome: 'hung_up', who: 'party' };
  if (ending === 'declined') return { outcome: 'declined' };
  if (ending === 'done') return { outcome: 'heard', token: mint(callId, party.id) };
  // A hang-up also fails the playback; ask Asterisk whether the party is still there.
  return (await stillThere(party)) ? { outcome: 'warning_failed' } : { outcome: 'hung_up', who: 'party' };
}

/** Listens before the play request, since Asterisk may send PlaybackFinished before its response. */
function watchWarning(party: Channel, playbackId: string, options: WarningOptions): { ending: Promise<Ending>; cancel(): void } {
  const offs: (() => void)[] = [];
  let settle!: (ending: Ending) => void;
  const ending = new Promise<Ending>((resolve) => {
    settle = (e) => {
      for (const off of offs.splice(0)) off();
      resolve(e);
    };
  });
  const events = party.node.events;
  offs.push(events.on(`playback:${playbackId}`, (e: AriEvent) => e.type === 'PlaybackFinished' && settle(e.playback?.state === 'done' ? 'done' : 'failed')));
  offs.push(events.on(`channel:${party.id}`, (e: AriEvent) => isDecline(e, party.id, options.declineDigit) && settle('declined')));
  offs.push(onAbort(party.signal, () => settle('party_gone')));
  if (options.other) offs.push(onAbort(options.other.signal, () => settle('other_gone')));
  const timer = setTimeout(() => settle('failed'), WARNING_LIMIT_MS);
  offs.push(() => clearTimeout(timer));
  return { ending, cancel: () => settle('failed') };
}

const isDecline = (e: AriEvent, channelId: string, digit: string) => e.type === 'ChannelDtmfReceived' && e.channel?.id === channelId && e.digit === digit;

function onAbort(signal: AbortSignal, fn: () => void): () => void {
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

async function stopPlayback(party: Channel, playbackId: string): Promise<void> {
  await party.node.request('stopPlayback', (c) => c.playbacks.stop({ playbackId })).catch(() => undefined);
}

async function stillThere(party: Channel): Promise<boolean> {
  try {
    await party.request('getChannel', (c) => c.channels.get({ channelId: party.id }));
    return party.isUp;
  } catch (err) {
    return !(err instanceof HungUp);
  }
}
