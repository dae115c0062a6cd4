import { expect } from 'chai';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { answers, buildOffice, callOf, finished, inBridgeWith, requestsTo, talking, until } from './transfer-support';

describe('attended transfer', () => {
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness()));
  after(() => h.close());

  it('given alice holding bob and talking with carol on a second call, when her phone completes the attended transfer (REFER with Replaces), then bob talks with carol in the first call\'s bridge and the second call ends', async () => {
    const { alice, bob, carol } = await buildOffice(h);
    const first = await talking(h, alice, bob);
    const call1 = await callOf(h, first.caller.channelId);
    first.caller.hold();
    const second = await talking(h, alice, carol);
    const call2 = await callOf(h, second.caller.channelId);

    first.caller.attendedTransfer(second.caller);
    const bridge = await inBridgeWith(h, first.callee, second.callee);

    expect(bridge).to.equal(`call-${call1.id}`);
    await Promise.all([first.caller.ended, second.caller.ended]);
    const ended2 = await finished(h, call2.id);
    expect(ended2.disposition).to.equal('answered');
    expect(h.fake.channels().filter((c) => c.name.startsWith('Local/')), 'the Local pair linking the bridges is gone').to.deep.equal([]);
    expect(h.fake.bridges().map((b) => b.id)).not.to.include(`call-${call2.id}`);
    first.callee.hangup();
    await second.callee.ended;
    await finished(h, call1.id);
    const legs = await h.legs(call1.id);
    expect(legs.map((l) => l.role).sort()).to.deep.equal(['callee', 'caller', 'local', 'transfer']);
    expect(legs.find((l) => l.role === 'transfer')).to.include({ channelId: second.callee.channelId });
    expect(legs.every((l) => l.endedAt instanceof Date)).to.equal(true);
  });

  it('given alice talking with bob, when bob keys *3203#, consults carol and presses *, then alice talks with carol and bob is let go', async () => {
    const { alice, bob, carol } = await buildOffice(h);
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    answers(h, carol);

    await callee.dtmf('*3203#');
    const target = await h.fake.waitForDial(carol.sipUsername);
    const consult = await inBridgeWith(h, callee, target);
    expect(consult).to.match(new RegExp(`^consult-${call.id}-`));
    expect(h.fake.bridges().find((b) => b.id === `call-${call.id}`)?.channels).to.deep.equal([caller.channelId]);
    expect(requestsTo(h, 'POST', `/bridges/call-${call.id}/moh`), 'alice hears music while bob consults').to.have.length(1);

    await callee.dtmf('*');
    await inBridgeWith(h, caller, target);
    await callee.ended;
    expect(requestsTo(h, 'DELETE', `/bridges/call-${call.id}/moh`)).to.have.length(1);
    await until(() => (h.fake.bridges().some((b) => b.id === consult) ? undefined : true));
    caller.hangup();
    await target.ended;
    await finished(h, call.id);
    expect((await h.legs(call.id)).map((l) => l.role)).to.deep.equal(['caller', 'callee', 'transfer']);
  });

  it('given bob consulting carol, when bob presses #, then carol is hung up and bob is back with alice', async () => {
    const { alice, bob, carol } = await buildOffice(h);
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    answers(h, carol);

    await callee.dtmf('*3203#');
    const target = await h.fake.waitForDial(carol.sipUsername);
    await inBridgeWith(h, callee, target);
    await callee.dtmf('#');

    await target.ended;
    expect(await inBridgeWith(h, caller, callee)).to.equal(`call-${call.id}`);
    callee.hangup();
    await caller.ended;
    await finished(h, call.id);
  });

  it('given bob consulting carol, when bob hangs up, then the transfer completes: alice talks with carol', async () => {
    const { alice, bob, carol } = await buildOffice(h);
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    answers(h, carol);

    await callee.dtmf('*3203#');
    const target = await h.fake.waitForDial(carol.sipUsername);
    await inBridgeWith(h, callee, target);
    callee.hangup();

    expect(await inBridgeWith(h, caller, target)).to.equal(`call-${call.id}`);
    target.hangup();
    await caller.ended;
    await finished(h, call.id);
  });

  it('given bob asking for carol by *3203#, when carol does not answer, then bob is back with alice', async () => {
    const { alice, bob, carol } = await buildOffice(h, { forwardNoAnswerSeconds: 2 });
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    answers(h, carol, 'ring');

    await callee.dtmf('*3203#');
    const target = await h.fake.waitForDial(carol.sipUsername);
    await target.ended;

    expect(await inBridgeWith(h, caller, callee)).to.equal(`call-${call.id}`);
    expect(requestsTo(h, 'DELETE', `/bridges/call-${call.id}/moh`)).to.have.length(1);
    caller.hangup();
    await callee.ended;
    await finished(h, call.id);
  });
});
