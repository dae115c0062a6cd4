import { expect } from 'chai';
import { startFakeAsterisk, type AriEvent, type FakeAsterisk } from './fake-asterisk';
import { httpCall } from './fake-asterisk/http-call';
import { EventClient } from './fake-asterisk/ws-client';
import { SipTransport } from './sip/transport';
import { makeResponse, type SipMessage } from './sip/message';
import { startSipp, type SippRun } from './sipp';

// The fake Asterisk's SIP side against sipp, a real UA: REGISTER, calls both ways, hold, REFER (traces i, j, l).
describe('fake Asterisk SIP side (sipp as the phone)', () => {
  const APP = 'app-under-test';
  let fake: FakeAsterisk;
  let events: EventClient;
  const running: SippRun[] = [];

  beforeEach(async () => {
    fake = await startFakeAsterisk();
    events = await EventClient.open(fake, APP);
  });
  afterEach(async () => {
    for (const s of running.splice(0)) s.kill();
    events.terminate();
    await fake.close();
  });

  const post = (path: string) => httpCall(fake, 'POST', `/ari${path}`);
  const sipp = async (scenario: string, o: { service?: string; keys?: Record<string, string | number>; uas?: boolean } = {}): Promise<SippRun> => {
    const run = await startSipp({ scenario, remote: o.uas ? undefined : fake.sipAddress, service: o.service, keys: o.keys, timeoutSec: 10 });
    running.push(run);
    return run;
  };
  const endpointState = async (name: string): Promise<unknown> => ((await httpCall(fake, 'GET', `/ari/endpoints/PJSIP/${name}`)).body as { state: string }).state;
  const stasisStart = (id?: string) => events.next((e) => e.type === 'StasisStart' && (id === undefined || e.channel?.id === id), 5000);
  const dialStatuses = (id: string): unknown[] => events.events.filter((e) => e.type === 'Dial' && (e.peer as { id: string } | undefined)?.id === id).map((e) => e.dialstatus);
  const stillRunning = async (run: SippRun, ms: number): Promise<boolean> =>
    Promise.race([run.exit.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);

  it('REGISTER: 401, then 200 with the credentials (online); Expires 0 unregisters; a wrong password gets 401 again', async () => {
    expect(await endpointState('alice')).to.equal('offline');
    await (await sipp('fake-register', { keys: { expires: 300 } })).expectSuccess();
    expect(await endpointState('alice')).to.equal('online');
    await (await sipp('fake-register', { keys: { expires: 0 } })).expectSuccess();
    expect(await endpointState('alice')).to.equal('offline');
    await (await sipp('fake-register-refused', { keys: { expires: 300 } })).expectSuccess();
    expect(await endpointState('alice')).to.equal('offline');
  });

  it('a UA dials 601: 401, INVITE with credentials, 200 only once the app answers; sendonly / sendrecv give ChannelHold / ChannelUnhold; BYE', async () => {
    const run = await sipp('fake-uac-hold', { service: '601' });
    const start = await stasisStart();
    expect(start.args).to.deep.equal(['internal', '601']);
    const ch = start.channel!;
    expect(ch).to.deep.include({ state: 'Ring', caller: { name: 'Alice Phone', number: 'alice' } });
    expect(ch.name).to.match(/^PJSIP\/alice-[0-9a-f]{8}$/);
    expect(ch.protocol_id, 'protocol_id is the SIP Call-ID').to.match(/^1-\d+@127\.0\.0\.1$/);
    expect(await stillRunning(run, 300), 'no 200 OK before the app answers').to.equal(true);
    expect(fake.channel(ch.id)?.state).to.equal('Ring');
    expect((await post(`/channels/${ch.id}/answer`)).status).to.equal(204);
    expect((await events.next('ChannelHold', 5000)).musicclass).to.equal('default');
    expect((await events.next('ChannelUnhold', 5000)).channel?.id).to.equal(ch.id);
    await run.expectSuccess();
    const order = events.types().filter((t) => ['ChannelHold', 'ChannelUnhold', 'ChannelHangupRequest', 'StasisEnd'].includes(t));
    expect(order).to.deep.equal(['ChannelHold', 'ChannelUnhold', 'ChannelHangupRequest', 'StasisEnd']);
  });

  it('the app hangs up a UA call: the UA gets a BYE', async () => {
    const run = await sipp('fake-uac-bye-from-fake', { service: '602' });
    const ch = (await stasisStart()).channel!;
    await post(`/channels/${ch.id}/answer`);
    await events.next((e) => e.type === 'ChannelStateChange' && e.channel?.state === 'Up');
    expect((await httpCall(fake, 'DELETE', `/ari/channels/${ch.id}`)).status).to.equal(204);
    await run.expectSuccess();
  });

  it('REFER from the UA: 202, BridgeBlindTransfer with a Local channel in its place, NOTIFY 100 and 200 (trace l)', async () => {
    fake.onDial('bob', { action: 'answer', afterMs: 10 });
    const run = await sipp('fake-uac-refer', { service: '604', keys: { target: '700' } });
    const alice = (await stasisStart()).channel!;
    await post(`/channels/${alice.id}/answer`);
    await post(`/channels?endpoint=PJSIP/bob&app=${APP}&appArgs=outbound,604&channelId=l-bob`);
    await stasisStart('l-bob');
    await post('/bridges?type=mixing&bridgeId=l-bridge');
    await post(`/bridges/l-bridge/addChannel?channel=${alice.id},l-bob`);
    const transfer = await events.next('BridgeBlindTransfer', 5000);
    expect(transfer).to.deep.include({ exten: '700', context: 'from-test', result: 'Success', is_external: true });
    expect((transfer.channel as AriEvent['channel'])?.id).to.equal(alice.id);
    expect((transfer.transferee as { id: string }).id).to.equal('l-bob');
    const half = await events.next((e) => e.type === 'StasisStart' && String(e.args) === 'transferred,700');
    expect(half.channel?.name).to.match(/^Local\/700@from-test-[0-9a-f]{8};2$/);
    await run.expectSuccess();
    expect(events.types().filter((t) => t === 'StasisEnd').length, 'alice leaves Stasis only with her BYE').to.equal(1);
  });

  describe('the fake dials a UA (static contact)', () => {
    const dialBob = async (run: SippRun, timeout = 300): Promise<void> => {
      fake.setContact('bob', { host: '127.0.0.1', port: run.port });
      expect((await post(`/channels?endpoint=PJSIP/bob&app=${APP}&appArgs=outbound&channelId=to-bob&timeout=${timeout}`)).status).to.equal(200);
    };

    it('180 then 200: Dial RINGING / ANSWER, Ringing / Up, StasisStart after the answer; DELETE sends a BYE', async () => {
      const run = await sipp('fake-uas-answer', { uas: true });
      await dialBob(run);
      const start = await stasisStart('to-bob');
      expect(start.args).to.deep.equal(['outbound']);
      expect(start.channel?.state).to.equal('Up');
      expect(dialStatuses('to-bob')).to.deep.equal(['', 'RINGING', 'ANSWER']);
      const states = events.events.filter((e) => e.type === 'ChannelStateChange' && e.channel?.id === 'to-bob').map((e) => e.channel?.state);
      expect(states).to.deep.equal(['Ringing', 'Up']);
      await httpCall(fake, 'DELETE', '/ari/channels/to-bob');
      await run.expectSuccess();
    });

    it('486 Busy Here: Dial BUSY, cause 17', async () => {
      const run = await sipp('fake-uas-busy', { uas: true });
      await dialBob(run);
      const gone = await events.next((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'to-bob', 5000);
      expect(gone.cause).to.equal(17);
      expect(dialStatuses('to-bob')).to.deep.equal(['', 'BUSY']);
      await run.expectSuccess();
    });

    it('a UA that only rings is CANCELled when the dial times out (cause 19)', async () => {
      const run = await sipp('fake-uas-noanswer', { uas: true });
      await dialBob(run, 30);
      const gone = await events.next((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'to-bob', 5000);
      expect(gone.cause).to.equal(19);
      expect(dialStatuses('to-bob')[1]).to.equal('RINGING');
      await run.expectSuccess();
    });

    it('the UA hangs up (BYE): ChannelHangupRequest, StasisEnd', async () => {
      const run = await sipp('fake-uas-answer-bye', { uas: true });
      await dialBob(run);
      await stasisStart('to-bob');
      await run.expectSuccess();
      await events.next((e) => e.type === 'StasisEnd' && e.channel?.id === 'to-bob', 5000);
      expect(events.types().filter((t) => t === 'ChannelHangupRequest')).to.have.length(1);
      expect(fake.channel('to-bob')).to.equal(undefined);
    });
  });

  it('a dial to PJSIP/<number>@<trunk> INVITEs sip:<number>@<contact>; 503 maps to CONGESTION', async () => {
    fake.addEndpoint('carrier', { context: 'from-carrier' });
    const carrier = await SipTransport.bind();
    const invites: SipMessage[] = [];
    carrier.onRequest((req, from) => {
      if (req.method !== 'INVITE') return;
      invites.push(req);
      carrier.respond(req, makeResponse(req, 503, { toTag: 'c1' }), from);
    });
    try {
      fake.setContact('carrier', carrier.address);
      await post(`/channels?endpoint=${encodeURIComponent('PJSIP/77011234567@carrier')}&app=${APP}&channelId=out-1&callerId=${encodeURIComponent('"Shop" <7272000000>')}`);
      const gone = await events.next((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'out-1', 5000);
      expect(gone.cause).to.equal(34);
      expect(invites[0].uri).to.equal(`sip:77011234567@127.0.0.1:${carrier.address.port}`);
      expect(invites[0].headers.get('From')).to.match(/^"Shop" <sip:7272000000@127\.0\.0\.1>;tag=/);
      expect(invites[0].headers.get('Call-ID')).to.equal((gone.channel as { protocol_id: string }).protocol_id);
      expect(dialStatuses('out-1')).to.deep.equal(['', 'CONGESTION']);
    } finally {
      await carrier.close();
    }
  });
});

