import ari, { type Channel, type Client, type Playback } from 'ari-client';
import { expect } from 'chai';
import { startFakeAsterisk, type AriEvent, type FakeAsterisk } from './fake-asterisk';
import { httpCall } from './fake-asterisk/http-call';
import { EventClient } from './fake-asterisk/ws-client';

const ASTERISK_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

describe('fake Asterisk with the real ari-client', () => {
  let fake: FakeAsterisk;
  let client: Client | undefined;

  beforeEach(async () => (fake = await startFakeAsterisk({ user: 'vpbx', password: 's3cret' })));
  afterEach(async () => {
    client?.stop();
    client = undefined;
    await fake.close();
  });

  const started = async (app = 'pbx'): Promise<Client> => {
    client = await ari.connect(fake.url, fake.user, fake.password);
    await client.start(app);
    return client;
  };

  /** The next event of a type the client emits (plain EventEmitter use: ari-client's typings want literal types). */
  const nextEvent = (c: Client, type: string, match: (e: AriEvent) => boolean = () => true): Promise<AriEvent> =>
    new Promise((resolve) => {
      const emitter = c as unknown as NodeJS.EventEmitter;
      const listener = (e: AriEvent): void => {
        if (!match(e)) return;
        emitter.removeListener(type, listener);
        resolve(e);
      };
      emitter.on(type, listener);
    });

  it('serves api-docs whose basePath points at the fake and registers the app on start()', async () => {
    await started();
    expect(fake.connectedApps()).to.deep.equal(['pbx']);
    const docs = await httpCall(fake, 'GET', '/ari/api-docs/channels.json');
    expect((docs.body as { basePath: string }).basePath).to.equal(`${fake.url}/ari`);
  });

  it('rejects wrong credentials with 401 + WWW-Authenticate, accepts api_key', async () => {
    // (ari-client itself throws an uncaught string on this 401, as it does against a real Asterisk)
    const docs = await httpCall(fake, 'GET', '/ari/api-docs/resources.json', undefined, `${fake.user}:wrong`);
    expect(docs.status).to.equal(401);
    const denied = await httpCall(fake, 'GET', '/ari/asterisk/info', undefined, 'none');
    expect(denied.status).to.equal(401);
    expect(denied.headers['www-authenticate']).to.equal('Basic realm="Asterisk REST Interface"');
    expect(denied.body).to.deep.equal({ message: 'Authentication required' });
    const key = await httpCall(fake, 'GET', `/ari/asterisk/info?api_key=vpbx:s3cret`, undefined, 'none');
    expect(key.status).to.equal(200);
  });

  it('hands an inbound call to the app as the dialplan does: StasisStart shaped like the real one', async () => {
    const c = await started();
    const start = nextEvent(c, 'StasisStart');
    const caller = fake.callIntoStasis({ app: 'pbx', args: ['inbound', '77172000000'], callerNumber: '77011234567', callerName: 'Aigerim', dialed: '77172000000', endpoint: 'carrier' });
    const e = await start;
    expect(e).to.include({ type: 'StasisStart', application: 'pbx', asterisk_id: '02:fc:00:00:00:01' });
    expect(e.timestamp).to.match(ASTERISK_TIME);
    expect(e.args).to.deep.equal(['inbound', '77172000000']);
    const ch = e.channel;
    expect(ch?.id).to.equal(caller.channelId).and.match(/^\d{10}\.\d+$/);
    expect(ch?.name).to.match(/^PJSIP\/carrier-[0-9a-f]{8}$/);
    expect(ch).to.deep.include({ state: 'Ring', caller: { name: 'Aigerim', number: '77011234567' }, connected: { name: '', number: '' }, accountcode: '', language: 'en' });
    expect(ch?.dialplan).to.include({ exten: '77172000000', app_name: 'Stasis', app_data: 'pbx,inbound,77172000000' });
    expect(ch?.creationtime).to.match(ASTERISK_TIME);
    expect(Object.keys(ch ?? {})).to.deep.equal(['id', 'name', 'state', 'protocol_id', 'caller', 'connected', 'accountcode', 'dialplan', 'creationtime', 'language']);
  });

  it('answers, plays known and missing sounds, and hangs up through ari-client', async () => {
    const c = await started();
    const start = nextEvent(c, 'StasisStart');
    const caller = fake.callIntoStasis({ app: 'pbx', args: [], callerNumber: '77011234567' });
    const channel = (await start).channel;
    const live: Channel = c.Channel(channel?.id);
    await live.answer();
    await caller.answered;
    expect(fake.channel(live.id)?.state).to.equal('Up');
    const play = async (media: string): Promise<string> => {
      const pb: Playback = c.Playback();
      const finished = nextEvent(c, 'PlaybackFinished', (e) => e.playback?.id === pb.id);
      await live.play({ media }, pb);
      return String((await finished).playback?.state);
    };
    expect(await play('sound:hello-world')).to.equal('done');
    expect(await play('sound:custom/acc-1/greeting')).to.equal('failed');
    fake.sounds.add('custom/acc-1/greeting', 0.5);
    expect(await play('sound:custom/acc-1/greeting')).to.equal('done');
    const end = nextEvent(c, 'StasisEnd');
    await live.hangup({ reason: 'normal' });
    await end;
    expect((await caller.ended).cause).to.equal(16);
    expect(fake.channels()).to.deep.equal([]);
  });

  it('sends the event of a request before its response, and logs both on one sequence', async () => {
    const events = await EventClient.open(fake, 'pbx');
    const caller = fake.callIntoStasis({ app: 'pbx' });
    const res = await httpCall(fake, 'POST', `/ari/channels/${caller.channelId}/answer`);
    expect(res.status).to.equal(204);
    const up = fake.events.find((e) => e.type === 'ChannelStateChange');
    const request = fake.requests.find((r) => r.path.endsWith('/answer'));
    expect(up, 'ChannelStateChange already sent when the 204 arrives').to.not.equal(undefined);
    expect(up!.seq).to.be.greaterThan(request!.seq);
    await events.close();
  });

  it('records after a warning: RecordingStarted/Finished, stored listing, WAV download, delete', async () => {
    const events = await EventClient.open(fake, 'pbx');
    const caller = fake.callIntoStasis({ app: 'pbx' });
    const ch = `/ari/channels/${caller.channelId}`;
    await httpCall(fake, 'POST', `${ch}/answer`);
    await httpCall(fake, 'POST', `${ch}/play?media=sound:beep&playbackId=warn`);
    const warned = await fake.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.id === 'warn');
    const rec = await httpCall(fake, 'POST', `${ch}/record?name=call-1&format=wav&maxDurationSeconds=2&ifExists=overwrite`);
    expect(rec.status).to.equal(201);
    expect(rec.body).to.deep.equal({ name: 'call-1', format: 'wav', state: 'queued', target_uri: `channel:${caller.channelId}` });
    const recordRequest = await fake.waitForRequest((r) => r.path.endsWith('/record'));
    expect(recordRequest.seq).to.be.greaterThan(warned.seq);
    expect(recordRequest.query).to.include({ name: 'call-1', maxDurationSeconds: '2' });
    const finished = await events.next('RecordingFinished');
    expect(finished.recording).to.include({ name: 'call-1', state: 'done', duration: 2 });
    const stored = await httpCall(fake, 'GET', '/ari/recordings/stored');
    expect(stored.body).to.deep.equal([{ name: 'call-1', format: 'wav' }]);
    const again = await httpCall(fake, 'POST', `${ch}/record?name=call-1&format=wav&ifExists=fail`);
    expect(again.status).to.equal(409);
    const file = await httpCall(fake, 'GET', '/ari/recordings/stored/call-1/file');
    expect(file.headers['content-type']).to.equal('audio/wav');
    expect((file.body as Buffer).subarray(0, 4).toString('latin1')).to.equal('RIFF');
    expect((await httpCall(fake, 'DELETE', '/ari/recordings/stored/call-1')).status).to.equal(204);
    expect((await httpCall(fake, 'GET', '/ari/recordings/stored/call-1')).status).to.equal(404);
    await events.close();
  });

  it('answers REST errors with the statuses and bodies Asterisk uses', async () => {
    const events = await EventClient.open(fake, 'pbx');
    const missing = await httpCall(fake, 'POST', '/ari/channels/nope/answer');
    expect([missing.status, missing.body]).to.deep.equal([404, { message: 'Channel not found' }]);
    const route = await httpCall(fake, 'GET', '/ari/nothing-here');
    expect([route.status, route.body]).to.deep.equal([404, { message: 'Resource not found' }]);
    const method = await httpCall(fake, 'PUT', '/ari/channels');
    expect(method.status).to.equal(405);
    const both = await httpCall(fake, 'POST', '/ari/channels?endpoint=PJSIP/bob&app=pbx&originator=x&formats=ulaw');
    expect([both.status, both.body]).to.deep.equal([400, { message: "Originator and formats can't both be specified" }]);
    const caller = fake.callIntoStasis({ app: 'pbx' });
    const clash = await httpCall(fake, 'POST', `/ari/channels?endpoint=PJSIP/bob&app=pbx&channelId=${caller.channelId}`);
    expect(clash.status).to.equal(409);
    await httpCall(fake, 'POST', '/ari/bridges?type=mixing&bridgeId=b1');
    const notIn = await httpCall(fake, 'POST', `/ari/bridges/b1/removeChannel?channel=${caller.channelId}`);
    expect([notIn.status, notIn.body]).to.deep.equal([422, { message: 'Channel not in this bridge' }]);
    await events.close();
  });

  it('provisions a phone through /asterisk/config/dynamic and lets it call in', async () => {
    const events = await EventClient.open(fake, 'pbx');
    const put = (type: string, id: string, fields: Record<string, string>) =>
      httpCall(fake, 'PUT', `/ari/asterisk/config/dynamic/res_pjsip/${type}/${id}`, { fields: Object.entries(fields).map(([attribute, value]) => ({ attribute, value })) });
    expect((await put('auth', 'acc1-101-auth', { auth_type: 'userpass', username: 'acc1-101', password: 'pw' })).status).to.equal(200);
    expect((await put('aor', 'acc1-101', { max_contacts: '1' })).status).to.equal(200);
    expect((await put('endpoint', 'acc1-101', { context: 'phones', auth: 'acc1-101-auth', aors: 'acc1-101', callerid: '"Reception" <101>' })).status).to.equal(200);
    const bad = await put('endpoint', 'acc1-102', { nosuchoption: 'x' });
    expect([bad.status, bad.body]).to.deep.equal([400, { message: "Creation of object 'acc1-102' failed field value validation" }]);
    expect(fake.registerPhone('acc1-101')).to.equal(true);
    expect((await httpCall(fake, 'GET', '/ari/endpoints/PJSIP/acc1-101')).body).to.include({ state: 'online' });
    fake.dialplan.set('phones', '_X.', [{ app: 'Stasis', data: 'pbx,internal,${EXTEN}' }]);
    fake.placeCall({ endpoint: 'acc1-101', dialed: '102' });
    const start = await events.next('StasisStart');
    expect(start.args).to.deep.equal(['internal', '102']);
    expect(start.channel?.caller).to.deep.equal({ name: 'Reception', number: '101' });
    await events.close();
  });
});
