import { randomUUID } from 'node:crypto';
import type { AriEvent } from '../ari/event-router';
import { HungUp } from '../ari/wait';
import { CHANNEL_VARS, formatStasisArgs } from '../contract';
import { Channel } from './channel';
import type { CallSession } from './session';

export interface DialTarget {
  /** ARI endpoint, e.g. PJSIP/a12-101 or PJSIP/+77011234567@carrier. */
  endpoint: string;
  /** What the callee's phone shows: "Name" <number>. */
  callerId?: string;
  ringSeconds: number;
  variables?: Record<string, string>;
}

export type DialResult =
  | { outcome: 'answered'; channel: Channel }
  | { outcome: 'busy' | 'no_answer' | 'unavailable' | 'failed'; cause: number | null };

/** Q.850 causes as Asterisk reports them on ChannelDestroyed. */
function outcomeOf(cause: number | null): Exclude<DialResult['outcome'], 'answered'> {
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19 || cause === 21) return 'no_answer';
  if (cause === 0 || cause === 1 || cause === 3 || cause === 20 || cause === 27 || cause === 38 || cause === 34) return 'unavailable';
  return 'failed';
}

/**
 * Rings one far party into our app and waits for the outcome. The leg's channel id is ours, and we
 * listen before originating, because Asterisk may send the leg's events before the response.
 * The caller hanging up cancels the leg (HungUp is thrown).
 */
export async function dialLeg(session: CallSession, target: DialTarget, signal: AbortSignal = session.caller.signal): Promise<DialResult> {
  const channelId = `${session.callId}-${randomUUID().slice(0, 8)}`;
  const leg = new Channel(session.node, channelId, undefined);
  let off = () => {};
  const outcome = new Promise<DialResult>((resolve) => {
    off = session.node.events.on(`channel:${channelId}`, (event: AriEvent) => {
      if (event.type === 'StasisStart' && event.channel?.id === channelId) {
        off();
        resolve({ outcome: 'answered', channel: leg });
      } else if (event.type === 'ChannelDestroyed' && event.channel?.id === channelId) {
        off();
        resolve({ outcome: outcomeOf(event.cause ?? null), cause: event.cause ?? null });
      }
    });
  });
  const formats = session.account?.codecs ?? 'ulaw,alaw';
  try {
    await session.node.request('originate', (c) =>
      c.channels.originate({
        endpoint: target.endpoint,
        app: session.deps.config.app,
        appArgs: formatStasisArgs({ kind: 'originated', callId: String(session.callId) }).join(','),
        channelId,
        callerId: target.callerId,
        timeout: target.ringSeconds,
        formats,
        variables: { [CHANNEL_VARS.callId]: String(session.callId), ...target.variables },
      } as never),
    );
  } catch (err) {
    off();
    leg.dispose();
    session.deps.logger.warn({ err, endpoint: target.endpoint, callId: session.callId }, 'originate failed');
    return { outcome: 'failed', cause: null };
  }
  await session.deps.records.addLeg(session.callId, { channelId, role: 'callee', endpoint: target.endpoint, number: null, startedAt: session.deps.clock.now() });
  // The caller may have hung up while the leg was being recorded: abort-listeners added now would never fire.
  const cancelled = signal.aborted
    ? Promise.resolve('cancelled' as const)
    : new Promise<'cancelled'>((resolve) => signal.addEventListener('abort', () => resolve('cancelled'), { once: true }));
  const result = await Promise.race([outcome, cancelled]);
  if (result === 'cancelled') {
    await leg.hangup();
    leg.dispose();
    throw signal.reason instanceof Error ? signal.reason : new HungUp(session.caller.id);
  }
  if (result.outcome !== 'answered') {
    leg.dispose();
    await session.deps.records.legEnded(session.callId, channelId, session.deps.clock.now(), result.cause);
    return result;
  }
  session.adopt(leg);
  await session.deps.records.legAnswered(session.callId, channelId, session.deps.clock.now());
  return result;
}

/**
 * Rings several parties at once; the first to answer wins and the others are hung up.
 * Returns the best failure (busy beats no answer) when nobody answers.
 */
export async function dialAll(session: CallSession, targets: DialTarget[]): Promise<DialResult> {
  const race = new AbortController();
  const onCallerGone = () => race.abort(session.caller.signal.reason);
  session.caller.signal.addEventListener('abort', onCallerGone, { once: true });
  const attempts = targets.map((t) => dialLeg(session, t, race.signal).catch(() => undefined));
  try {
    const winner = await firstAnswered(attempts);
    if (winner) race.abort(new Error('answered elsewhere'));
    const results = await Promise.all(attempts);
    // Two phones may answer in the same instant: keep the first, hang up the other.
    for (const r of results) if (r?.outcome === 'answered' && r !== winner) await r.channel.hangup();
    if (winner) return winner;
    if (session.caller.signal.aborted) throw session.caller.signal.reason;
    const failures = results.filter((r): r is Exclude<DialResult, { outcome: 'answered' }> => r !== undefined && r.outcome !== 'answered');
    return failures.find((r) => r.outcome === 'busy') ?? failures[0] ?? { outcome: 'unavailable', cause: null };
  } finally {
    session.caller.signal.removeEventListener('abort', onCallerGone);
  }
}

function firstAnswered(attempts: Promise<DialResult | undefined>[]): Promise<Extract<DialResult, { outcome: 'answered' }> | undefined> {
  return new Promise((resolve) => {
    let pending = attempts.length;
    if (pending === 0) return resolve(undefined);
    for (const attempt of attempts) {
      void attempt.then((r) => {
        if (r?.outcome === 'answered') resolve(r);
        if (--pending === 0) resolve(undefined);
      });
    }
  });
}
