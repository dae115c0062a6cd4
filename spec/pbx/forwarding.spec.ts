import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import type { Extension } from '../../app/features/extensions/entities';
import { Recording } from '../../app/features/recordings/entities';
import { VoicemailMessage } from '../../app/features/voicemail/entities';
import type { Phone } from '../support/fake-asterisk';
import type { PbxHarness } from '../support/pbx';
import { buildAccountWithOwner } from '../support/factories';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';
import { startCarrierHarness, dialFrom, mediaPlayedTo, originates, originateTo, uniqueChannelId, until } from './outbound-support';

const phoneOf = (ext: Extension) => `PJSIP/${ext.sipUsername}`;
const trunk = (number: string) => `PJSIP/${number}@carrier`;

describe('per-extension forwarding', () => {
  let h: PbxHarness;
  before(async () => (h = await startCarrierHarness()));
  after(() => h.close());

  async function account(overrides: Partial<Account> = {}) {
    return (await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', ...overrides })).account;
  }

  /** An extension whose phone is registered (unless `offline`). */
  async function extension(acc: Account, exten: string, overrides: Partial<Extension> = {}, offline = false): Promise<Extension> {
    const ext = await buildExtension(h.deps.db, acc, exten, overrides);
    h.fake.addEndpoint(ext.sipUsername, { online: !offline });
    return ext;
  }

  const rang = (ext: Extension) => originates(h).some((r) => r.query.endpoint === phoneOf(ext));

  /** The callee answers and is bridged with the caller; the caller hangs up; the record is returned. */
  async function talkAndHangUp(caller: Phone, callee: Phone) {
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === callee.channelId);
    caller.hangup();
    await callee.ended;
    return h.finishedCall(caller.channelId);
  }

  describe('always', () => {
    it('given forwarding always to another extension, when a phone calls, then its own phone does not ring and the other one answers', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const target = await extension(acc, '203');
      const dialled = await extension(acc, '202', { forwardAlways: '203' });
      h.fake.onDial(phoneOf(target), { action: 'answer', afterMs: 20 });
      const caller = dialFrom(h, from, '202');
      const record = await talkAndHangUp(caller, await h.fake.waitForDial(target.sipUsername));
      expect(rang(dialled), 'the dialled phone rang').to.equal(false);
      expect(record).to.include({ direction: 'internal', toNumber: '202', disposition: 'answered' });
    });

    it('given forwarding always to an outside number, when a phone calls, then the trunk is dialled showing the caller\'s own number chosen by rule', async () => {
      const acc = await account();
      await buildNumber(h.deps.db, acc);
      const own = await buildNumber(h.deps.db, acc);
      const mobile = randomMobile();
      const from = await extension(acc, '201', { outboundCallerNumber: own.e164 });
      const dialled = await extension(acc, '202', { forwardAlways: mobile });
      h.fake.onDial(trunk(mobile), { action: 'answer', afterMs: 20 });
      const caller = dialFrom(h, from, '202');
      expect((await originateTo(h, trunk(mobile))).query.callerId).to.equal(own.e164);
      const record = await talkAndHangUp(caller, await h.fake.waitForDial(trunk(mobile)));
      expect(rang(dialled)).to.equal(false);
      expect(record.disposition).to.equal('answered');
    });

    it('given an inbound call whose scenario dials an extension forwarded to an outside number, then the original caller\'s number is shown', async () => {
      const acc = await account();
      const mobile = randomMobile();
      const outsider = randomMobile();
      const dialled = await extension(acc, '202', { forwardAlways: mobile });
      const scenario = await buildScenario(h.deps.db, acc, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '202' } } } });
      const number = await buildNumber(h.deps.db, acc, scenario);
      h.fake.onDial(trunk(mobile), { action: 'answer', afterMs: 20 });
      const caller = h.fake.callIntoStasis({ app: h.app, channelId: uniqueChannelId(), args: ['inbound', number.e164], callerNumber: outsider, endpoint: 'carrier' });
      expect((await originateTo(h, trunk(mobile))).query.callerId).to.equal(outsider);
      const record = await talkAndHangUp(caller, await h.fake.waitForDial(trunk(mobile)));
      expect(rang(dialled)).to.equal(false);
      expect(record).to.include({ direction: 'inbound', disposition: 'answered' });
    });
  });

  it('given forwarding on busy, when the phone is busy, then the call goes to the forward target', async () => {
    const acc = await account();
    const from = await extension(acc, '201');
    const target = await extension(acc, '203');
    const dialled = await extension(acc, '202', { forwardBusy: '203' });
    h.fake.onDial(phoneOf(dialled), 'busy');
    h.fake.onDial(phoneOf(target), { action: 'answer', afterMs: 20 });
    const caller = dialFrom(h, from, '202');
    const record = await talkAndHangUp(caller, await h.fake.waitForDial(target.sipUsername));
    expect(rang(dialled)).to.equal(true);
    expect(record.disposition).to.equal('answered');
  });

  it('given forwarding on no answer after 1 s, when the phone rings unanswered, then it rings for 1 s and the call goes to the forward target', async () => {
    const acc = await account();
    const from = await extension(acc, '201');
    const target = await extension(acc, '203');
    const dialled = await extension(acc, '202', { forwardNoAnswer: '203', forwardNoAnswerSeconds: 1 });
    h.fake.onDial(phoneOf(dialled), 'noanswer');
    h.fake.onDial(phoneOf(target), { action: 'answer', afterMs: 20 });
    const caller = dialFrom(h, from, '202');
    expect((await originateTo(h, phoneOf(dialled))).query.timeout).to.equal('1');
    const callee = await h.fake.waitForDial(target.sipUsername);
    const first = await h.fake.waitForEvent((e) => e.type === 'ChannelDestroyed' && String(e.event.channel?.name).startsWith(`${phoneOf(dialled)}-`));
    expect(first.event.cause, 'the first phone timed out unanswered').to.equal(19);
    expect((await talkAndHangUp(caller, callee)).disposition).to.equal('answered');
  });

  it('given a scenario dial step and an extension forwarding on no answer after 1 s, then the step\'s ring time gives way to the extension\'s', async () => {
    const acc = await account();
    const target = await extension(acc, '203');
    const dialled = await extension(acc, '202', { forwardNoAnswer: '203', forwardNoAnswerSeconds: 1 });
    const scenario = await buildScenario(h.deps.db, acc, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '202' }, ringSeconds: 60 } } });
    const number = await buildNumber(h.deps.db, acc, scenario);
    h.fake.onDial(phoneOf(dialled), 'noanswer');
    h.fake.onDial(phoneOf(target), { action: 'answer', afterMs: 20 });
    const caller = h.fake.callIntoStasis({ app: h.app, channelId: uniqueChannelId(), args: ['inbound', number.e164], callerNumber: randomMobile(), endpoint: 'carrier' });
    expect((await originateTo(h, phoneOf(dialled))).query.timeout).to.equal('1');
    expect((await talkAndHangUp(caller, await h.fake.waitForDial(target.sipUsername))).disposition).to.equal('answered');
  });

  describe('unavailable', () => {
    it('given forwarding when unavailable, when the phone is not registered, then it is not rung and the call goes to the forward target', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const target = await extension(acc, '203');
      const dialled = await extension(acc, '202', { forwardUnavailable: '203' }, true);
      h.fake.onDial(phoneOf(target), { action: 'answer', afterMs: 20 });
      const caller = dialFrom(h, from, '202');
      const record = await talkAndHangUp(caller, await h.fake.waitForDial(target.sipUsername));
      expect(h.fake.requests.some((r) => r.method === 'GET' && r.path === `/endpoints/PJSIP/${dialled.sipUsername}`), 'asked Asterisk for the endpoint state').to.equal(true);
      expect(rang(dialled)).to.equal(false);
      expect(record.disposition).to.equal('answered');
    });

    it('given forwarding when unavailable, when Asterisk cannot reach the registered phone, then the call goes to the forward target', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const target = await extension(acc, '203');
      const dialled = await extension(acc, '202', { forwardUnavailable: '203' });
      h.fake.onDial(phoneOf(dialled), 'unreachable');
      h.fake.onDial(phoneOf(target), { action: 'answer', afterMs: 20 });
      const caller = dialFrom(h, from, '202');
      const record = await talkAndHangUp(caller, await h.fake.waitForDial(target.sipUsername));
      expect(rang(dialled), 'the originate was tried').to.equal(true);
      expect(record.disposition).to.equal('answered');
    });

    it('given forwarding when unavailable, when the phone\'s leg ends as subscriber absent, then the call goes to the forward target', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const target = await extension(acc, '203');
      const dialled = await extension(acc, '202', { forwardUnavailable: '203', forwardBusy: null });
      h.fake.onDial(phoneOf(dialled), { action: 'reject', cause: 20 });
      h.fake.onDial(phoneOf(target), { action: 'answer', afterMs: 20 });
      const caller = dialFrom(h, from, '202');
      expect((await talkAndHangUp(caller, await h.fake.waitForDial(target.sipUsername))).disposition).to.equal('answered');
    });
  });

  describe('voicemail when nothing answers', () => {
    async function leaveMessage(caller: Phone) {
      const started = await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `channel:${caller.channelId}`);
      caller.hangup();
      const record = await h.finishedCall(caller.channelId);
      const message = await until(() => h.deps.db.getRepository(VoicemailMessage).findOneBy({ callId: record.id }));
      const file = await h.deps.db.getRepository(Recording).findOneByOrFail({ id: message.recordingId });
      expect(file).to.include({ kind: 'voicemail', asteriskName: started.event.recording?.name });
      return { record, message };
    }

    it('given an extension with voicemail and no forwarding, when its phone does not answer in N s, then the caller leaves a message in its box', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const dialled = await extension(acc, '202', { forwardNoAnswerSeconds: 1 });
      h.fake.onDial(phoneOf(dialled), 'noanswer');
      const caller = dialFrom(h, from, '202');
      const { record, message } = await leaveMessage(caller);
      expect(mediaPlayedTo(h, caller)).to.deep.equal(['sound:vm-intro']);
      expect(message).to.include({ accountId: acc.id, box: 'ext-202', extensionId: dialled.id });
      expect(record.disposition).to.equal('voicemail');
    });

    it('given a forward target that is busy too, then the message goes to the box of the extension dialled', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const target = await extension(acc, '203', { voicemailEnabled: false });
      const dialled = await extension(acc, '202', { forwardBusy: '203' });
      h.fake.onDial(phoneOf(dialled), 'busy');
      h.fake.onDial(phoneOf(target), 'busy');
      const caller = dialFrom(h, from, '202');
      const { message } = await leaveMessage(caller);
      expect(rang(target)).to.equal(true);
      expect(message).to.include({ box: 'ext-202', extensionId: dialled.id });
    });

    it('given an extension without voicemail, when its phone does not answer, then the caller is hung up on as not answered', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const dialled = await extension(acc, '202', { forwardNoAnswerSeconds: 1, voicemailEnabled: false });
      h.fake.onDial(phoneOf(dialled), 'noanswer');
      const caller = dialFrom(h, from, '202');
      expect((await caller.ended).cause).to.equal(19);
      expect((await h.finishedCall(caller.channelId)).disposition).to.equal('no_answer');
      expect(mediaPlayedTo(h, caller)).to.deep.equal([]);
    });

    it('given a scenario dial step, when the extension does not answer, then the scenario\'s next step runs, not the extension\'s voicemail', async () => {
      const acc = await account();
      const dialled = await extension(acc, '202', { forwardNoAnswerSeconds: 1 });
      const scenario = await buildScenario(h.deps.db, acc, {
        start: 'ring',
        steps: { ring: { type: 'dial', target: { extension: '202' }, ringSeconds: 5, next: 'bye' }, bye: { type: 'hangup', prompt: { sound: 'vm-goodbye' } } },
      });
      const number = await buildNumber(h.deps.db, acc, scenario);
      h.fake.onDial(phoneOf(dialled), 'noanswer');
      const caller = h.fake.callIntoStasis({ app: h.app, channelId: uniqueChannelId(), args: ['inbound', number.e164], callerNumber: randomMobile(), endpoint: 'carrier' });
      await caller.ended;
      expect(mediaPlayedTo(h, caller)).to.deep.equal(['sound:vm-goodbye']);
    });
  });

  describe('loops', () => {
    it('given two extensions forwarding always to each other, when a phone calls one, then forwarding stops, no phone rings and the caller reaches voicemail', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const b = await extension(acc, '202', { forwardAlways: '203' });
      const c = await extension(acc, '203', { forwardAlways: '202' });
      const caller = dialFrom(h, from, '202');
      await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `channel:${caller.channelId}`);
      caller.hangup();
      const record = await h.finishedCall(caller.channelId);
      expect(rang(b) || rang(c), 'a phone rang').to.equal(false);
      expect(await h.deps.db.getRepository(VoicemailMessage).findOneBy({ callId: record.id })).to.include({ box: 'ext-202' });
    });

    it('given a longer loop through busy phones and no voicemail, then the caller is let go after a few hops', async () => {
      const acc = await account();
      const from = await extension(acc, '201');
      const exts = [
        await extension(acc, '202', { forwardBusy: '203', voicemailEnabled: false }),
        await extension(acc, '203', { forwardBusy: '204' }),
        await extension(acc, '204', { forwardBusy: '202' }),
      ];
      for (const e of exts) h.fake.onDial(phoneOf(e), 'busy');
      const caller = dialFrom(h, from, '202');
      await caller.ended;
      expect(originates(h).filter((r) => exts.some((e) => r.query.endpoint === phoneOf(e))).length, 'each phone rang once').to.equal(3);
      expect((await h.finishedCall(caller.channelId)).disposition).to.equal('failed');
    });
  });
});
