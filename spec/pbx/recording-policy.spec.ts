import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { Call } from '../../app/features/calls/entities';
import type { Extension } from '../../app/features/extensions/entities';
import type { PhoneNumber } from '../../app/features/numbers/entities';
import { RecordingRules } from '../../app/features/recording-settings/entities';
import { isRecorded, type RecordingPolicy } from '../../app/pbx/recording/policy';
import { SOUNDS } from '../../app/pbx/sounds';
import type { Phone } from '../support/fake-asterisk';
import { buildAccountWithOwner } from '../support/factories';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';
import { addDeploymentSounds, dialFrom } from './outbound-support';
import { startPbxHarness, type PbxHarness } from '../support/pbx';

const WARNING = `sound:${SOUNDS.recordingWarning}`;
const trunk = (number: string) => `PJSIP/${number}@carrier`;

describe('recording policy: which calls get the warning and the recorder', () => {
  describe('the decision', () => {
    const policy = (over: Partial<RecordingPolicy> = {}): RecordingPolicy => ({ recordCalls: true, scope: 'selected', directions: [], numberIds: [], extensionIds: [], ...over });
    const inbound = (phoneNumberId: number | null, extensionId: number | null = null) => ({ direction: 'inbound' as const, phoneNumberId, extensionId });
    const outbound = (extensionId: number | null) => ({ direction: 'outbound' as const, phoneNumberId: null, extensionId });

    it('records nothing when recording is off, whatever the rules; everything when on for all calls', () => {
      expect(isRecorded(policy({ recordCalls: false, scope: 'all' }), inbound(1))).to.equal(false);
      expect(isRecorded(policy({ recordCalls: false, directions: ['inbound'] }), inbound(1))).to.equal(false);
      expect(isRecorded(policy({ scope: 'all' }), outbound(null))).to.equal(true);
    });

    it('matches a direction; an inbound call by its number only; outbound and internal calls by the extension placing them', () => {
      expect(isRecorded(policy({ directions: ['outbound'] }), outbound(5))).to.equal(true);
      expect(isRecorded(policy({ directions: ['outbound'] }), inbound(1))).to.equal(false);
      expect(isRecorded(policy({ numberIds: [1] }), inbound(1))).to.equal(true);
      expect(isRecorded(policy({ numberIds: [1] }), inbound(2))).to.equal(false);
      expect(isRecorded(policy({ extensionIds: [5] }), inbound(2, 5)), 'the extension answering an inbound call is not known at its warning').to.equal(false);
      expect(isRecorded(policy({ extensionIds: [5] }), outbound(5))).to.equal(true);
      expect(isRecorded(policy({ extensionIds: [5] }), { direction: 'internal', phoneNumberId: null, extensionId: 5 })).to.equal(true);
      expect(isRecorded(policy({ extensionIds: [5] }), outbound(6))).to.equal(false);
    });
  });

  describe('the engine against the fake Asterisk', () => {
    let h: PbxHarness;
    before(async () => {
      h = await startPbxHarness();
      h.fake.addEndpoint('carrier', { online: true });
      addDeploymentSounds(h);
      h.fake.sounds.add(SOUNDS.recordingWarning, 30);
    });
    after(() => h.close());

    async function account(rules: Partial<RecordingRules>): Promise<Account> {
      const acc = (await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', recordCalls: true })).account;
      await h.deps.db.getRepository(RecordingRules).save({ accountId: acc.id, scope: 'selected', directions: [], numberIds: [], extensionIds: [], warningSource: 'default', warningText: null, warningLang: 'ru', warningPromptId: null, updatedAt: new Date(), ...rules });
      return acc;
    }

    /** A number whose scenario rings extension 101 (which answers); the call on it. */
    async function numberRinging101(acc: Account): Promise<PhoneNumber> {
      const ext = await buildExtension(h.deps.db, acc, '101');
      h.fake.addEndpoint(ext.sipUsername, { online: true });
      h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
      return buildNumber(h.deps.db, acc, await buildScenario(h.deps.db, acc, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '101' } } } }));
    }

    const callInto = (number: PhoneNumber) => h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164], callerNumber: randomMobile(), endpoint: 'carrier' });
    const warningsTo = (phone: Phone) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${phone.channelId}/play` && r.query.media === WARNING);
    const recordRequestsOf = (callId: number) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/bridges/call-${callId}/record`);
    const callOf = async (phone: Phone) => (await h.deps.db.getRepository(Call).findOneByOrFail({ channelId: phone.channelId })).id;
    const bridged = (channelId: string) => h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === channelId, 5000);

    it('given an inbound call on a number that is not recorded, then no warning is played and nothing is recorded', async () => {
      const acc = await account({});
      const recorded = await numberRinging101(acc);
      await h.deps.db.getRepository(RecordingRules).update(acc.id, { numberIds: [recorded.id] });
      const other = await buildNumber(h.deps.db, acc, await buildScenario(h.deps.db, acc, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '101' } } } }));
      const caller = callInto(other);
      const callee = await h.fake.waitForDial(new RegExp(`PJSIP/a${acc.id}-101`), 5000);
      await bridged(callee.channelId);
      await new Promise((r) => setTimeout(r, 300));
      expect(warningsTo(caller)).to.deep.equal([]);
      expect(recordRequestsOf(await callOf(caller))).to.deep.equal([]);
      caller.hangup();
      expect(await h.finishedCall(caller.channelId)).to.include({ consent: 'not_required', recordingId: null, disposition: 'answered' });
    });

    it('given an inbound call on a recorded number, then the caller hears the warning and the record request follows its PlaybackFinished', async () => {
      const acc = await account({});
      const number = await numberRinging101(acc);
      await h.deps.db.getRepository(RecordingRules).update(acc.id, { numberIds: [number.id] });
      const caller = callInto(number);
      const finished = await h.fake.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${caller.channelId}` && e.event.playback?.media_uri === WARNING, 5000);
      const record = await h.fake.waitForRequest((r) => r.method === 'POST' && /^\/bridges\/call-\d+\/record$/.test(r.path) && r.seq > finished.seq);
      expect(record.path).to.equal(`/bridges/call-${await callOf(caller)}/record`);
      caller.hangup();
      expect((await h.finishedCall(caller.channelId)).consent).to.equal('accepted');
    });

    it('given only outbound calls recorded, then an inbound call gets no warning, while an outbound call\'s party hears it before the record request', async () => {
      const acc = await account({ directions: ['outbound'] });
      const number = await numberRinging101(acc);
      const caller = callInto(number);
      const callee = await h.fake.waitForDial(new RegExp(`PJSIP/a${acc.id}-101`), 5000);
      await bridged(callee.channelId);
      await new Promise((r) => setTimeout(r, 300));
      expect(warningsTo(caller)).to.deep.equal([]);
      expect(recordRequestsOf(await callOf(caller))).to.deep.equal([]);
      caller.hangup();
      await h.finishedCall(caller.channelId);

      const ext: Extension = await buildExtension(h.deps.db, acc, '201');
      const far = randomMobile();
      h.fake.onDial(trunk(far), { action: 'answer', afterMs: 50 });
      const phone = dialFrom(h, ext, far);
      const party = await h.fake.waitForDial(trunk(far), 5000);
      const heard = await h.fake.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${party.channelId}` && e.event.playback?.media_uri === WARNING, 5000);
      const record = await h.fake.waitForRequest((r) => r.method === 'POST' && /^\/bridges\/call-\d+\/record$/.test(r.path) && r.seq > heard.seq);
      expect(record.path).to.equal(`/bridges/call-${await callOf(phone)}/record`);
      phone.hangup();
      expect((await h.finishedCall(phone.channelId)).consent).to.equal('accepted');
    });
  });
});
