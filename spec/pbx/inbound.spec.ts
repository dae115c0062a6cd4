import { expect } from 'chai';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildAccountWithOwner } from '../support/factories';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';

describe('inbound calls through the engine (fake Asterisk)', () => {
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness()));
  after(() => h.close());

  it('greets the caller, rings the extension, bridges them and finishes the call record at hang-up', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid' });
    const ext = await buildExtension(h.deps.db, account, '101');
    const scenario = await buildScenario(h.deps.db, account, {
      start: 'hello',
      steps: { hello: { type: 'greeting', prompt: { sound: 'hello-world' }, next: 'ring' }, ring: { type: 'dial', target: { extension: '101' } } },
    });
    const number = await buildNumber(h.deps.db, account, scenario);
    h.fake.addEndpoint(ext.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
    const caller = h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164.slice(1)], callerNumber: randomMobile(), endpoint: 'carrier' });
    const callee = await h.fake.waitForDial(ext.sipUsername);
    await callee.answered;
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === callee.channelId);
    caller.hangup();
    const call = await h.finishedCall(caller.channelId);
    expect(call).to.include({ accountId: account.id, direction: 'inbound', toNumber: number.e164, disposition: 'answered', extensionId: ext.id });
    expect(call.answeredAt).to.be.instanceOf(Date);
    const legs = await h.legs(call.id);
    expect(legs.map((l) => l.role)).to.deep.equal(['caller', 'callee']);
    expect(legs[1].answeredAt).to.be.instanceOf(Date);
    await callee.ended;
    const plays = h.fake.requests.filter((r) => r.method === 'POST' && /\/play$/.test(r.path));
    expect(plays[0].query.media).to.equal('sound:hello-world');
  });
});
