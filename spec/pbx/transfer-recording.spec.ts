import { expect } from 'chai';
import { SOUNDS } from '../../app/pbx/sounds';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';
import { answers, buildOffice, callOf, finished, inBridgeWith, talkingPhaseOf, uniqueChannelId } from './transfer-support';

describe('transfers of a recorded call', () => {
  let h: PbxHarness;
  before(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
    h.fake.sounds.add(SOUNDS.recordingWarning, 1);
  });
  after(() => h.close());

  it('given a recorded inbound call, when the phone transfers the caller by *2 to a colleague who heard no warning, then the recording is stopped before the colleague joins', async () => {
    const { account, bob, carol } = await buildOffice(h);
    await h.deps.db.query('UPDATE accounts SET record_calls = 1 WHERE id = ?', [account.id]);
    const scenario = await buildScenario(h.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: bob.exten } } } });
    const number = await buildNumber(h.deps.db, account, scenario);
    answers(h, bob);
    answers(h, carol);
    const caller = h.fake.callIntoStasis({ app: h.app, channelId: uniqueChannelId(), args: ['inbound', number.e164.slice(1)], callerNumber: randomMobile(), endpoint: 'carrier' });
    const phone = await h.fake.waitForDial(bob.sipUsername, 5000);
    await inBridgeWith(h, caller, phone);
    const call = await callOf(h, caller.channelId);
    const started = await h.fake.waitForEvent((e) => e.type === 'RecordingStarted', 5000);
    await talkingPhaseOf(h, phone);

    await phone.dtmf('*2203#');
    const colleague = await h.fake.waitForDial(carol.sipUsername);
    await inBridgeWith(h, caller, colleague);

    const stopped = await h.fake.waitForEvent((e) => e.type === 'RecordingFinished' && e.event.recording?.name === started.event.recording?.name, 5000);
    const joined = await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === colleague.channelId, 5000);
    expect(stopped.seq, 'recording finished before the colleague entered the bridge').to.be.below(joined.seq);
    caller.hangup();
    await colleague.ended;
    const record = await finished(h, call.id);
    expect(record.consent).to.equal('accepted');
    expect(record.recordingId).to.be.a('number');
  });
});
