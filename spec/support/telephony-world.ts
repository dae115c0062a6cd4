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
import { phoneFor, PhoneCall, type SipAddresses, type TestPhone } from './world-phones';
import { SipPhone } from './sip/phone';
import type { Account } from '../../app/features/accounts/entities';
import type { Extension } from '../../app/features/extensions/entities';
import { TRUNK_ENDPOINT_DEFAULT } from '../../app/pbx/contract';

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
  /** A new extension of the account with a SIP phone registered for it (provisioned as the cabinet does). */
  phone(account: Account, exten: string, overrides?: Partial<Extension>): Promise<TestPhone>;
  /** The next call the engine sends out through the trunk, as the carrier's side of it. */
  carrierCall(timeoutMs?: number): Promise<PhoneCall>;
  /** The call record, once finished, of the call whose first channel is the caller's (or this channel id). */
  finishedCall(caller: TestCaller | string, timeoutMs?: number): Promise<Call>;
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

  const sipAddresses = sipAddressesOf(fake, realUrl);
  const phones: TestPhone[] = [];
  const carrier = await SipPhone.start({ server: sipAddresses.server, host: sipAddresses.localHost, username: TRUNK_ENDPOINT_DEFAULT, password: 'unused', port: sipAddresses.carrierPort });
  if (fake) {
    // The trunk as the project's pjsip.conf defines it, pointing at the carrier's UA.
    fake.addEndpoint(TRUNK_ENDPOINT_DEFAULT, { context: DIALPLAN_CONTEXTS.fromTrunk, online: true });
    fake.setContact(TRUNK_ENDPOINT_DEFAULT, carrier.address);
  }

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
    async phone(account, exten, overrides) {
      const phone = await phoneFor(deps, pbx.nodes.map((n) => n.node), sipAddresses, log, account, exten, overrides);
      phones.push(phone);
      return phone;
    },
    carrierCall: async (timeoutMs = 10_000) => new PhoneCall(await carrier.nextIncoming(timeoutMs), log),
    mediaPlayedTo: (caller) => plays(caller).flatMap((r) => String(r.query.media).split(',')),
    playbackStarted: playback('PlaybackStarted'),
    playbackFinished: playback('PlaybackFinished'),
    finishedCall: (caller, timeoutMs = 10_000) => {
      const channelId = typeof caller === 'string' ? caller : caller.engineChannelId;
      return until(async () => (await db.getRepository(Call).findOneBy({ node: nodeName, channelId, state: 'ended' })) ?? undefined, timeoutMs, `call record of ${channelId} to finish`);
    },
    async close() {
      await callers.close();
      await Promise.all([...phones.map((p) => p.close()), carrier.close()]);
      await pbx.stop();
      await log.close();
      await fake?.close();
      await db.destroy();
    },
  };
}

/**
 * Where phones register: the fake's own SIP port, or the real Asterisk's PJSIP (SIP_SERVER host:port,
 * by default ARI_URL's host on 5060). The carrier listens on CARRIER_SIP_PORT (default 5099) for a real
 * Asterisk rendered with `--trunk-host <this machine> --trunk-port 5099`; phones and carrier bind
 * SIP_PHONE_HOST (default 127.0.0.1), an address of this machine that Asterisk reaches.
 */
function sipAddressesOf(fake: FakeAsterisk | undefined, realUrl: string | undefined): SipAddresses {
  if (fake) return { server: fake.sipAddress, carrierPort: 0, localHost: '127.0.0.1' };
  const [host, port] = (process.env.SIP_SERVER ?? `${new URL(realUrl ?? '').hostname}:5060`).split(':');
  return { server: { host, port: Number(port ?? 5060) }, carrierPort: Number(process.env.CARRIER_SIP_PORT ?? 5099), localHost: process.env.SIP_PHONE_HOST ?? '127.0.0.1' };
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
