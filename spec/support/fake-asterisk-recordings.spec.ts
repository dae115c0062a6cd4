import { expect } from 'chai';
import { startFakeAsterisk, type AriEvent, type FakeAsterisk, type Phone } from './fake-asterisk';
import { httpCall } from './fake-asterisk/http-call';
import { EventClient } from './fake-asterisk/ws-client';

// Recordings as Asterisk 22 makes them where the traces stop: a bridge is recorded by a Recorder channel
// (res/ari/resource_bridges.c, channels/chan_bridge_media.c), a Recorder is an internal "lonely" bridge
// channel (main/bridge.c, res_stasis sanitizer), and maxSilenceSeconds is app.c's silence detector.
describe('fake Asterisk recordings', () => {
  let fake: FakeAsterisk;
  let events: EventClient;

  async function start(timeScale?: number): Promise<void> {
    fake = await startFakeAsterisk({ timeScale });
    events = await EventClient.open(fake, 'pbx');
  }
  afterEach(async () => {
    events.terminate();
    await fake.close();
  });

  const post = (path: string) => httpCall(fake, 'POST', `/ari${path}`);
  const get = (path: string) => httpCall(fake, 'GET', `/ari${path}`);
  const finished = (name: string) => events.next((e) => e.type === 'RecordingFinished' && e.recording?.name === name);
  const peersOf = (id: string): string[] =>
    events.events.filter((e) => e.type === 'ChannelVarset' && e.variable === 'BRIDGEPEER' && e.channel?.id === id).map((e) => String(e.value));

  async function answeredCaller(): Promise<Phone> {
    const phone = fake.callIntoStasis({ app: 'pbx' });
    await post(`/channels/${phone.channelId}/answer`);
    return phone;
  }

  /** Two answered callers in bridge `id`. */
  async function bridged(id: string): Promise<[Phone, Phone]> {
    const [a, b] = [await answeredCaller(), await answeredCaller()];
    await post(`/bridges?bridgeId=${id}&type=mixing`);
    await post(`/bridges/${id}/addChannel?channel=${a.channelId},${b.channelId}`);
    return [a, b];
  }

  describe('POST /bridges/{id}/record', () => {
    beforeEach(() => start());

    it('puts a Recorder channel in the bridge: BRIDGEPEER and technology count it, yet apps see no event for it and no id in channels; it leaves when the recording ends', async () => {
      const [a, b] = await bridged('rb');
      const res = await post('/bridges/rb/record?name=rb-rec&format=wav&maxDurationSeconds=60');
      expect(res.status).to.equal(201);
      expect(res.body).to.deep.equal({ name: 'rb-rec', format: 'wav', state: 'queued', target_uri: 'bridge:rb' });
      await events.next((e) => e.type === 'RecordingStarted' && e.recording?.name === 'rb-rec');
      const recorder = peersOf(a.channelId).at(-1)!.split(',')[0];
      expect(recorder).to.match(/^Recorder\/ARI-[0-9a-f]{8};2$/);
      expect(peersOf(b.channelId).at(-1)).to.equal(`${recorder},${fake.channel(a.channelId)!.name}`);
      const bridge = (await get('/bridges/rb')).body as { channels: string[]; technology: string };
      expect(bridge).to.include({ technology: 'softmix' });
      expect(bridge.channels).to.deep.equal([a.channelId, b.channelId]);
      const aboutRecorder = (e: AriEvent) => JSON.stringify(e).includes('Recorder/');
      expect(events.events.filter((e) => e.type !== 'ChannelVarset' && aboutRecorder(e)), 'no event about the Recorder itself').to.deep.equal([]);

      await post('/recordings/live/rb-rec/stop');
      expect((await finished('rb-rec')).recording).to.include({ state: 'done' });
      await events.next(() => peersOf(a.channelId).at(-1) === fake.channel(b.channelId)!.name);
      expect(((await get('/bridges/rb')).body as { technology: string }).technology, 'two PJSIP parties again').to.equal('native_rtp');
    });

    it('gives each recording of a bridge its own Recorder: a second one starts at once instead of queueing', async () => {
      await bridged('rb2');
      await post('/bridges/rb2/record?name=one&format=wav');
      await post('/bridges/rb2/record?name=two&format=wav');
      await events.next((e) => e.type === 'RecordingStarted' && e.recording?.name === 'two');
      expect(((await get('/recordings/live/one')).body as { state: string }).state).to.equal('recording');
    });

    it('hangs a Recorder up again when the request fails after it joined (a name already stored), but not for an unknown format', async () => {
      const [a] = await bridged('rb3');
      fake.addStoredRecording('taken');
      const before = peersOf(a.channelId).length;
      expect((await post('/bridges/rb3/record?name=new&format=mp3')).status).to.equal(422);
      expect(peersOf(a.channelId).length, 'the format is checked before the Recorder joins').to.equal(before);
      expect((await post('/bridges/rb3/record?name=taken&format=wav&ifExists=fail')).status).to.equal(409);
      const rounds = peersOf(a.channelId).slice(before);
      expect(rounds).to.have.length(2);
      expect(rounds[0]).to.match(/^Recorder\/ARI-/);
      expect(rounds[1]).to.not.include('Recorder/');
    });
  });

  describe('a recorded bridge that goes away', () => {
    beforeEach(() => start());

    it('DELETE /bridges finishes the recording as done (the Recorder is kicked out with the parties); the file is stored with its duration', async () => {
      await bridged('gone');
      await post('/applications/pbx/subscription?eventSource=bridge:gone');
      await post('/bridges/gone/record?name=gone-rec&format=wav&maxDurationSeconds=600');
      await events.next((e) => e.type === 'RecordingStarted' && e.recording?.name === 'gone-rec');
      await new Promise((r) => setTimeout(r, 40)); // about 4 s of the fake's time
      expect((await httpCall(fake, 'DELETE', '/ari/bridges/gone')).status).to.equal(204);
      const done = await finished('gone-rec');
      expect(done.recording).to.include({ state: 'done', target_uri: 'bridge:gone' });
      expect(done.recording?.duration).to.be.within(3, 600);
      await events.next('BridgeDestroyed');
      expect((await get('/recordings/stored/gone-rec')).status).to.equal(200);
      const file = (await get('/recordings/stored/gone-rec/file')).body as Buffer;
      expect(file.readUInt32LE(40) / 16000, 'WAV seconds').to.equal(done.recording?.duration);
      expect((await get('/recordings/live/gone-rec')).status).to.equal(404);
    });

    it('the Recorder is left alone when the last party leaves: the recording finishes as done; one party leaving is not enough', async () => {
      const [a, b] = await bridged('lonely');
      await post('/applications/pbx/subscription?eventSource=bridge:lonely');
      await post('/bridges/lonely/record?name=lonely-rec&format=wav');
      await events.next((e) => e.type === 'RecordingStarted' && e.recording?.name === 'lonely-rec');
      b.hangup();
      await events.next((e) => e.type === 'ChannelLeftBridge' && e.channel?.id === b.channelId);
      expect(((await get('/recordings/live/lonely-rec')).body as { state: string }).state).to.equal('recording');
      await post(`/bridges/lonely/removeChannel?channel=${a.channelId}`);
      expect((await finished('lonely-rec')).recording?.state).to.equal('done');
      expect((await get('/recordings/stored/lonely-rec')).status).to.equal(200);
      expect((await get('/bridges/lonely')).status, 'the bridge itself stays').to.equal(200);
    });
  });

  describe('maxSilenceSeconds', () => {
    it('ends a channel recording once the caller has said nothing for that long, trimmed to what Asterisk keeps (duration without the silence, 200 ms of it on disk)', async () => {
      await start();
      const caller = await answeredCaller();
      caller.stopTalking();
      await post(`/channels/${caller.channelId}/record?name=quiet&format=wav&maxDurationSeconds=120&maxSilenceSeconds=5`);
      const started = Date.now();
      const done = await finished('quiet');
      expect(Date.now() - started, 'about 5 s of the fake time, far from the 120 s limit').to.be.below(600);
      // app.c: 5 s 20 ms of audio, all silent: 5 s minus (5020 - 200) / 1000 = 4 s
      expect(done.recording).to.deep.include({ state: 'done', duration: 1, talking_duration: 1, silence_duration: 0 });
      const file = (await get('/recordings/stored/quiet/file')).body as Buffer;
      expect(file.readUInt32LE(40) / 2, 'samples: 200 ms at 8 kHz').to.equal(1600);
      expect(caller.alive, 'the channel stays up').to.equal(true);
    });

    it('does not end a recording while the caller talks; talking again resets the silence, which counts in silence_duration', async () => {
      await start(0.1); // one fake second = 100 ms: room for a loaded machine's timers
      const caller = await answeredCaller();
      await post(`/channels/${caller.channelId}/record?name=chatty&format=wav&maxDurationSeconds=8&maxSilenceSeconds=4`);
      await events.next((e) => e.type === 'RecordingStarted' && e.recording?.name === 'chatty');
      caller.stopTalking();
      await new Promise((r) => setTimeout(r, 250)); // 2.5 s of silence, under the limit
      caller.startTalking();
      const done = await finished('chatty');
      // ended by the 8 s limit, still talking: 2.5 s of silence -> (2500 - 200) / 1000 = 2 s
      expect(done.recording).to.deep.include({ state: 'done', duration: 8, talking_duration: 6, silence_duration: 2 });
    });

    it('in a bridge, only when every party is silent', async () => {
      await start();
      const [a, b] = await bridged('hush');
      await post('/applications/pbx/subscription?eventSource=bridge:hush');
      await post('/bridges/hush/record?name=hush-rec&format=wav&maxDurationSeconds=20&maxSilenceSeconds=2');
      a.stopTalking();
      const done = await finished('hush-rec');
      expect(done.recording?.duration, 'b kept talking: the 20 s limit ended it').to.equal(20);
      b.stopTalking();
      await post('/bridges/hush/record?name=hush-2&format=wav&maxDurationSeconds=20&maxSilenceSeconds=2');
      expect((await finished('hush-2')).recording?.duration).to.equal(1);
    });
  });
});
