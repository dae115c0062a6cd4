import { expect } from 'chai';
import { EventRouter, type AriEvent } from '../../app/pbx/ari/event-router';
import type { AriNode } from '../../app/pbx/ari/node';
import { Channel } from '../../app/pbx/call/channel';
import type { CallSession } from '../../app/pbx/call/session';
import { ConsentRefused, recordBridge, verifyConsent } from '../../app/pbx/recording/recorder';
import { ConsentToken, isGenuine, playWarning, type WarningOutcome } from '../../app/pbx/recording/warning';

/** A node that answers the few requests the warning makes, and remembers them. */
function stubNode() {
  const events = new EventRouter();
  const ops: string[] = [];
  let played!: (playbackId: string) => void;
  const playbackId = new Promise<string>((resolve) => (played = resolve));
  const client = {
    channels: {
      play: async (p: { playbackId: string }) => void played(p.playbackId),
      get: async () => ({}),
    },
    playbacks: { stop: async () => undefined },
  };
  const node = { events, request: async (op: string, call: (c: unknown) => Promise<unknown>) => (ops.push(op), call(client)) } as unknown as AriNode;
  return { node, events, ops, playbackId };
}

const channelEvent = (type: string, channelId: string, extra: Record<string, unknown> = {}) => ({ type, channel: { id: channelId }, ...extra }) as unknown as AriEvent;

/** Plays the warning to a stub channel and lets the test send Asterisk's events. */
async function warn(callId: number, channelId = 'ch-1') {
  const stub = stubNode();
  const channel = new Channel(stub.node, channelId, { id: channelId, state: 'Up' } as AriEvent['channel']);
  const result = playWarning(callId, channel, { media: 'sound:vpbx/recording-warning', declineDigit: '9' });
  const playbackId = await stub.playbackId;
  const finish = (state: string) => stub.events.dispatch({ type: 'PlaybackFinished', playback: { id: playbackId, state } } as unknown as AriEvent);
  return { ...stub, channel, result, finish };
}

async function heardToken(callId: number, channelId = 'ch-1'): Promise<ConsentToken> {
  const w = await warn(callId, channelId);
  w.finish('done');
  const outcome = await w.result;
  if (outcome.outcome !== 'heard') throw new Error(`expected heard, got ${outcome.outcome}`);
  return outcome.token;
}

/** A session whose every ARI request or database use would be noticed. */
function watchedSession(callId: number) {
  const touched: string[] = [];
  const session = {
    callId,
    account: { id: 1 },
    channels: new Set(),
    node: { events: new EventRouter(), request: async (op: string) => void touched.push(op) },
    deps: { db: { getRepository: () => (touched.push('db'), { save: async () => ({ id: 1 }), update: async () => undefined }) }, records: { recording: async () => void touched.push('db') }, clock: { now: () => new Date() } },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  } as unknown as CallSession;
  return { session, touched };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('recording consent: the token only the warning makes', () => {
  describe('the recorder', () => {
    it('given a forged token (a plain object cast to ConsentToken), when asked to record, then it refuses before any ARI request or database write', async () => {
      const { session, touched } = watchedSession(41);
      const forged = { callId: 41, channelId: 'ch-1' } as unknown as ConsentToken;
      expect(await refusal(recordBridge(session, 'call-41', { tokens: [forged], mustHear: ['ch-1'] }))).to.be.instanceOf(ConsentRefused);
      expect(touched).to.deep.equal([]);
    });

    it('given a token made from the class prototype at run time, when asked to record, then it refuses', async () => {
      const { session, touched } = watchedSession(42);
      const forged = Object.assign(Object.create(ConsentToken.prototype), { callId: 42, channelId: 'ch-1' }) as ConsentToken;
      expect(forged).to.be.instanceOf(ConsentToken);
      expect(await refusal(recordBridge(session, 'call-42', { tokens: [forged], mustHear: [] }))).to.be.instanceOf(ConsentRefused);
      expect(touched).to.deep.equal([]);
    });

    it('given no token at all, when asked to record, then it refuses', async () => {
      const { session, touched } = watchedSession(43);
      expect(await refusal(recordBridge(session, 'call-43', { tokens: [], mustHear: [] }))).to.be.instanceOf(ConsentRefused);
      expect(touched).to.deep.equal([]);
    });

    it('given a genuine token of another call, or one that does not cover an outside party, then it refuses; the right one passes', async () => {
      const token = await heardToken(7, 'caller-7');
      expect(() => verifyConsent(8, { tokens: [token], mustHear: [] })).to.throw(ConsentRefused);
      expect(() => verifyConsent(7, { tokens: [token], mustHear: ['caller-7', 'party-7'] })).to.throw(ConsentRefused, /party-7/);
      expect(() => verifyConsent(7, { tokens: [token], mustHear: ['caller-7'] })).not.to.throw();
    });
  });

  describe('the token', () => {
    it('cannot be constructed outside the warning module: the constructor refuses without the module key', () => {
      const Ctor = ConsentToken as unknown as new (...args: unknown[]) => ConsentToken;
      expect(() => new Ctor(Symbol('ConsentToken.issue'), 1, 'ch-1')).to.throw(TypeError);
    });

    it('is frozen and genuine only for its own call and channel', async () => {
      const token = await heardToken(9, 'ch-9');
      expect(Object.isFrozen(token)).to.equal(true);
      expect(isGenuine(token, 9, 'ch-9')).to.equal(true);
      expect(isGenuine(token, 9, 'ch-other')).to.equal(false);
      expect(isGenuine({ ...token }, 9, 'ch-9')).to.equal(false);
    });
  });

  describe('the warning', () => {
    it('given the warning is still playing, then there is no outcome yet; when PlaybackFinished done arrives, then a token is issued', async () => {
      const w = await warn(3);
      let settled: WarningOutcome | undefined;
      void w.result.then((r) => (settled = r));
      await new Promise((r) => setTimeout(r, 20));
      expect(settled).to.equal(undefined);
      w.finish('done');
      const outcome = await w.result;
      expect(outcome.outcome).to.equal('heard');
    });

    it('given the playback fails (missing sound) while the party is there, then no token: warning_failed', async () => {
      const w = await warn(4);
      w.finish('failed');
      expect(await w.result).to.deep.equal({ outcome: 'warning_failed' });
    });

    it('given the party presses the decline key, then the outcome is declined at once and the warning is stopped', async () => {
      const w = await warn(5);
      w.events.dispatch(channelEvent('ChannelDtmfReceived', 'ch-1', { digit: '1' }));
      w.events.dispatch(channelEvent('ChannelDtmfReceived', 'ch-1', { digit: '9' }));
      expect(await w.result).to.deep.equal({ outcome: 'declined' });
      expect(w.ops).to.include('stopPlayback');
    });

    it('given the party hangs up during the warning, then the outcome is hung_up even if a PlaybackFinished follows', async () => {
      const w = await warn(6);
      w.events.dispatch(channelEvent('ChannelHangupRequest', 'ch-1'));
      w.finish('done');
      expect(await w.result).to.deep.equal({ outcome: 'hung_up', who: 'party' });
    });
  });
});
