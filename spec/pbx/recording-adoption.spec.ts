import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { CallLeg } from '../../app/features/calls/entities';
import { Recording } from '../../app/features/recordings/entities';
import { CHANNEL_VARS, DIALPLAN_CONTEXTS } from '../../app/pbx/contract';
import { CallConsent } from '../../app/pbx/recording/consent';
import { isGenuine, reissueTokens } from '../../app/pbx/recording/warning';
import { startPbx, type PbxRole } from '../../app/pbx/role';
import { SOUNDS } from '../../app/pbx/sounds';
import type { Phone } from '../support/fake-asterisk';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';
import { addTransfersContext, answers, buildOffice, callOf, finished, inBridgeWith, requestsTo, talkingPhaseOf, uniqueChannelId, until } from './transfer-support';

const WARNING = `sound:${SOUNDS.recordingWarning}`;
const RECORD_REQUEST = /^\/bridges\/[^/]+\/record$/;

describe('recording consent of a call the engine takes over after a restart', () => {
  let h: PbxHarness;
  let second: PbxRole | undefined;
  beforeEach(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
    h.fake.sounds.add(SOUNDS.recordingWarning, 1);
    addTransfersContext(h);
  });
  afterEach(async () => {
    await second?.stop();
    second = undefined;
    await h.close();
  });

  /** A recorded inbound call from outside answered by bob (202), talking; the caller declines the warning when asked to. */
  async function inboundCallToBob(opts: { decline?: boolean } = {}) {
    const office = await buildOffice(h);
    await h.deps.db.query('UPDATE accounts SET record_calls = 1 WHERE id = ?', [office.account.id]);
    const scenario = await buildScenario(h.deps.db, office.account as Account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: office.bob.exten } } } });
    const number = await buildNumber(h.deps.db, office.account as Account, scenario);
    answers(h, office.bob);
    answers(h, office.carol);
    const caller = h.fake.callIntoStasis({ app: h.app, channelId: uniqueChannelId(), args: ['inbound', number.e164.slice(1)], callerNumber: randomMobile(), endpoint: 'carrier' });
    if (opts.decline) {
      await h.fake.waitForRequest((r) => r.path === `/channels/${caller.channelId}/play` && r.query.media === WARNING, 5000);
      await caller.dtmf('9');
    }
    const phone = await h.fake.waitForDial(office.bob.sipUsername, 5000);
    await inBridgeWith(h, caller, phone);
    const call = await callOf(h, caller.channelId);
    await talkingPhaseOf(h, phone);
    return { ...office, caller, phone, call };
  }

  /**
   * Stops the engine mid-call and starts a new process on the same database; resolves once it has
   * taken the call over and its talking phase began (it points bob's phone at the transfers context again).
   */
  async function restart(phone: Phone): Promise<number> {
    await h.pbx.stop();
    const mark = h.fake.seq;
    const role = (second = startPbx(h.deps));
    await until(() => (role.nodes[0].dispatcher.activeCalls === 1 ? true : undefined));
    await h.fake.waitForRequest((r) => r.seq > mark && r.path === `/channels/${phone.channelId}/variable` && r.query.variable === CHANNEL_VARS.transferContext, 5000);
    return mark;
  }

  const recordingEvent = (type: string, name: string, afterSeq = 0) =>
    h.fake.waitForEvent((e) => e.type === type && e.event.recording?.name === name, 5000, afterSeq);

  const callerWarning = async (callId: number, channelId: string) =>
    (await h.deps.db.getRepository(CallLeg).findOneByOrFail({ callId, channelId })).warning;

  it('given a recorded call whose caller heard the warning, when the engine restarts and bob then transfers the caller by *2 to carol, then a new recording starts on the restored consent and runs on with carol to the end', async () => {
    const { caller, phone, call, carol, account } = await inboundCallToBob();
    const firstName = `calls/${account.id}/${call.id}`;
    await recordingEvent('RecordingStarted', firstName);
    expect(await callerWarning(call.id, caller.channelId), 'the record keeps who heard the warning').to.equal('heard');

    const mark = await restart(phone);
    // The recording the stopped process started is ended; this process records anew on the consent it restored.
    await recordingEvent('RecordingFinished', firstName, mark);
    const resumed = await recordingEvent('RecordingStarted', `${firstName}-2`, mark);

    await phone.dtmf('*2203#');
    const colleague = await h.fake.waitForDial(carol.sipUsername, 5000);
    await inBridgeWith(h, caller, colleague);
    const joined = await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === colleague.channelId, 5000);
    await new Promise((r) => setTimeout(r, 200));
    caller.hangup();
    await colleague.ended;
    const stopped = await recordingEvent('RecordingFinished', `${firstName}-2`, resumed.seq);
    expect(stopped.seq, 'the new recording ran on after carol joined').to.be.above(joined.seq);

    const record = await finished(h, call.id);
    expect(record).to.include({ consent: 'accepted', disposition: 'answered' });
    const rows = await until(async () => {
      const all = await h.deps.db.getRepository(Recording).find({ where: { callId: call.id }, order: { id: 'ASC' } });
      return all.every((r) => r.state !== 'recording') ? all : undefined;
    });
    expect(rows.map((r) => [r.asteriskName, r.state])).to.deep.equal([[firstName, 'done'], [`${firstName}-2`, 'done']]);
    expect(record.recordingId).to.equal(rows[1].id);
  });

  it('given a call taken over and recorded anew, when bob\'s phone transfers the caller by REFER (a Local channel that may lead anywhere), then this process stops the new recording while the caller is still on the line', async () => {
    const { caller, phone, call, carol, account } = await inboundCallToBob();
    const firstName = `calls/${account.id}/${call.id}`;
    await recordingEvent('RecordingStarted', firstName);
    const mark = await restart(phone);
    const resumed = await recordingEvent('RecordingStarted', `${firstName}-2`, mark);

    phone.blindTransfer(carol.exten, { context: DIALPLAN_CONTEXTS.transfers });
    await recordingEvent('RecordingFinished', `${firstName}-2`, resumed.seq);
    expect(caller.alive, 'stopped by the transfer, not by the end of the call').to.equal(true);
    caller.hangup();
    await finished(h, call.id);
    expect(requestsTo(h, 'POST', RECORD_REQUEST).filter((r) => r.seq > mark), 'recorded anew once, not again after the transfer').to.have.length(1);
  });

  it('given a call whose caller declined the warning, when the engine restarts and bob transfers the caller by *2 to carol, then nothing is recorded at any point and the record stays declined', async () => {
    const { caller, phone, call, carol } = await inboundCallToBob({ decline: true });
    expect(await callerWarning(call.id, caller.channelId)).to.equal('declined');

    await restart(phone);
    await phone.dtmf('*2203#');
    const colleague = await h.fake.waitForDial(carol.sipUsername, 5000);
    await inBridgeWith(h, caller, colleague);
    await new Promise((r) => setTimeout(r, 200));
    caller.hangup();
    await colleague.ended;

    const record = await finished(h, call.id);
    expect(record).to.include({ consent: 'declined', recordingId: null });
    expect(requestsTo(h, 'POST', RECORD_REQUEST), 'no record request, before or after the restart').to.deep.equal([]);
    expect(await h.deps.db.getRepository(Recording).countBy({ callId: call.id })).to.equal(0);
  });

  it('given a recorded call whose record does not show the caller heard the warning, when the engine takes it over, then the earlier recording ends and none starts again, not even once carol is bridged in', async () => {
    const { caller, phone, call, carol, account } = await inboundCallToBob();
    const firstName = `calls/${account.id}/${call.id}`;
    await recordingEvent('RecordingStarted', firstName);
    // As for a party that never heard it: no stored 'heard', so no token can be re-issued.
    await h.deps.db.query('UPDATE call_legs SET warning = NULL WHERE call_id = ? AND channel_id = ?', [call.id, caller.channelId]);

    const mark = await restart(phone);
    await recordingEvent('RecordingFinished', firstName, mark);
    await phone.dtmf('*2203#');
    const colleague = await h.fake.waitForDial(carol.sipUsername, 5000);
    await inBridgeWith(h, caller, colleague);
    await new Promise((r) => setTimeout(r, 200));
    caller.hangup();
    await colleague.ended;

    await finished(h, call.id);
    expect(requestsTo(h, 'POST', RECORD_REQUEST).filter((r) => r.seq > mark), 'no record request after the restart').to.deep.equal([]);
    const rows = await h.deps.db.getRepository(Recording).find({ where: { callId: call.id } });
    expect(rows.map((r) => [r.asteriskName, r.state])).to.deep.equal([[firstName, 'done']]);
  });
});

describe('restoring consent from the call record', () => {
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness()));
  after(() => h.close());

  /** A call record with one leg per channel, each with the warning outcome the record keeps. */
  async function callWithWarnings(warnings: Record<string, string | null>): Promise<number> {
    const result: { insertId: number } = await h.deps.db.query(
      "INSERT INTO calls (direction, node, channel_id, started_at) VALUES ('inbound', 'spec', ?, NOW(3))",
      [uniqueChannelId()],
    );
    for (const [channelId, warning] of Object.entries(warnings)) {
      await h.deps.db.query("INSERT INTO call_legs (call_id, channel_id, role, started_at, warning) VALUES (?, ?, 'callee', NOW(3), ?)", [result.insertId, channelId, warning]);
    }
    return result.insertId;
  }

  it('re-issues genuine tokens only for parties the record shows heard the warning in full and that are still in the call', async () => {
    const callId = await callWithWarnings({ heard: 'heard', gone: 'heard', declined: 'declined', failed: 'warning_failed', never: null });
    const tokens = await reissueTokens(h.deps.db, callId, ['heard', 'declined', 'failed', 'never']);
    expect(tokens.map((t) => t.channelId)).to.deep.equal(['heard']);
    expect(isGenuine(tokens[0], callId, 'heard')).to.equal(true);
    expect(isGenuine(tokens[0], callId + 1)).to.equal(false);
    expect(await reissueTokens(h.deps.db, callId, [])).to.deep.equal([]);
  });

  it('keeps a refusal whatever tokens there are, and blocks recording while an outside party holds none', async () => {
    const callId = await callWithWarnings({ caller: 'heard', party: null });
    const tokens = await reissueTokens(h.deps.db, callId, ['caller', 'party']);

    const declined = new CallConsent();
    declined.restore('declined', tokens, ['caller']);
    expect(declined).to.include({ ready: false, refused: true, outcome: 'declined' });

    const unheard = new CallConsent();
    unheard.restore('accepted', tokens, ['caller', 'party']);
    expect(unheard.ready, 'party never heard the warning').to.equal(false);

    const accepted = new CallConsent();
    accepted.restore('accepted', tokens, ['caller']);
    expect(accepted).to.include({ ready: true, outcome: 'accepted' });
    expect(accepted.proof()).to.deep.equal({ tokens, mustHear: ['caller'] });
  });
});
