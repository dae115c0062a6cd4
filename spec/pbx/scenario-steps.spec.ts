import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { VoicemailMessage } from '../../app/features/voicemail/entities';
import { Recording } from '../../app/features/recordings/entities';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildAccountWithOwner } from '../support/factories';
import type { Phone } from '../support/fake-asterisk';
import { until } from '../support/until';
import { buildExtension, buildNumber, buildScenario, listNumber, randomMobile } from '../support/telephony-factories';

describe('scenario steps, each run by the engine against the fake Asterisk', () => {
  let h: PbxHarness;
  before(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
  });
  after(() => h.close());
  afterEach(() => h.clock.set(new Date()));

  async function account(overrides: Partial<Account> = {}) {
    return (await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', ...overrides })).account;
  }

  /** A call from a random mobile to a new number of `acc` running `steps`. */
  async function call(acc: Account, definition: unknown, callerNumber = randomMobile()): Promise<Phone> {
    const scenario = await buildScenario(h.deps.db, acc, definition);
    const number = await buildNumber(h.deps.db, acc, scenario);
    return h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164], callerNumber, endpoint: 'carrier' });
  }

  const mediaPlayedTo = (phone: Phone) =>
    h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${phone.channelId}/play`).map((r) => String(r.query.media));

  const playing = (phone: Phone, media: string) =>
    h.fake.waitForEvent((e) => e.type === 'PlaybackStarted' && e.event.playback?.target_uri === `channel:${phone.channelId}` && e.event.playback?.media_uri === media);

  it('given a menu, when the caller presses 2, then the flow goes to option 2', async () => {
    const phone = await call(await account(), {
      start: 'menu',
      steps: {
        menu: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'one', '2': 'two' } },
        one: { type: 'hangup', prompt: { sound: 'digits/1' } },
        two: { type: 'hangup', prompt: { sound: 'digits/2' } },
      },
    });
    await playing(phone, 'sound:hello-world');
    await phone.dtmf('2');
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:hello-world', 'sound:digits/2']);
    const record = await h.finishedCall(phone.channelId);
    expect(record.answeredAt).to.be.instanceOf(Date);
  });

  it('given a menu, when the caller presses nothing, then it repeats the prompt and goes to the fallback', async () => {
    const phone = await call(await account(), {
      start: 'menu',
      steps: {
        menu: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'bye' }, timeoutSeconds: 1, retries: 1, fallback: 'bye' },
        bye: { type: 'hangup', prompt: { sound: 'vm-goodbye' } },
      },
    });
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:hello-world', 'sound:hello-world', 'sound:vm-goodbye']);
  });

  it('given a menu, when the caller presses a wrong key, then they hear the invalid-choice prompt and may try again', async () => {
    const phone = await call(await account(), {
      start: 'menu',
      steps: {
        menu: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'one' }, timeoutSeconds: 2, retries: 2 },
        one: { type: 'hangup', prompt: { sound: 'digits/1' } },
      },
    });
    await playing(phone, 'sound:hello-world');
    await phone.dtmf('7');
    const invalid = await playing(phone, 'sound:option-is-invalid');
    await h.fake.waitForEvent((e) => e.type === 'PlaybackStarted' && e.event.playback?.media_uri === 'sound:hello-world', 2000, invalid.seq);
    await phone.dtmf('1');
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:hello-world', 'sound:option-is-invalid', 'sound:hello-world', 'sound:digits/1']);
  });

  it('given a time condition, when it is open or closed in Almaty, then the matching branch runs', async () => {
    const acc = await account();
    const definition = {
      start: 'hours',
      steps: {
        hours: { type: 'time_condition', schedule: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }], open: 'open', closed: 'closed' },
        open: { type: 'hangup', prompt: { sound: 'digits/1' } },
        closed: { type: 'hangup', prompt: { sound: 'digits/0' } },
      },
    };
    h.clock.set(new Date('2026-11-23T05:00:00Z')); // Monday 10:00 in Almaty
    const inHours = await call(acc, definition);
    await inHours.ended;
    h.clock.set(new Date('2026-11-22T05:00:00Z')); // Sunday
    const closed = await call(acc, definition);
    await closed.ended;
    expect(mediaPlayedTo(inHours)).to.deep.equal(['sound:digits/1']);
    expect(mediaPlayedTo(closed)).to.deep.equal(['sound:digits/0']);
  });

  describe('black and white lists', () => {
    const definition = (blackAction: string) => ({
      start: 'check',
      steps: {
        check: { type: 'list_check', blackAction, blackPrompt: { sound: 'ss-noservice' }, whiteNext: 'vip', next: 'menu' },
        menu: { type: 'hangup', prompt: { sound: 'digits/1' } },
        vip: { type: 'hangup', prompt: { sound: 'digits/9' } },
      },
    });

    it('given a black-listed caller and reject, then they hear the message, are hung up on, and the record says rejected', async () => {
      const acc = await account();
      const caller = randomMobile();
      await listNumber(h.deps.db, acc, 'black', caller);
      const phone = await call(acc, definition('reject'), caller.replace('+7', '8'));
      await phone.ended;
      expect(mediaPlayedTo(phone)).to.deep.equal(['sound:ss-noservice']);
      expect((await h.finishedCall(phone.channelId)).disposition).to.equal('rejected');
    });

    it('given a black-listed caller and busy, then the call is refused as busy with nothing played', async () => {
      const acc = await account();
      const caller = randomMobile();
      await listNumber(h.deps.db, acc, 'black', caller);
      const phone = await call(acc, definition('busy'), caller);
      const end = await phone.ended;
      expect(end.cause).to.equal(17);
      expect(mediaPlayedTo(phone)).to.deep.equal([]);
    });

    it('given a white-listed caller, then the menu is skipped; anyone else goes on to it', async () => {
      const acc = await account();
      const vip = randomMobile();
      await listNumber(h.deps.db, acc, 'white', vip);
      const white = await call(acc, definition('reject'), vip);
      const other = await call(acc, definition('reject'));
      await Promise.all([white.ended, other.ended]);
      expect(mediaPlayedTo(white)).to.deep.equal(['sound:digits/9']);
      expect(mediaPlayedTo(other)).to.deep.equal(['sound:digits/1']);
    });

    it('given a number black-listed by another account, then this account lets it through', async () => {
      const caller = randomMobile();
      await listNumber(h.deps.db, await account(), 'black', caller);
      const phone = await call(await account(), definition('reject'), caller);
      await phone.ended;
      expect(mediaPlayedTo(phone)).to.deep.equal(['sound:digits/1']);
    });
  });

  it('given voicemail, when the caller speaks and hangs up, then the message is kept with the caller and time', async () => {
    const acc = await account();
    const caller = randomMobile();
    const phone = await call(acc, { start: 'vm', steps: { vm: { type: 'voicemail', box: 'shared', greeting: { sound: 'vm-intro' } } } }, caller);
    const recording = await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `channel:${phone.channelId}`);
    phone.hangup();
    const record = await h.finishedCall(phone.channelId);
    const message = await until(() => h.deps.db.getRepository(VoicemailMessage).findOneBy({ callId: record.id }));
    expect(message).to.include({ accountId: acc.id, box: 'shared', callerNumber: caller });
    const file = await h.deps.db.getRepository(Recording).findOneByOrFail({ id: message.recordingId });
    expect(file).to.include({ kind: 'voicemail', state: 'done', asteriskName: recording.event.recording?.name });
    expect(record.disposition).to.equal('voicemail');
  });

  it('given voicemail, when the caller stays silent, then the message ends by silence (5 s), is kept with what Asterisk reports, and the engine hangs up', async () => {
    const acc = await account();
    const phone = await call(acc, { start: 'vm', steps: { vm: { type: 'voicemail', box: 'shared', maxSeconds: 120 } } });
    phone.stopTalking();
    const finished = await h.fake.waitForEvent((e) => e.type === 'RecordingFinished' && e.event.recording?.target_uri === `channel:${phone.channelId}`, 5000);
    // all silence: app.c takes all but 200 ms of it off, leaving 1 s of the 5 s 20 ms heard
    expect(finished.event.recording).to.deep.include({ state: 'done', duration: 1, silence_duration: 0 });
    expect((await phone.ended).cause, 'the engine hung up, not the caller').to.equal(16);
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path === `/channels/${phone.channelId}`)).to.equal(true);
    const record = await h.finishedCall(phone.channelId);
    const message = await until(() => h.deps.db.getRepository(VoicemailMessage).findOneBy({ callId: record.id }));
    expect(message.durationSeconds).to.equal(1);
    const file = await h.deps.db.getRepository(Recording).findOneByOrFail({ id: message.recordingId });
    expect(file).to.include({ kind: 'voicemail', state: 'done', durationSeconds: 1 });
  });

  it('given a missing sound file, then the step is skipped and the flow goes on', async () => {
    const phone = await call(await account(), {
      start: 'hello',
      steps: { hello: { type: 'greeting', prompt: { sound: 'custom/no-such-file' }, next: 'bye' }, bye: { type: 'hangup', prompt: { sound: 'vm-goodbye' } } },
    });
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:custom/no-such-file', 'sound:vm-goodbye']);
  });

  it('given a step that fails, then the flow goes to the scenario\'s fallback', async () => {
    const phone = await call(await account({ timeZone: 'Mars/Olympus_Mons' }), {
      start: 'hours',
      fallback: 'sorry',
      steps: {
        hours: { type: 'time_condition', schedule: [{ days: [1], from: '09:00', to: '18:00' }], open: 'sorry', closed: 'sorry' },
        sorry: { type: 'hangup', prompt: { sound: 'vm-goodbye' } },
      },
    });
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:vm-goodbye']);
  });

  it('given a step that fails and no fallback, then the caller hears an apology and the call ends', async () => {
    const phone = await call(await account({ timeZone: 'Mars/Olympus_Mons' }), {
      start: 'hours',
      steps: { hours: { type: 'time_condition', schedule: [{ days: [1], from: '09:00', to: '18:00' }], open: 'x', closed: 'x' }, x: { type: 'hangup' } },
    });
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:an-error-has-occurred']);
  });

  describe('the caller hanging up during each step', () => {
    const cases: [string, unknown, (p: Phone) => Promise<unknown>][] = [
      ['greeting', { start: 's', steps: { s: { type: 'greeting', prompt: { sound: 'tt-monkeys' } } } }, (p) => playing(p, 'sound:tt-monkeys')],
      ['menu', { start: 's', steps: { s: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'x' }, timeoutSeconds: 30 }, x: { type: 'hangup' } } }, (p) => h.fake.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${p.channelId}`)],
      ['dial', { start: 's', steps: { s: { type: 'dial', target: { extension: '150' }, ringSeconds: 60 } } }, () => h.fake.waitForDial(/-150$/)],
      ['forward', { start: 's', steps: { s: { type: 'forward', number: '+77019998877', ringSeconds: 60 } } }, () => h.fake.waitForDial(/\+77019998877/)],
      ['voicemail', { start: 's', steps: { s: { type: 'voicemail', box: 'b' } } }, (p) => h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `channel:${p.channelId}`)],
      ['hangup', { start: 's', steps: { s: { type: 'hangup', prompt: { sound: 'tt-monkeys' } } } }, (p) => playing(p, 'sound:tt-monkeys')],
    ];
    for (const [name, definition, reached] of cases) {
      it(`given the ${name} step, when the caller hangs up in it, then the call record is finished and no listener is left`, async () => {
        const acc = await account();
        const ext = await buildExtension(h.deps.db, acc, '150');
        h.fake.addEndpoint(ext.sipUsername, { online: true });
        h.fake.onDial(/-150$|\+77019998877/, 'ring');
        const before = h.pbx.nodes[0].node.events.size;
        const phone = await call(acc, definition);
        await reached(phone);
        phone.hangup();
        const record = await h.finishedCall(phone.channelId);
        expect(record.endedAt).to.be.instanceOf(Date);
        await until(async () => (h.pbx.nodes[0].node.events.size <= before ? true : undefined));
        expect(h.fake.channels().filter((c) => String(c.id).startsWith(`${record.id}-`)), 'no leg left ringing').to.deep.equal([]);
      });
    }
  });

  it('given an unknown number, then the caller hears it is not in service', async () => {
    const phone = h.fake.callIntoStasis({ app: h.app, args: ['inbound', '77270000001'], callerNumber: randomMobile(), endpoint: 'carrier' });
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:ss-noservice']);
    expect((await h.finishedCall(phone.channelId)).disposition).to.equal('failed');
  });

  for (const [label, overrides, sound] of [
    ['a suspended account', { status: 'suspended' }, 'sound:vpbx/service-suspended'],
    ['a prepaid account out of credit', { paymentMethod: 'prepaid', balanceTiyn: 0, creditLimitTiyn: 0 }, 'sound:vpbx/no-funds'],
  ] as const) {
    it(`given ${label}, then the caller hears the notice and no scenario runs`, async () => {
      const phone = await call(await account(overrides as Partial<Account>), { start: 's', steps: { s: { type: 'greeting', prompt: { sound: 'hello-world' } } } });
      await phone.ended;
      expect(mediaPlayedTo(phone)).to.deep.equal([sound]);
      expect((await h.finishedCall(phone.channelId)).disposition).to.equal('blocked');
    });
  }

  it('given a prepaid account with credit left, then calls go through', async () => {
    const phone = await call(await account({ paymentMethod: 'prepaid', balanceTiyn: -5_000, creditLimitTiyn: 10_000 }), { start: 's', steps: { s: { type: 'hangup', prompt: { sound: 'hello-world' } } } });
    await phone.ended;
    expect(mediaPlayedTo(phone)).to.deep.equal(['sound:hello-world']);
  });
});
