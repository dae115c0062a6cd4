import { randomInt } from 'node:crypto';
import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { CallLeg } from '../../app/features/calls/entities';
import type { PbxHarness } from '../support/pbx';
import { buildAccountWithOwner } from '../support/factories';
import { buildExtension, buildNumber, randomMobile } from '../support/telephony-factories';
import { addCallerNumberRule, startCarrierHarness, dialFrom, mediaPlayedTo, originates, originateTo, until } from './outbound-support';

const trunk = (number: string) => `PJSIP/${number}@carrier`;

describe('outbound calls from phones through the carrier trunk', () => {
  let h: PbxHarness;
  before(async () => (h = await startCarrierHarness()));
  after(() => h.close());

  async function account(overrides: Partial<Account> = {}) {
    return (await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', codecs: 'alaw,ulaw', ...overrides })).account;
  }

  describe('the dialled number, read as E.164', () => {
    const mobile = () => randomMobile();
    const cases: [string, (e164: string) => string, () => string][] = [
      ['8 7xx… (national with trunk prefix 8)', (n) => `8${n.slice(2)}`, mobile],
      ['7xx… (ten digits)', (n) => n.slice(2), mobile],
      ['7 7xx… (eleven digits)', (n) => n.slice(1), mobile],
      ['+7 7xx…', (n) => n, mobile],
      ['810 … (international)', (n) => `810${n.slice(1)}`, () => `+4930${randomInt(1_000_000, 9_999_999)}`],
      ['+… (international)', (n) => n, () => `+4930${randomInt(1_000_000, 9_999_999)}`],
    ];
    for (const [form, dialledAs, destination] of cases) {
      it(`given a phone, when it dials ${form}, then the trunk is dialled with the E.164 number and the account's codecs`, async () => {
        const acc = await account();
        const own = await buildNumber(h.deps.db, acc);
        const ext = await buildExtension(h.deps.db, acc, '201');
        const e164 = destination();
        h.fake.onDial(trunk(e164), 'busy');
        const phone = dialFrom(h, ext, dialledAs(e164));
        const originate = await originateTo(h, trunk(e164));
        expect(originate.query).to.include({ callerId: own.e164, formats: 'alaw,ulaw' });
        expect(originate.query).not.to.have.property('originator');
        const call = await h.finishedCall(phone.channelId);
        expect(call).to.include({ direction: 'outbound', toNumber: e164, dialled: dialledAs(e164), extensionId: ext.id, disposition: 'busy' });
      });
    }

    it('given an account whose number is in Almaty, when a phone dials a 7-digit city number, then Almaty\'s area code is added', async () => {
      const acc = await account();
      await buildNumber(h.deps.db, acc, undefined, `+7727${randomInt(1_000_000, 9_999_999)}`);
      const ext = await buildExtension(h.deps.db, acc, '201');
      const local = String(randomInt(2_000_000, 9_999_999));
      h.fake.onDial(trunk(`+7727${local}`), 'busy');
      const phone = dialFrom(h, ext, local);
      await originateTo(h, trunk(`+7727${local}`));
      expect((await h.finishedCall(phone.channelId)).toNumber).to.equal(`+7727${local}`);
    });

    it('given a number that cannot be read, when a phone dials it, then it hears that the call cannot be completed and nothing is dialled', async () => {
      const acc = await account();
      await buildNumber(h.deps.db, acc);
      const ext = await buildExtension(h.deps.db, acc, '201');
      const before = originates(h).length;
      const phone = dialFrom(h, ext, '4455');
      await phone.ended;
      expect(mediaPlayedTo(h, phone)).to.deep.equal(['sound:cannot-complete-as-dialed']);
      expect(originates(h).length).to.equal(before);
      expect((await h.finishedCall(phone.channelId)).disposition).to.equal('failed');
    });
  });

  describe('the number shown to the called party', () => {
    it('given an extension with its own outbound number, then that number is shown, whatever the rules say', async () => {
      const acc = await account();
      await buildNumber(h.deps.db, acc);
      const ruled = await buildNumber(h.deps.db, acc);
      const own = await buildNumber(h.deps.db, acc);
      await addCallerNumberRule(h.deps.db, ruled, '+7');
      const ext = await buildExtension(h.deps.db, acc, '201', { outboundCallerNumber: own.e164 });
      const callee = randomMobile();
      h.fake.onDial(trunk(callee), 'busy');
      dialFrom(h, ext, callee);
      expect((await originateTo(h, trunk(callee))).query.callerId).to.equal(own.e164);
    });

    it('given an extension whose outbound number is not the account\'s, then it is not shown and the account\'s number is', async () => {
      const acc = await account();
      const first = await buildNumber(h.deps.db, acc);
      const foreign = await buildNumber(h.deps.db, await account());
      const ext = await buildExtension(h.deps.db, acc, '201', { outboundCallerNumber: foreign.e164 });
      const callee = randomMobile();
      h.fake.onDial(trunk(callee), 'busy');
      dialFrom(h, ext, callee);
      expect((await originateTo(h, trunk(callee))).query.callerId).to.equal(first.e164);
    });

    it('given prefix rules, then the rule with the longest prefix of the called number chooses the number shown', async () => {
      const acc = await account();
      await buildNumber(h.deps.db, acc);
      const kcell = await buildNumber(h.deps.db, acc);
      const zone7 = await buildNumber(h.deps.db, acc);
      await addCallerNumberRule(h.deps.db, zone7, '+7');
      await addCallerNumberRule(h.deps.db, kcell, '+7701');
      const ext = await buildExtension(h.deps.db, acc, '201');
      const toKcell = `+7701${randomInt(1_000_000, 9_999_999)}`;
      const toBeeline = `+7705${randomInt(1_000_000, 9_999_999)}`;
      h.fake.onDial(trunk(toKcell), 'busy');
      h.fake.onDial(trunk(toBeeline), 'busy');
      dialFrom(h, ext, toKcell);
      dialFrom(h, ext, toBeeline);
      expect((await originateTo(h, trunk(toKcell))).query.callerId).to.equal(kcell.e164);
      expect((await originateTo(h, trunk(toBeeline))).query.callerId).to.equal(zone7.e164);
    });

    it('given a rule pointing at another account\'s number, then it is ignored', async () => {
      const acc = await account();
      const first = await buildNumber(h.deps.db, acc);
      await addCallerNumberRule(h.deps.db, await buildNumber(h.deps.db, await account()), '+7', acc.id);
      const ext = await buildExtension(h.deps.db, acc, '201');
      const callee = randomMobile();
      h.fake.onDial(trunk(callee), 'busy');
      dialFrom(h, ext, callee);
      expect((await originateTo(h, trunk(callee))).query.callerId).to.equal(first.e164);
    });

    it('given no extension number and no rule, then the account\'s first number is shown', async () => {
      const acc = await account();
      const first = await buildNumber(h.deps.db, acc);
      await buildNumber(h.deps.db, acc);
      const ext = await buildExtension(h.deps.db, acc, '201');
      const callee = randomMobile();
      h.fake.onDial(trunk(callee), 'busy');
      dialFrom(h, ext, callee);
      expect((await originateTo(h, trunk(callee))).query.callerId).to.equal(first.e164);
    });

    it('given an account without numbers, when a phone dials out, then it is refused with a notice and nothing is dialled', async () => {
      const ext = await buildExtension(h.deps.db, await account(), '201');
      const before = originates(h).length;
      const phone = dialFrom(h, ext, randomMobile());
      await phone.ended;
      expect(mediaPlayedTo(h, phone)).to.deep.equal(['sound:cannot-complete-as-dialed']);
      expect(originates(h).length).to.equal(before);
    });
  });

  describe('the account gate', () => {
    const refusals: [string, Partial<Account>, string][] = [
      ['a suspended account', { status: 'suspended' }, 'sound:vpbx/service-suspended'],
      ['a prepaid account without funds', { paymentMethod: 'prepaid', balanceTiyn: -500, creditLimitTiyn: 500 }, 'sound:vpbx/no-funds'],
    ];
    for (const [which, state, notice] of refusals) {
      it(`given ${which}, when a phone dials out, then it hears the notice, nothing is dialled and the call is recorded as blocked`, async () => {
        const acc = await account(state);
        await buildNumber(h.deps.db, acc);
        const ext = await buildExtension(h.deps.db, acc, '201');
        const before = originates(h).length;
        const phone = dialFrom(h, ext, randomMobile());
        await phone.ended;
        expect(mediaPlayedTo(h, phone)).to.deep.equal([notice]);
        expect(originates(h).length).to.equal(before);
        expect(await h.finishedCall(phone.channelId)).to.include({ accountId: acc.id, direction: 'outbound', disposition: 'blocked' });
      });
    }

    const emergencies: [string, Partial<Account>][] = [
      ['112', { status: 'suspended' }],
      ['103', { status: 'suspended' }],
      ['101', { paymentMethod: 'prepaid', balanceTiyn: 0, creditLimitTiyn: 0 }],
    ];
    for (const [number, state] of emergencies) {
      it(`given ${state.status === 'suspended' ? 'a suspended account' : 'a prepaid account without funds'}, when a phone dials ${number}, then the emergency call goes through with the account's number shown`, async () => {
        const acc = await account(state);
        const own = await buildNumber(h.deps.db, acc);
        const ext = await buildExtension(h.deps.db, acc, '201');
        h.fake.onDial(trunk(number), { action: 'answer', afterMs: 50 });
        const since = h.fake.seq;
        const phone = dialFrom(h, ext, number);
        const originate = await originateTo(h, trunk(number), since);
        expect(originate.query).to.include({ callerId: own.e164, formats: 'alaw,ulaw' });
        const operator = await h.fake.waitForDial(trunk(number));
        await operator.answered;
        await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === operator.channelId);
        phone.hangup();
        const call = await h.finishedCall(phone.channelId);
        expect(call).to.include({ direction: 'outbound', toNumber: number, disposition: 'answered' });
        expect(mediaPlayedTo(h, phone)).to.deep.equal([]);
      });
    }
  });

  it('given an account without numbers, when a phone dials 112, then the emergency call still goes out', async () => {
    const ext = await buildExtension(h.deps.db, await account({ status: 'suspended' }), '201');
    h.fake.onDial(trunk('112'), 'busy');
    const since = h.fake.seq;
    const phone = dialFrom(h, ext, '112');
    const originate = await originateTo(h, trunk('112'), since);
    expect(originate.query).not.to.have.property('callerId');
    await phone.ended;
  });

  it('given an outbound call answered, then the phone and the called party are bridged and the record is answered', async () => {
    const acc = await account();
    await buildNumber(h.deps.db, acc);
    const ext = await buildExtension(h.deps.db, acc, '201');
    const callee = randomMobile();
    h.fake.onDial(trunk(callee), { action: 'answer', afterMs: 50 });
    const phone = dialFrom(h, ext, callee);
    const far = await h.fake.waitForDial(trunk(callee));
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === far.channelId);
    far.hangup();
    await phone.ended;
    const call = await h.finishedCall(phone.channelId);
    expect(call).to.include({ direction: 'outbound', disposition: 'answered' });
    expect(call.answeredAt).to.be.instanceOf(Date);
    expect((await h.legs(call.id)).map((l) => [l.role, l.endpoint])).to.deep.equal([['caller', null], ['callee', trunk(callee)]]);
  });

  it('given an account that records, when the called party answers, then they hear the warning in full before being bridged with the phone', async () => {
    h.fake.sounds.add('vpbx/recording-warning', 3);
    const acc = await account({ recordCalls: true });
    await buildNumber(h.deps.db, acc);
    const ext = await buildExtension(h.deps.db, acc, '201');
    const callee = randomMobile();
    h.fake.onDial(trunk(callee), { action: 'answer', afterMs: 50 });
    const phone = dialFrom(h, ext, callee);
    const far = await h.fake.waitForDial(trunk(callee));
    const bridged = await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === far.channelId);
    const warned = h.fake.events.find((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${far.channelId}`);
    expect(warned?.event.playback?.media_uri).to.equal('sound:vpbx/recording-warning');
    expect(warned!.seq).to.be.lessThan(bridged.seq);
    phone.hangup();
    await far.ended;
    expect((await h.finishedCall(phone.channelId)).consent).to.equal('accepted');
  });

  it('given an outbound call ringing, when the phone hangs up, then the leg is hung up and the record is finished as abandoned', async () => {
    const acc = await account();
    await buildNumber(h.deps.db, acc);
    const ext = await buildExtension(h.deps.db, acc, '201');
    const callee = randomMobile();
    h.fake.onDial(trunk(callee), 'ring');
    const phone = dialFrom(h, ext, callee);
    const far = await h.fake.waitForDial(trunk(callee));
    await h.fake.waitForEvent((e) => e.type === 'ChannelStateChange' && e.event.channel?.id === far.channelId && e.event.channel?.state === 'Ringing');
    // The engine has taken the leg on (its row exists) before the caller gives up: see the report on dialLeg's race.
    await until(() => h.deps.db.getRepository(CallLeg).findOneBy({ channelId: far.channelId }));
    phone.hangup();
    const ended = await far.ended;
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path === `/channels/${far.channelId}`), 'the leg is hung up by the app').to.equal(true);
    expect(ended.cause).to.equal(16);
    const call = await h.finishedCall(phone.channelId);
    expect(call).to.include({ direction: 'outbound', toNumber: callee, disposition: 'abandoned' });
    expect(call.answeredAt).to.equal(null);
    const legs = await h.legs(call.id);
    expect(legs[1]).to.include({ role: 'callee', endpoint: trunk(callee) });
    expect(legs[1].endedAt).to.be.instanceOf(Date);
  });

});
