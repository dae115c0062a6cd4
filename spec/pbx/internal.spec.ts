import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import type { PbxHarness } from '../support/pbx';
import { buildAccountWithOwner } from '../support/factories';
import { buildExtension, buildNumber } from '../support/telephony-factories';
import { startCarrierHarness, dialFrom, mediaPlayedTo, originates, originateTo } from './outbound-support';

describe('internal calls between the phones of an account', () => {
  let h: PbxHarness;
  before(async () => (h = await startCarrierHarness()));
  after(() => h.close());

  async function account(overrides: Partial<Account> = {}) {
    return (await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', ...overrides })).account;
  }

  it('given two extensions, when one dials the other, then the phone rings with the caller\'s name and extension, they talk, and the record is internal', async () => {
    const acc = await account();
    const from = await buildExtension(h.deps.db, acc, '201', { name: 'Айгуль' });
    const to = await buildExtension(h.deps.db, acc, '202');
    h.fake.addEndpoint(to.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${to.sipUsername}`, { action: 'answer', afterMs: 50 });
    const phone = dialFrom(h, from, '202');
    const originate = await originateTo(h, `PJSIP/${to.sipUsername}`);
    expect(originate.query.callerId).to.equal('"Айгуль" <201>');
    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${phone.channelId}/ring`), 'the caller hears ringback').to.equal(true);
    const callee = await h.fake.waitForDial(to.sipUsername);
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === callee.channelId);
    phone.hangup();
    await callee.ended;
    const call = await h.finishedCall(phone.channelId);
    expect(call).to.include({ accountId: acc.id, direction: 'internal', extensionId: from.id, toNumber: '202', dialled: '202', disposition: 'answered' });
  });

  it('given an extension of another account with the same number, when a phone dials it, then only its own account\'s extension rings', async () => {
    const acc = await account();
    const from = await buildExtension(h.deps.db, acc, '201');
    const mine = await buildExtension(h.deps.db, acc, '203', { voicemailEnabled: false });
    const theirs = await buildExtension(h.deps.db, await account(), '203');
    for (const ext of [mine, theirs]) h.fake.addEndpoint(ext.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${mine.sipUsername}`, 'busy');
    const phone = dialFrom(h, from, '203');
    await phone.ended;
    expect(originates(h).map((r) => r.query.endpoint)).to.include(`PJSIP/${mine.sipUsername}`).and.not.include(`PJSIP/${theirs.sipUsername}`);
  });

  it('given a suspended account, when a phone dials another extension, then it hears the notice and nothing rings', async () => {
    const acc = await account({ status: 'suspended' });
    const from = await buildExtension(h.deps.db, acc, '201');
    const to = await buildExtension(h.deps.db, acc, '202');
    h.fake.addEndpoint(to.sipUsername, { online: true });
    const phone = dialFrom(h, from, '202');
    await phone.ended;
    expect(mediaPlayedTo(h, phone)).to.deep.equal(['sound:vpbx/service-suspended']);
    expect(originates(h).map((r) => r.query.endpoint)).not.to.include(`PJSIP/${to.sipUsername}`);
  });

  it('given an account with an extension numbered 112, when a phone dials 112, then the emergency service is called, not the extension', async () => {
    const acc = await account();
    await buildNumber(h.deps.db, acc);
    const from = await buildExtension(h.deps.db, acc, '201');
    const ext112 = await buildExtension(h.deps.db, acc, '112');
    h.fake.addEndpoint(ext112.sipUsername, { online: true });
    h.fake.onDial('PJSIP/112@carrier', 'busy');
    const phone = dialFrom(h, from, '112');
    await originateTo(h, 'PJSIP/112@carrier');
    await phone.ended;
    expect(originates(h).map((r) => r.query.endpoint)).not.to.include(`PJSIP/${ext112.sipUsername}`);
  });

  it('given a phone that is not an extension, when it dials, then it hears the call cannot be completed', async () => {
    const phone = dialFrom(h, { sipUsername: 'nobody-999' }, '202');
    await phone.ended;
    expect(mediaPlayedTo(h, phone)).to.deep.equal(['sound:cannot-complete-as-dialed']);
  });

  it('given the dialled extension is busy and has no forwarding or voicemail, then the caller gets busy and the record says busy', async () => {
    const acc = await account();
    const from = await buildExtension(h.deps.db, acc, '201');
    const to = await buildExtension(h.deps.db, acc, '202', { voicemailEnabled: false });
    h.fake.addEndpoint(to.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${to.sipUsername}`, 'busy');
    const phone = dialFrom(h, from, '202');
    expect((await phone.ended).cause).to.equal(17);
    expect((await h.finishedCall(phone.channelId)).disposition).to.equal('busy');
  });
});
