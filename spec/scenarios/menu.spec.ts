import { expect } from 'chai';
import { startTelephonyWorld, type TelephonyWorld } from '../support/telephony-world';
import { numberRunning } from './support';

describe('scenario suite: greeting, voice menu and time condition', () => {
  let w: TelephonyWorld;
  before(async () => (w = await startTelephonyWorld()));
  after(() => w?.close());
  afterEach(() => w.clock.set(new Date()));

  const menu = (extra: object = {}) => ({
    start: 'hello',
    steps: {
      hello: { type: 'greeting', prompt: { sound: 'hello-world' }, next: 'menu' },
      menu: { type: 'menu', prompt: { sound: 'vm-goodbye' }, options: { '1': 'one', '2': 'two' }, timeoutSeconds: 3, ...extra },
      one: { type: 'hangup', prompt: { sound: 'digits/1' } },
      two: { type: 'hangup', prompt: { sound: 'digits/2' } },
    },
  });

  it('plays the greeting, then the option the caller pressed, and finishes the call record answered by the engine but not by a person (abandoned)', async () => {
    const { number } = await numberRunning(w, menu());
    const caller = await w.callIn(number);
    await w.playbackStarted(caller, 'sound:vm-goodbye');
    await caller.press('2');
    await caller.ended;
    expect(w.mediaPlayedTo(caller)).to.deep.equal(['sound:hello-world', 'sound:vm-goodbye', 'sound:digits/2']);
    const call = await w.finishedCall(caller);
    expect(call).to.include({ direction: 'inbound', toNumber: number.e164, disposition: 'abandoned' });
    expect(call.answeredAt).to.be.instanceOf(Date);
  });

  it('repeats the menu when nothing is pressed, then goes to the fallback', async () => {
    const { number } = await numberRunning(w, menu({ timeoutSeconds: 1, retries: 1, fallback: 'one' }));
    const caller = await w.callIn(number);
    await caller.ended;
    expect(w.mediaPlayedTo(caller)).to.deep.equal(['sound:hello-world', 'sound:vm-goodbye', 'sound:vm-goodbye', 'sound:digits/1']);
  });

  it('tells the caller a wrong key is not a choice and lets them choose again', async () => {
    const { number } = await numberRunning(w, menu({ retries: 2, invalidPrompt: { sound: 'beep' } }));
    const caller = await w.callIn(number);
    await w.playbackStarted(caller, 'sound:vm-goodbye');
    await caller.press('7');
    await w.playbackFinished(caller, 'sound:beep');
    await caller.press('1');
    await caller.ended;
    const played = w.mediaPlayedTo(caller);
    expect(played[0]).to.equal('sound:hello-world');
    expect(played).to.include('sound:beep');
    expect(played.at(-1)).to.equal('sound:digits/1');
  });

  it('takes the open or closed branch of a time condition by the time in Almaty', async () => {
    const definition = {
      start: 'hours',
      steps: {
        hours: { type: 'time_condition', schedule: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }], open: 'open', closed: 'closed' },
        open: { type: 'hangup', prompt: { sound: 'digits/1' } },
        closed: { type: 'hangup', prompt: { sound: 'digits/0' } },
      },
    };
    const { number } = await numberRunning(w, definition);
    w.clock.set(new Date('2026-11-23T05:00:00Z')); // Monday 10:00 in Almaty
    const inHours = await w.callIn(number);
    await inHours.ended;
    w.clock.set(new Date('2026-11-22T05:00:00Z')); // Sunday
    const closed = await w.callIn(number);
    await closed.ended;
    expect(w.mediaPlayedTo(inHours)).to.deep.equal(['sound:digits/1']);
    expect(w.mediaPlayedTo(closed)).to.deep.equal(['sound:digits/0']);
  });

  it('finishes the call record when the caller hangs up during the menu', async () => {
    const { number } = await numberRunning(w, menu({ timeoutSeconds: 30 }));
    const caller = await w.callIn(number);
    await w.playbackStarted(caller, 'sound:vm-goodbye');
    await caller.hangup();
    const call = await w.finishedCall(caller);
    expect(call.endedAt).to.be.instanceOf(Date);
    expect(call.disposition).to.equal('abandoned');
  });
});
