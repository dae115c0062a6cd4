import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../app/config';
import type { Deps } from '../../app/deps';
import { Call } from '../../app/features/calls/entities';
import type { PhoneNumber } from '../../app/features/numbers/entities';
import { renderAsteriskConfig } from '../../app/pbx/asterisk-config';
import { DIALPLAN_CONTEXTS } from '../../app/pbx/contract';
import { startPbx, type PbxRole } from '../../app/pbx/role';
import { SOUNDS } from '../../app/pbx/sounds';
import { AriCallers, type TestCaller } from './ari-callers';
import { startAriProxy, type AriRecordingProxy, type ProxiedEvent } from './ari-proxy';
import { ManualClock } from './clock';
import { startFakeAsterisk, type FakeAsterisk } from './fake-asterisk';
import { loadExtensionsConf } from './fake-asterisk/dialplan-conf';
import { engineDeps } from './pbx';
import { randomMobile } from './telephony-factories';
import { until } from './until';

/**
 * Where the scenario suite (spec/scenarios) runs: the real engine, driven through the project's own
 * dialplan by callers on Local channels, against
 *  - a real Asterisk when ARI_URL is set (`make test-asterisk`): the one running the project's
 *    asterisk/ config, ARI user and password from ARI_USER/ARI_PASSWORD, the app from ARI_APP;
 *  - otherwise the fake Asterisk, loaded with the same rendered extensions.conf.
 * Every assertion goes through the logging proxy in front of the engine, so both read alike.
 */
export interface TelephonyWorld {
  mode: 'fake' | 'asterisk';
  /** Only in fake mode: what a real Asterisk cannot be told to do (e.g. drop the engine). */
  fake?: FakeAsterisk;
  log: AriRecordingProxy;
  deps: Deps;
  clock: ManualClock;
  pbx: PbxRole;
  /** A call from the carrier to `number` (a DID of ours), from a random mobile by default. */
  callIn(number: PhoneNumber | string, callerNumber?: string): Promise<TestCaller>;
  /** Media the engine asked to play to the caller, in order. */
  mediaPlayedTo(caller: TestCaller): string[];
  /** Waits until `media` has started playing to the caller. */
  playbackStarted(caller: TestCaller, media: string, timeoutMs?: number): Promise<ProxiedEvent>;
  playbackFinished(caller: TestCaller, media: string, timeoutMs?: number): Promise<ProxiedEvent>;
  /** The caller's call record once finished. */
  finishedCall(caller: TestCaller, timeoutMs?: number): Promise<Call>;
  close(): Promise<void>;
}

export const realAsteriskUrl = (): string | undefined => process.env.ARI_URL?.split(',')[0]?.trim() || undefined;

/** Sounds the suite plays: in Asterisk's core sounds (real), added to the fake's library (fake). */
const ENGINE_SOUNDS = Object.values(SOUNDS);

export async function startTelephonyWorld(): Promise<TelephonyWorld> {
  const base = loadConfig();
  const realUrl = realAsteriskUrl();
  const mode = realUrl ? 'asterisk' : 'fake';
  const app = realUrl ? base.pbx.app : `vpbx-scn-${process.pid}-${randomUUID().slice(0, 4)}`;
  const user = realUrl ? base.pbx.user : 'vpbx';
  const password = realUrl ? base.pbx.password : 'fake-secret';
  let fake: FakeAsterisk | undefined;
  let asteriskUrl = realUrl;
  if (!asteriskUrl) {
    fake = await startFakeAsterisk({ user, password });
    loadExtensionsConf(fake.dialplan, renderedExtensionsConf(app));
    for (const sound of ENGINE_SOUNDS) if (!fake.sounds.has(sound)) fake.sounds.add(sound, 1);
    asteriskUrl = fake.url;
  }
  const log = await startAriProxy(asteriskUrl);
  const callers = new AriCallers(asteriskUrl, user, password, `${app}-callers`);
  await callers.connect();

  const nodeName = `scn-${randomUUID().slice(0, 8)}`;
  const config: Config = {
    ...base,
    pbx: { ...base.pbx, nodes: [{ name: nodeName, url: log.url }], user, password, app, requestTimeoutMs: 4000, reconnectMaxMs: 500 },
  };
  const deps = await engineDeps(config);
  const { db, clock } = deps;
  const pbx = startPbx(deps);
  await until(() => (pbx.nodes[0].node.state === 'up' ? true : undefined), 10_000, 'the engine to connect to Asterisk');

  const plays = (caller: TestCaller) => log.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${caller.engineChannelId}/play`);
  const playback = (type: string) => (caller: TestCaller, media: string, timeoutMs = 8000) =>
    log.waitForEvent((e) => e.type === type && e.event.playback?.target_uri === `channel:${caller.engineChannelId}` && e.event.playback?.media_uri === media, timeoutMs);

  return {
    mode,
    fake,
    log,
    deps,
    clock,
    pbx,
    callIn: (number, callerNumber = randomMobile()) =>
      callers.dial(DIALPLAN_CONTEXTS.fromTrunk, typeof number === 'string' ? number : number.e164, callerNumber, 'ulaw,alaw'),
    mediaPlayedTo: (caller) => plays(caller).flatMap((r) => String(r.query.media).split(',')),
    playbackStarted: playback('PlaybackStarted'),
    playbackFinished: playback('PlaybackFinished'),
    finishedCall: (caller, timeoutMs = 10_000) =>
      until(async () => (await db.getRepository(Call).findOneBy({ node: nodeName, channelId: caller.engineChannelId, state: 'ended' })) ?? undefined, timeoutMs, `call record of ${caller.engineChannelId} to finish`),
    async close() {
      await callers.close();
      await pbx.stop();
      await log.close();
      await fake?.close();
      await db.destroy();
    },
  };
}

/** extensions.conf as `make asterisk-config` renders it, with this run's Stasis app. */
export function renderedExtensionsConf(app: string): string {
  const files = renderAsteriskConfig({
    stasisApp: app,
    systemName: 'fake',
    ari: { bindAddress: '127.0.0.1', port: 8088, user: 'vpbx', password: 'fake-secret' },
    sip: { bindAddress: '0.0.0.0', udpPort: 5060, tcpPort: 5061, externalAddress: '203.0.113.7', localNets: ['10.0.0.0/8'] },
    rtp: { portStart: 12000, portEnd: 14000 },
    trunk: { host: '198.51.100.1', username: 'u', password: 'p', register: false, fromDomain: 'carrier.example.kz', identifyIps: ['198.51.100.1'] },
  });
  const text = files.get('extensions.conf');
  if (!text) throw new Error('extensions.conf not rendered');
  return text;
}
