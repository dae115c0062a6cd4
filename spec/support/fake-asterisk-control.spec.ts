import ari, { type Client } from 'ari-client';
import { expect } from 'chai';
import { startFakeAsterisk, type FakeAsterisk } from './fake-asterisk';
import { httpCall } from './fake-asterisk/http-call';
import { EventClient } from './fake-asterisk/ws-client';

// The fake's control surface: the outside world (phones, callees, network) as the PBX engine's tests script it.
describe('fake Asterisk control surface', () => {
  let fake: FakeAsterisk;
  let events: EventClient;

  beforeEach(async () => {
    fake = await startFakeAsterisk();
    for (const name of ['bob', 'carol', 'dave']) fake.addEndpoint(name, { online: true });
    events = await EventClient.open(fake, 'pbx');
  });
  afterEach(async () => {
    events.terminate();
    await fake.close();
  });

  const post = (path: string) => httpCall(fake, 'POST', `/ari${path}`);
  const typesOf = (id: string): string[] => events.events.filter((e) => (e.channel ?? e.peer)?.id === id).map((e) => `${e.type}${e.dialstatus ? `:${e.dialstatus}` : ''}`);

  it('a busy callee: Dial, hang-up request and ChannelDestroyed with cause 17, never StasisStart', async () => {
    fake.onDial('PJSIP/bob', 'busy');
    expect((await post('/channels?endpoint=PJSIP/bob&app=pbx&channelId=b1')).status).to.equal(200);
    const destroyed = await events.next('ChannelDestroyed');
    expect(destroyed).to.include({ cause: 17, cause_txt: 'User busy' });
    expect(typesOf('b1')).to.deep.equal(['Dial', 'ChannelHangupRequest', 'Dial:BUSY', 'ChannelDestroyed']);
  });

  it('an answering callee: Ringing, ANSWER, then StasisStart in state Up', async () => {
    fake.onDial('carol', { action: 'answer', afterMs: 500 });
    await post('/channels?endpoint=PJSIP/carol&app=pbx&appArgs=outbound&channelId=c1');
    const start = await events.next('StasisStart');
    expect(start.channel?.state).to.equal('Up');
    expect(start.args).to.deep.equal(['outbound']);
    expect(typesOf('c1').filter((t) => t !== 'ChannelVarset')).to.deep.equal(['Dial', 'ChannelStateChange', 'Dial:RINGING', 'ChannelStateChange', 'Dial:ANSWER', 'StasisStart']);
  });

  it('no answer within the timeout: ChannelDestroyed cause 19 (no Dial NOANSWER, as trace e4); congestion 34; unreachable 500', async () => {
    fake.onDial('dave', 'noanswer');
    await post('/channels?endpoint=PJSIP/dave&app=pbx&channelId=d1&timeout=2');
    expect(await events.next('ChannelDestroyed')).to.include({ cause: 19 });
    expect(typesOf('d1')).to.deep.equal(['Dial', 'ChannelStateChange', 'Dial:RINGING', 'ChannelDestroyed']);
    fake.onDial('dave', 'congestion');
    await post('/channels?endpoint=PJSIP/dave&app=pbx&channelId=d2');
    expect(await events.next((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'd2')).to.include({ cause: 34 });
    fake.onDial('dave', 'unreachable');
    const down = await post('/channels?endpoint=PJSIP/dave&app=pbx&channelId=d3');
    expect([down.status, down.body]).to.deep.equal([500, { error: 'Allocation failed' }]);
  });

  it('create + dial: StasisStart in state Down before dialing, then the callee is dialed', async () => {
    fake.onDial('bob', { action: 'answer', afterMs: 100 });
    const created = await post('/channels/create?endpoint=PJSIP/bob&app=pbx&channelId=cd1');
    expect((created.body as { state: string }).state).to.equal('Down');
    expect((await events.next('StasisStart')).channel?.state).to.equal('Down');
    expect((await post('/channels/cd1/dial?timeout=5')).status).to.equal(204);
    const callee = await fake.waitForDial('PJSIP/bob');
    await callee.answered;
    expect(fake.channel('cd1')?.state).to.equal('Up');
  });

  it('Stasis() fails while the app has no websocket: no StasisStart, the caller sees STASISSTATUS=FAILED', async () => {
    const caller = fake.callIntoStasis({ app: 'nobody-listens' });
    expect(caller.stasisStatus).to.equal('FAILED');
    await caller.ended;
    expect(fake.events.filter((e) => e.type === 'StasisStart')).to.deep.equal([]);
  });

  it('drops websockets cleanly (1000) or abruptly (1006); ari-client reconnects by itself', async () => {
    fake.dropConnections({ abrupt: false });
    expect(await events.closed).to.equal(1000);
    const raw = await EventClient.open(fake, 'pbx');
    fake.dropConnections({ abrupt: true });
    expect(await raw.closed).to.equal(1006);
    const client: Client = await ari.connect(fake.url, fake.user, fake.password);
    await client.start('pbx');
    // ari-client's own websocket events are missing from its type definitions
    const back = new Promise((resolve) => (client as unknown as NodeJS.EventEmitter).once('WebSocketConnected', resolve));
    fake.dropConnections({ abrupt: true });
    expect(fake.connectedApps()).to.deep.equal([]);
    await back;
    expect(fake.connectedApps()).to.deep.equal(['pbx']);
    client.stop();
  });

  it('a caller hanging up while the app is disconnected is gone on reconnect, and no events are replayed', async () => {
    const caller = fake.callIntoStasis({ app: 'pbx' });
    const other = fake.callIntoStasis({ app: 'pbx' });
    fake.dropConnections({ abrupt: true });
    caller.hangup();
    const again = await EventClient.open(fake, 'pbx');
    const listed = (await httpCall(fake, 'GET', '/ari/channels')).body as Array<{ id: string }>;
    expect(listed.map((c) => c.id)).to.deep.equal([other.channelId]);
    await post(`/channels/${other.channelId}/answer`);
    await again.next('ChannelStateChange');
    expect(again.types()).to.deep.equal(['ChannelStateChange']);
    again.terminate();
  });

  it('a second websocket for the app replaces the first (ApplicationReplaced)', async () => {
    const second = await EventClient.open(fake, 'pbx');
    const replaced = await events.next('ApplicationReplaced');
    expect(replaced).to.include({ application: 'pbx' });
    fake.callIntoStasis({ app: 'pbx' });
    await second.next('StasisStart');
    const first = fake.events.find((e) => e.type === 'ApplicationReplaced')?.connId;
    expect(fake.events.filter((e) => e.connId === first).map((e) => e.type)).to.deep.equal(['ApplicationReplaced']);
    second.terminate();
  });

  it('continue runs the simulated dialplan, which can send the channel back into Stasis', async () => {
    fake.dialplan.set('ivr', 'back', [{ app: 'Playback', data: 'beep' }, { app: 'Stasis', data: 'pbx,reentered' }]);
    const caller = fake.callIntoStasis({ app: 'pbx' });
    expect((await post(`/channels/${caller.channelId}/continue?context=ivr&extension=back&priority=1`)).status).to.equal(204);
    await events.next('StasisEnd');
    const back = await events.next((e) => e.type === 'StasisStart' && String(e.args) === 'reentered');
    expect(back.channel?.id).to.equal(caller.channelId);
  });

  it('serves the routes the traces do not show: snoop, live recording controls, playback stop, unsubscribe', async () => {
    const caller = fake.callIntoStasis({ app: 'pbx' });
    const ch = `/channels/${caller.channelId}`;
    await post(`${ch}/answer`);
    expect((await post(`${ch}/snoop?app=pbx&spy=in&snoopId=spy1`)).status).to.equal(200);
    expect((await events.next((e) => e.type === 'StasisStart' && e.channel?.id === 'spy1')).channel?.name).to.match(/^Snoop\//);
    await post(`${ch}/record?name=r1&format=wav&maxDurationSeconds=60`);
    expect((await post('/recordings/live/r1/pause')).status).to.equal(204);
    expect((await httpCall(fake, 'DELETE', '/ari/recordings/live/r1')).status).to.equal(204);
    expect((await events.next('RecordingFinished')).recording?.state).to.equal('canceled');
    expect((await httpCall(fake, 'GET', '/ari/recordings/stored/r1')).status, 'a cancelled recording is not kept').to.equal(404);
    await post(`${ch}/play?media=sound:tt-monkeys&playbackId=long`);
    expect(((await httpCall(fake, 'GET', '/ari/playbacks/long')).body as { state: string }).state).to.equal('playing');
    expect((await httpCall(fake, 'DELETE', '/ari/playbacks/long')).status).to.equal(204);
    await events.next((e) => e.type === 'PlaybackFinished' && e.playback?.id === 'long');
    const unsub = await httpCall(fake, 'DELETE', `/ari/applications/pbx/subscription?eventSource=channel:${caller.channelId}`);
    expect((unsub.body as { channel_ids: string[] }).channel_ids).to.not.include(caller.channelId);
  });

  it('waitForEvent / waitForRequest fail with a message when nothing comes', async () => {
    const err = await fake.waitForEvent('BridgeDestroyed', 20).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/BridgeDestroyed/);
    const none = await fake.waitForRequest((r) => r.method === 'PATCH', 20).then(() => 'found', () => 'timed out');
    expect(none).to.equal('timed out');
  });
});
