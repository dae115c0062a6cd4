import { expect } from 'chai';
import { checkTrace } from './fake-asterisk/conformance';

// Traces a-h (Local channels, recorded from Asterisk 22.10.1): the same requests and websockets against
// the fake must give the recorded statuses, bodies and events (ids, times and channel counters normalised).
describe('fake Asterisk replays the Local-channel traces', () => {
  it('a: inbound call answered, played to and hung up; no ChannelDestroyed after StasisEnd', async () => {
    const { fake } = await checkTrace({ trace: 'a-inbound-call' });
    const answer = fake.requests.find((r) => r.path.endsWith('/answer'));
    const up = fake.events.find((e) => e.type === 'ChannelStateChange');
    expect(up && answer && up.seq > answer.seq, 'the event is logged after its request').to.equal(true);
  });

  it('b: DTMF into dialplan (409) and between two Stasis halves', async () => {
    await checkTrace({ trace: 'b-dtmf' });
  });

  it('c: recordings: queued second recording, 409/422 errors, stored listing, WAV download, stop, delete', async () => {
    const { replay } = await checkTrace({ trace: 'c-recording' });
    const file = replay.rest.find((r) => r.path.endsWith('/file'));
    const wav = file?.actual.body as Buffer;
    expect(file?.actual.headers['content-type']).to.equal('audio/wav');
    expect(wav.subarray(0, 4).toString('latin1')).to.equal('RIFF');
    expect(wav.subarray(8, 16).toString('latin1')).to.equal('WAVEfmt ');
  });

  it('d: bridges, MOH, bridge playback, 422 on a second removeChannel, BridgeDestroyed only when subscribed', async () => {
    await checkTrace({ trace: 'd-bridge' });
  });

  it('e: originate into the app, create + dial, missing extension (cause 0), no answer (cause 19)', async () => {
    await checkTrace({ trace: 'e-originate-into-app' });
  });

  it('f: continue re-entering Stasis, continue into hang-up, move to another app and to a missing one', async () => {
    await checkTrace({ trace: 'f-continue-reenter', conns: ['main', 'other'] });
  });

  it('g: error statuses and bodies, rejected websockets, failed and racing playbacks', async () => {
    const { replay } = await checkTrace({ trace: 'g-errors' });
    expect(replay.conns.get('ws-badauth')?.rejected?.status).to.equal(401);
    expect(replay.conns.get('ws-noapp')?.rejected?.status).to.equal(400);
  });

  it('h: clean close, Stasis() failing while disconnected, abrupt drop (1006), ApplicationReplaced', async () => {
    // the subscribeAll observer also gets DeviceStateChange and other system-wide noise the fake leaves out
    const { replay } = await checkTrace({
      trace: 'h-websocket-drop', conns: ['main', 'main2', 'main3', 'main4'], unwaited: ['observer'],
      // main4 connected 1 ms after the beep on main3 finished: let the beep's PlaybackFinished reach main3 first
      actions: () => ({ 136: (replay) => replay.waitForConnEvent('main3', 'PlaybackFinished') }),
    });
    expect(replay.conns.get('main2')?.closeCode).to.equal(1006);
    expect(replay.conns.get('main3')?.events.map((e) => e.type)).to.include('ApplicationReplaced');
  });
});
