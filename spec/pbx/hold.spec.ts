import { expect } from 'chai';
import { SOUNDS } from '../../app/pbx/sounds';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';
import { answers, buildOffice, callOf, finished, inBridgeWith, requestsTo, talkingPhaseOf, uniqueChannelId } from './transfer-support';

describe('hold from a phone', () => {
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness()));
  after(() => h.close());

  const mohRequests = (channelId: string) => requestsTo(h, 'POST', `/channels/${channelId}/moh`).length + requestsTo(h, 'DELETE', `/channels/${channelId}/moh`).length;

  it('given an outside caller on a Local channel talking with a phone, when the phone holds, then the app plays the caller music on hold until the phone resumes; when the caller holds, the phone gets its music from Asterisk, not from the app', async () => {
    const { account, bob } = await buildOffice(h);
    const scenario = await buildScenario(h.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: bob.exten } } } });
    const number = await buildNumber(h.deps.db, account, scenario);
    answers(h, bob);
    const caller = h.fake.callIntoStasis({ app: h.app, tech: 'Local', channelId: uniqueChannelId(), args: ['inbound', number.e164.slice(1)], callerNumber: randomMobile() });
    const phone = await h.fake.waitForDial(bob.sipUsername);
    await inBridgeWith(h, caller, phone);
    await talkingPhaseOf(h, phone);

    phone.hold();
    const start = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${caller.channelId}/moh`);
    expect(start.query.mohClass).to.equal('default');
    phone.unhold();
    await h.fake.waitForRequest((r) => r.method === 'DELETE' && r.path === `/channels/${caller.channelId}/moh`);

    caller.hold();
    caller.unhold();
    await new Promise((r) => setTimeout(r, 150));
    expect(mohRequests(phone.channelId), 'no second music on hold for a SIP party').to.equal(0);
    expect(mohRequests(caller.channelId)).to.equal(2);
    await inBridgeWith(h, caller, phone);
    caller.hangup();
    await phone.ended;
    await finished(h, (await callOf(h, phone.channelId)).id);
  });

  it('given a recorded call, when the phone holds the moment it is bridged (while the engine still starts the recording), then the caller still gets music on hold', async () => {
    h.fake.sounds.add(SOUNDS.recordingWarning, 1);
    const { account, bob } = await buildOffice(h);
    await h.deps.db.query('UPDATE accounts SET record_calls = 1 WHERE id = ?', [account.id]);
    const scenario = await buildScenario(h.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: bob.exten } } } });
    const number = await buildNumber(h.deps.db, account, scenario);
    answers(h, bob);
    const caller = h.fake.callIntoStasis({ app: h.app, tech: 'Local', channelId: uniqueChannelId(), args: ['inbound', number.e164.slice(1)], callerNumber: randomMobile() });
    const phone = await h.fake.waitForDial(bob.sipUsername, 5000);
    // Resolves as the fake sends the event, before the engine has read it.
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === phone.channelId, 5000);
    phone.hold();
    await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${caller.channelId}/moh`, 5000);
    phone.hangup();
    await caller.ended;
  });

  it('given a phone holding the call for an outside caller, when the phone hangs up while holding, then the caller\'s music stops with the call', async () => {
    const { account, bob } = await buildOffice(h);
    const scenario = await buildScenario(h.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: bob.exten } } } });
    const number = await buildNumber(h.deps.db, account, scenario);
    answers(h, bob);
    const caller = h.fake.callIntoStasis({ app: h.app, tech: 'Local', channelId: uniqueChannelId(), args: ['inbound', number.e164.slice(1)], callerNumber: randomMobile() });
    const phone = await h.fake.waitForDial(bob.sipUsername);
    await inBridgeWith(h, caller, phone);
    await talkingPhaseOf(h, phone);

    phone.hold();
    await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${caller.channelId}/moh`);
    phone.hangup();

    await caller.ended;
    const call = await finished(h, (await callOf(h, phone.channelId)).id);
    expect(call.disposition).to.equal('answered');
  });
});
