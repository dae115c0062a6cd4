import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { Recording } from '../../app/features/recordings/entities';
import { DIALPLAN_CONTEXTS } from '../../app/pbx/contract';
import { SOUNDS } from '../../app/pbx/sounds';
import type { Phone } from '../support/fake-asterisk';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';
import { addTransfersContext, answers, buildOffice, callOf, finished, inBridgeWith, talkingPhaseOf, uniqueChannelId } from './transfer-support';

describe('transfers of a recorded call', () => {
  let h: PbxHarness;
  before(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
    h.fake.sounds.add(SOUNDS.recordingWarning, 1);
    addTransfersContext(h);
  });
  after(() => h.close());

  /** A recorded inbound call from outside answered by bob, talking, with the recording running. */
  async function recordedCallToBob() {
    const office = await buildOffice(h);
    await h.deps.db.query('UPDATE accounts SET record_calls = 1 WHERE id = ?', [office.account.id]);
    const scenario = await buildScenario(h.deps.db, office.account as Account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: office.bob.exten } } } });
    const number = await buildNumber(h.deps.db, office.account as Account, scenario);
    answers(h, office.bob);
    answers(h, office.carol);
    const caller = h.fake.callIntoStasis({ app: h.app, channelId: uniqueChannelId(), args: ['inbound', number.e164.slice(1)], callerNumber: randomMobile(), endpoint: 'carrier' });
    const phone = await h.fake.waitForDial(office.bob.sipUsername, 5000);
    const bridgeId = await inBridgeWith(h, caller, phone);
    const call = await callOf(h, caller.channelId);
    const started = await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `bridge:${bridgeId}`, 5000);
    await talkingPhaseOf(h, phone);
    return { ...office, caller, phone, call, bridgeId, recordingName: String(started.event.recording?.name) };
  }

  const finishedRecording = (name: string) => h.fake.waitForEvent((e) => e.type === 'RecordingFinished' && e.event.recording?.name === name, 5000);

  it('given a recorded inbound call, when bob transfers the caller by *2 to a colleague\'s phone, then the recording goes on with the colleague, as with bob', async () => {
    const { caller, phone, call, carol, recordingName } = await recordedCallToBob();
    await phone.dtmf('*2203#');
    const colleague = await h.fake.waitForDial(carol.sipUsername);
    await inBridgeWith(h, caller, colleague);
    const joined = await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === colleague.channelId, 5000);
    await new Promise((r) => setTimeout(r, 200));
    caller.hangup();
    await colleague.ended;
    const stopped = await finishedRecording(recordingName);
    expect(stopped.seq, 'the recording ran on after the colleague joined').to.be.above(joined.seq);
    const record = await finished(h, call.id);
    expect(record.consent).to.equal('accepted');
    const recording = await h.deps.db.getRepository(Recording).findOneByOrFail({ id: record.recordingId! });
    expect(recording.state).to.equal('done');
  });

  it('given a recorded inbound call, when bob\'s phone transfers the caller by REFER (a Local channel that may lead anywhere), then the recording stops as the Local half joins, before the target is rung, and the caller then talks with the target', async () => {
    const { caller, phone, carol, bridgeId, recordingName } = await recordedCallToBob();
    (phone as Phone).blindTransfer(carol.exten, { context: DIALPLAN_CONTEXTS.transfers });
    const local = await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.bridge?.id === bridgeId && String(e.event.channel?.name).startsWith('Local/'), 5000);
    const stop = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/recordings/live/${encodeURIComponent(recordingName)}/stop`, 5000);
    const ring = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === '/channels' && String(r.query.endpoint) === `PJSIP/${carol.sipUsername}`, 5000);
    expect(stop.seq, 'stopped once the Local half was in').to.be.above(local.seq);
    expect(stop.seq, 'stopped before the target rang').to.be.below(ring.seq);
    await finishedRecording(recordingName);
    const colleague = await h.fake.waitForDial(carol.sipUsername);
    await inBridgeWith(h, caller, colleague);
    caller.hangup();
    await colleague.ended;
  });
});
