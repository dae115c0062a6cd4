import { expect } from 'chai';
import { Call } from '../../app/features/calls/entities';
import { VoicemailMessage } from '../../app/features/voicemail/entities';
import { SOUNDS } from '../../app/pbx/sounds';
import { buildExtension, randomMobile } from '../support/telephony-factories';
import { startTelephonyWorld, type TelephonyWorld } from '../support/telephony-world';
import { until } from '../support/until';
import { numberRunning } from './support';

const WARNING = `sound:${SOUNDS.recordingWarning}`;

describe('scenario suite: voicemail and the recording warning', () => {
  let w: TelephonyWorld;
  before(async () => {
    w = await startTelephonyWorld();
    // Long enough to press a key in it (the fake's clock runs fast; a real warning lasts seconds).
    if (w.fake) w.fake.sounds.add(SOUNDS.recordingWarning, 60);
  });
  after(() => w?.close());

  const voicemailMessageOf = async (callId: number) => until(() => w.deps.db.getRepository(VoicemailMessage).findOneBy({ callId }), 15_000, 'the voicemail message');

  it('keeps a voicemail message with the caller and time after the greeting and the tone', async () => {
    const from = randomMobile();
    const { account, number } = await numberRunning(w, { start: 'vm', steps: { vm: { type: 'voicemail', box: 'shared', greeting: { sound: 'vm-intro' } } } });
    const caller = await w.callIn(number, from);
    await w.log.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `channel:${caller.engineChannelId}`, 15_000);
    await caller.hangup();
    const call = await w.finishedCall(caller);
    const message = await voicemailMessageOf(call.id);
    expect(message).to.include({ accountId: account.id, box: 'shared', callerNumber: from });
    expect(call.disposition).to.equal('voicemail');
    expect(w.mediaPlayedTo(caller)[0]).to.equal('sound:vm-intro');
  });

  it('given a dial step to an extension whose phone is not registered, goes on to the next step (here its voicemail box)', async () => {
    const { account, number } = await numberRunning(w, {
      start: 'ring',
      steps: { ring: { type: 'dial', target: { extension: '151' }, ringSeconds: 5, next: 'vm' }, vm: { type: 'voicemail', box: 'ext-151' } },
    });
    const ext = await buildExtension(w.deps.db, account, '151');
    const caller = await w.callIn(number);
    await w.log.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `channel:${caller.engineChannelId}`, 15_000);
    await caller.hangup();
    const call = await w.finishedCall(caller);
    expect(await voicemailMessageOf(call.id)).to.include({ accountId: account.id, box: `ext-${ext.exten}` });
  });

  it('plays the recording warning before anything else on a recorded account; the decline key is honoured and nothing is recorded', async () => {
    const { account, number } = await numberRunning(w, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '152' }, ringSeconds: 5 } } }, { recordCalls: true });
    await buildExtension(w.deps.db, account, '152', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    await w.playbackStarted(caller, WARNING);
    await caller.press(account.recordingDeclineDigit || '9');
    await caller.ended;
    const call = await w.finishedCall(caller);
    expect(call.consent).to.equal('declined');
    expect(w.mediaPlayedTo(caller)[0]).to.equal(WARNING);
    expect(w.log.requests.some((r) => r.method === 'POST' && /\/record$/.test(r.path) && r.query.name?.startsWith(`calls/${account.id}/`)), 'no call recording').to.equal(false);
  });

  it('ends the warning when the caller hangs up in it: consent hung_up, nobody is rung', async () => {
    const { account, number } = await numberRunning(w, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '153' }, ringSeconds: 5 } } }, { recordCalls: true });
    const ext = await buildExtension(w.deps.db, account, '153');
    const caller = await w.callIn(number);
    await w.playbackStarted(caller, WARNING);
    await caller.hangup();
    const call = await w.finishedCall(caller);
    expect(call.consent).to.equal('hung_up');
    expect(w.log.requests.some((r) => r.method === 'POST' && r.path === '/channels' && String(r.query.endpoint).includes(ext.sipUsername)), 'nobody rung').to.equal(false);
    expect(await w.deps.db.getRepository(Call).countBy({ id: call.id, state: 'ended' })).to.equal(1);
  });
});
