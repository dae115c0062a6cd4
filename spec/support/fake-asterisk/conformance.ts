/** Replays a recorded trace against a fresh fake and asserts the fake answered as the real Asterisk did. */
import { expect } from 'chai';
import { startFakeAsterisk, type FakeAsterisk } from './index';
import { Replayer, type ReplayOptions } from './replay';
import { SipPhones } from './replay-sip';
import { eventTypes, loadTrace } from './trace';
import type { FakeOptions } from './types';

/** Racy or run-specific event types the SIP traces carry (RTP QoS, connected-line chatter). */
export const SIP_NOISE = ['ChannelVarset', 'ChannelConnectedLine', 'ChannelCallerId', 'ChannelDialplan'];

export interface TraceCheck {
  trace: string;
  /** connections whose events are compared (default: main) */
  conns?: string[];
  /** connections recorded but neither waited for nor compared (subscribeAll observers) */
  unwaited?: string[];
  /** event types left out of the comparison */
  exclude?: string[];
  /** request numbers whose bodies are not compared (each use says why) */
  skipBodies?: number[];
  /** the phones of the SIP traces play their part from the trace's notes */
  sip?: boolean;
  fakeOptions?: FakeOptions;
  setup?: (fake: FakeAsterisk, phones: SipPhones) => void;
  actions?: (fake: FakeAsterisk, phones: SipPhones) => ReplayOptions['actions'];
}

export interface TraceRun {
  replay: Replayer;
  fake: FakeAsterisk;
  phones: SipPhones;
}

// Slower than the fake's default: the replays keep the recording's gaps, and a loaded CI machine must not reorder them.
const TIME_SCALE = 0.1;

/** Replays the trace, asserts REST statuses/bodies, websocket outcomes and each compared connection's events. */
export async function checkTrace(check: TraceCheck): Promise<TraceRun> {
  const fake = await startFakeAsterisk({ timeScale: TIME_SCALE, ...check.fakeOptions });
  const phones = new SipPhones();
  let replay: Replayer | undefined;
  try {
    check.setup?.(fake, phones);
    replay = await new Replayer(fake, loadTrace(check.trace), {
      timeScale: TIME_SCALE,
      onNote: check.sip ? phones.handler() : undefined,
      unwaitedConns: check.unwaited,
      ignoreTypes: check.exclude,
      actions: check.actions?.(fake, phones),
    }).run();
    expect(replay.rest.length, 'REST responses received').to.be.greaterThan(0);
    expect(replay.restMismatches(check.skipBodies), 'REST responses').to.deep.equal([]);
    expect(replay.wsMismatches(), 'websocket outcomes').to.deep.equal([]);
    for (const conn of check.conns ?? ['main']) expectSameEvents(replay, conn, check.exclude ?? []);
    return { replay, fake, phones };
  } finally {
    replay?.closeAll();
    await fake.close();
  }
}

function expectSameEvents(replay: Replayer, conn: string, exclude: string[]): void {
  const [recorded, actual] = replay.normalisedEvents(conn, exclude);
  expect(recorded.length, `${conn}: the trace has events`).to.be.greaterThan(0);
  expect(eventTypes(actual), `${conn}: event types in order`).to.deep.equal(eventTypes(recorded));
  recorded.forEach((event, i) => expect(actual[i], `${conn}: event #${i} (${String(event.type)})`).to.deep.equal(event));
}
