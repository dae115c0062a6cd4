import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { Call } from '../../../app/features/calls/entities';
import { Notification } from '../../../app/features/notifications/entities';
import { Recording } from '../../../app/features/recordings/entities';
import { checkStorage } from '../../../app/jobs/check-storage';
import { SOUNDS } from '../../../app/pbx/sounds';
import type { Phone } from '../../support/fake-asterisk';
import { buildAccountWithOwner } from '../../support/factories';
import { startPbxHarness, type PbxHarness } from '../../support/pbx';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../../support/telephony-factories';
import { until } from '../../support/until';
import { buildRecording } from './support';

const WARNING = `sound:${SOUNDS.recordingWarning}`;

describe('storage: a full quota stops new call recordings, not calls (engine against the fake Asterisk)', () => {
  let h: PbxHarness;
  before(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
    h.fake.sounds.add(SOUNDS.recordingWarning, 60);
  });
  after(() => h.close());

  /** An inbound call to a recording account whose scenario rings extension 101, which answers. */
  async function callExtension(acc: Account): Promise<{ caller: Phone; callee: Phone }> {
    const ext = await buildExtension(h.deps.db, acc, '101');
    h.fake.addEndpoint(ext.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
    const scenario = await buildScenario(h.deps.db, acc, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '101' } } } });
    const number = await buildNumber(h.deps.db, acc, scenario);
    const caller = h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164], callerNumber: randomMobile(), endpoint: 'carrier' });
    const callee = await h.fake.waitForDial(ext.sipUsername, 5000);
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === callee.channelId, 5000);
    return { caller, callee };
  }

  const warningsPlayedTo = (phone: Phone) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${phone.channelId}/play` && r.query.media === WARNING);
  const recordRequestsOf = (callId: number) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/bridges/call-${callId}/record`);
  const callOf = async (phone: Phone) => (await h.deps.db.getRepository(Call).findOneByOrFail({ channelId: phone.channelId })).id;
  const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

  it('given the quota is used up, when a recorded call is answered, then the caller hears the warning in full and the call is bridged, but nothing is recorded; the owner is told', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', recordCalls: true, storageQuotaBytes: 100_000 });
    await buildRecording(h.deps.db, account, { sizeBytes: 100_000 });
    const { caller, callee } = await callExtension(account);
    expect(warningsPlayedTo(caller), 'the warning is unchanged').to.have.length(1);
    const finished = await h.fake.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${caller.channelId}`, 5000);
    expect(finished.event.playback?.state, 'heard to its end').to.equal('done');
    await settle();
    const callId = await callOf(caller);
    expect(recordRequestsOf(callId), 'no record request').to.deep.equal([]);
    expect(caller.alive && callee.alive, 'the call goes on').to.equal(true);
    caller.hangup();
    const row = await h.finishedCall(caller.channelId);
    expect(row).to.include({ consent: 'accepted', recordingId: null, disposition: 'answered' });
    expect(await h.deps.db.getRepository(Recording).countBy({ accountId: account.id, kind: 'call', callId })).to.equal(0);
    await checkStorage.run(h.deps);
    const notices = await h.deps.db.getRepository(Notification).findBy({ accountId: account.id });
    expect(notices.map((n) => n.kind)).to.deep.equal(['storage_full']);
  });

  it('given room in the quota, then the call is recorded and the finished recording gets its size from the duration (8 kHz 16-bit WAV)', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', recordCalls: true, storageQuotaBytes: 100_000_000 });
    const { caller } = await callExtension(account);
    const callId = await callOf(caller);
    await until(() => (recordRequestsOf(callId).length ? true : undefined), 5000, 'the record request');
    await settle(1100);
    caller.hangup();
    const row = await h.finishedCall(caller.channelId);
    const recording = await until(async () => {
      const r = await h.deps.db.getRepository(Recording).findOneByOrFail({ id: row.recordingId! });
      return r.state === 'recording' ? undefined : r;
    }, 8000, 'the recording row to be final');
    expect(recording.state).to.equal('done');
    expect(recording.durationSeconds).to.be.at.least(1);
    expect(Number(recording.sizeBytes)).to.equal(44 + recording.durationSeconds! * 16_000);
  });
});
