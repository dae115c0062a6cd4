import { expect } from 'chai';
import { CHANNEL_VARS, DIALPLAN_CONTEXTS } from '../../app/pbx/contract';
import { TRANSFER_SOUNDS } from '../../app/pbx/transfer/sounds';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { addTransfersContext, answers, buildOffice, callOf, finished, inBridgeWith, mediaPlayedTo, requestsTo, talking, until } from './transfer-support';

describe('blind transfer', () => {
  let h: PbxHarness;
  before(async () => {
    h = await startPbxHarness();
    addTransfersContext(h);
  });
  after(() => h.close());

  it('given alice talking with bob, when bob\'s phone blind-transfers her to 203 (REFER), then she talks with carol in the same bridge, bob is let go, and it stays one call record', async () => {
    const { bob, carol, alice } = await buildOffice(h);
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    const transferContext = await h.fake.waitForRequest((r) => r.path === `/channels/${callee.channelId}/variable` && r.query.variable === CHANNEL_VARS.transferContext);
    expect(transferContext.query.value, 'the rung phone\'s REFERs go to the transfers context').to.equal(DIALPLAN_CONTEXTS.transfers);
    answers(h, carol);

    callee.blindTransfer('203', { context: DIALPLAN_CONTEXTS.transfers });
    const target = await h.fake.waitForDial(carol.sipUsername);
    const bridge = await inBridgeWith(h, caller, target);

    expect(bridge).to.equal(`call-${call.id}`);
    await callee.ended;
    expect(h.fake.channels().filter((c) => c.name.startsWith('Local/')), 'the Local pair is gone').to.deep.equal([]);
    caller.hangup();
    await target.ended;
    const record = await finished(h, call.id);
    expect(record.disposition).to.equal('answered');
    const legs = await h.legs(call.id);
    expect(legs.map((l) => l.role).sort()).to.deep.equal(['callee', 'caller', 'local', 'local', 'transfer']);
    expect(legs.find((l) => l.role === 'transfer')).to.include({ channelId: target.channelId, endpoint: `PJSIP/${carol.sipUsername}` });
    expect(legs.every((l) => l.endedAt instanceof Date)).to.equal(true);
    const halves = legs.filter((l) => l.role === 'local').map((l) => l.channelId);
    // Fakes reuse channel ids across spec files, so only this harness's node counts.
    const records: { n: number }[] = await h.deps.db.query(
      'SELECT COUNT(DISTINCT l.call_id) AS n FROM call_legs l JOIN calls c ON c.id = l.call_id WHERE c.node = ? AND l.channel_id IN (?)',
      [h.pbx.nodes[0].node.name, halves],
    );
    expect(Number(records[0].n), 'the Local half in Stasis(transferred) opened no second call').to.equal(1);
  });

  it('given alice talking with bob, when bob keys *2203#, then bob is hung up, alice hears music while carol rings, and then talks with carol', async () => {
    const { bob, carol, alice } = await buildOffice(h);
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    answers(h, carol, { action: 'answer', afterMs: 300 });

    await callee.dtmf('*2203#');
    await callee.ended;
    const target = await h.fake.waitForDial(carol.sipUsername);
    await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/bridges/call-${call.id}/moh`);
    await inBridgeWith(h, caller, target);

    expect(requestsTo(h, 'DELETE', `/bridges/call-${call.id}/moh`)).to.have.length(1);
    target.hangup();
    await caller.ended;
    await finished(h, call.id);
    expect((await h.legs(call.id)).map((l) => l.role)).to.deep.equal(['caller', 'callee', 'transfer']);
  });

  it('given a transfer by feature code to an extension that does not answer, then the transferee hears that nobody is available and the call ends', async () => {
    const { bob, carol, alice } = await buildOffice(h, { forwardNoAnswerSeconds: 2 });
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    answers(h, carol, 'ring');

    await callee.dtmf('*2203#');
    const target = await h.fake.waitForDial(carol.sipUsername);
    await target.ended;
    await caller.ended;

    expect(mediaPlayedTo(h, caller.channelId)).to.deep.equal([`sound:${TRANSFER_SOUNDS.targetUnavailable}`]);
    await finished(h, call.id);
    const leg = (await h.legs(call.id)).find((l) => l.role === 'transfer');
    expect(leg).to.include({ channelId: target.channelId, answeredAt: null, hangupCause: 19 });
  });

  it('given carol ringing for a transfer, when alice (the transferee) hangs up, then carol\'s phone stops ringing and the record is finished', async () => {
    const { bob, carol, alice } = await buildOffice(h);
    const { caller, callee } = await talking(h, alice, bob);
    const call = await callOf(h, caller.channelId);
    answers(h, carol, 'ring');

    await callee.dtmf('*2203#');
    const target = await h.fake.waitForDial(carol.sipUsername);
    caller.hangup();

    await target.ended;
    const record = await finished(h, call.id);
    expect(record.disposition).to.equal('answered');
    expect((await h.legs(call.id)).every((l) => l.endedAt instanceof Date)).to.equal(true);
  });

  it('given a caller from outside, when the caller keys *2203#, then nothing is transferred: only the account\'s phones may', async () => {
    const { bob, carol, alice } = await buildOffice(h);
    const { caller, callee } = await talking(h, alice, bob);
    await h.deps.db.query('UPDATE extensions SET sip_username = ? WHERE id = ?', [`gone-${alice.id}`, alice.id]);
    answers(h, carol);

    await caller.dtmf('*2203#');
    await until(() => (h.fake.channel(caller.channelId) ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));

    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path === '/channels' && r.query.endpoint === `PJSIP/${carol.sipUsername}`)).to.equal(false);
    await inBridgeWith(h, caller, callee);
    caller.hangup();
    await callee.ended;
    await finished(h, (await callOf(h, caller.channelId)).id);
  });
});
