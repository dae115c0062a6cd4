import { expect } from 'chai';
import { CallLeg } from '../../app/features/calls/entities';
import { SOUNDS } from '../../app/pbx/sounds';
import { randomMobile } from '../support/telephony-factories';
import { startTelephonyWorld, type TelephonyWorld } from '../support/telephony-world';
import type { PhoneCall, TestPhone } from '../support/world-phones';
import { numberRunning } from './support';

const WARNING = `sound:${SOUNDS.recordingWarning}`;
const dialExtension = (exten: string) => ({ start: 'ring', steps: { ring: { type: 'dial', target: { extension: exten }, ringSeconds: 20 } } });

describe('scenario suite: SIP phones', () => {
  let w: TelephonyWorld;
  before(async () => (w = await startTelephonyWorld()));
  after(() => w?.close());

  /** The channels' bridge once they are all in one (the engine's own ChannelEnteredBridge events). */
  const bridgedTogether = async (...channelIds: string[]): Promise<string> => {
    const entered = await Promise.all(channelIds.map((id) => w.log.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === id, 10_000)));
    const bridges = new Set(entered.map((e) => e.event.bridge.id as string));
    expect(bridges.size, 'one bridge').to.equal(1);
    return [...bridges][0];
  };

  const answer = async (phone: TestPhone): Promise<PhoneCall> => {
    const call = await phone.nextCall();
    call.sip.ring();
    await call.sip.answer();
    return call;
  };

  it('rings the extension a scenario dials; once its phone answers, caller and phone talk in one bridge and the call is answered by that extension', async () => {
    const { account, number } = await numberRunning(w, dialExtension('201'));
    const phone = await w.phone(account, '201', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const call = await answer(phone);
    const phoneChannel = await call.channelId();
    await bridgedTogether(caller.engineChannelId, phoneChannel);
    await caller.hangup();
    await call.sip.ended;
    const record = await w.finishedCall(caller);
    expect(record.disposition).to.equal('answered');
    const leg = await w.deps.db.getRepository(CallLeg).findOneByOrFail({ callId: record.id, channelId: phoneChannel });
    expect(leg).to.include({ role: 'callee', endpoint: `PJSIP/${phone.extension.sipUsername}` });
    expect(leg.answeredAt).to.be.instanceOf(Date);
  });

  it('on an account that records, the caller hears the warning in full before the phone rings, and the call is recorded only after it', async () => {
    const { account, number } = await numberRunning(w, dialExtension('202'), { recordCalls: true });
    const phone = await w.phone(account, '202', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const warned = await w.playbackFinished(caller, WARNING, 30_000);
    const call = await answer(phone);
    await bridgedTogether(caller.engineChannelId, await call.channelId());
    const record = await w.log.waitForRequest((r) => r.method === 'POST' && /^\/bridges\/[^/]+\/record$/.test(r.path), 10_000);
    expect(record.seq, 'record after the warning ended').to.be.greaterThan(warned.seq);
    expect(w.mediaPlayedTo(caller)[0]).to.equal(WARNING);
    await call.sip.hangup();
    const finished = await w.finishedCall(caller);
    expect(finished.consent).to.equal('accepted');
    expect(finished.recordingId).to.be.a('number');
  });

  it('when the phone holds the call, the caller hears music on hold until the phone resumes', async () => {
    const { account, number } = await numberRunning(w, dialExtension('203'));
    const phone = await w.phone(account, '203', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const call = await answer(phone);
    await bridgedTogether(caller.engineChannelId, await call.channelId());
    await call.sip.hold();
    await w.log.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${caller.engineChannelId}/moh`, 10_000);
    await call.sip.unhold();
    await w.log.waitForRequest((r) => r.method === 'DELETE' && r.path === `/channels/${caller.engineChannelId}/moh`, 10_000);
    await caller.hangup();
    await call.sip.ended;
  });

  it('when the phone blind-transfers the caller (REFER) to a colleague, the colleague rings and then talks with the caller, all in one call record', async () => {
    const { account, number } = await numberRunning(w, dialExtension('204'));
    const first = await w.phone(account, '204', { voicemailEnabled: false });
    const colleague = await w.phone(account, '205', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const call = await answer(first);
    await bridgedTogether(caller.engineChannelId, await call.channelId());
    await call.sip.blindTransfer('205');
    const second = await answer(colleague);
    await bridgedTogether(caller.engineChannelId, await second.channelId());
    await call.sip.ended;
    await second.sip.hangup();
    const record = await w.finishedCall(caller);
    const legs = await w.deps.db.getRepository(CallLeg).findBy({ callId: record.id });
    expect(legs.map((l) => l.endpoint)).to.include.members([`PJSIP/${first.extension.sipUsername}`, `PJSIP/${colleague.extension.sipUsername}`]);
  });

  it('when the phone consults a colleague and completes an attended transfer (REFER with Replaces), the caller talks with the colleague', async () => {
    const { account, number } = await numberRunning(w, dialExtension('206'));
    const first = await w.phone(account, '206', { voicemailEnabled: false });
    const colleague = await w.phone(account, '207', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const call = await answer(first);
    await bridgedTogether(caller.engineChannelId, await call.channelId());
    await call.sip.hold();
    const consult = await first.dial('207');
    const consulted = await answer(colleague);
    await consult.sip.answered;
    const colleagueChannel = await consulted.channelId();
    await bridgedTogether(await consult.channelId(), colleagueChannel);
    await call.sip.attendedTransfer(consult.sip);
    await w.log.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === colleagueChannel && e.event.bridge?.channels?.includes(caller.engineChannelId), 10_000);
    await call.sip.ended;
    await consulted.sip.hangup();
    await caller.ended;
  });

  it('when the phone keys *2<ext># during the call (RFC 4733), the caller is transferred to that extension', async () => {
    const { account, number } = await numberRunning(w, dialExtension('208'));
    const first = await w.phone(account, '208', { voicemailEnabled: false });
    const colleague = await w.phone(account, '209', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const call = await answer(first);
    await bridgedTogether(caller.engineChannelId, await call.channelId());
    await call.sip.dtmf('*2209#', { durationMs: 120, gapMs: 120 });
    const second = await answer(colleague);
    await bridgedTogether(caller.engineChannelId, await second.channelId());
    await call.sip.ended;
    await caller.hangup();
    await second.sip.ended;
  });

  it('when the phone keys *3<ext>#, it consults the colleague while the caller hears music, and * hands the caller over', async () => {
    const { account, number } = await numberRunning(w, dialExtension('211'));
    const first = await w.phone(account, '211', { voicemailEnabled: false });
    const colleague = await w.phone(account, '212', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const call = await answer(first);
    const callBridge = await bridgedTogether(caller.engineChannelId, await call.channelId());
    await call.sip.dtmf('*3212#', { durationMs: 120, gapMs: 120 });
    const consulted = await answer(colleague);
    const colleagueChannel = await consulted.channelId();
    const consult = await w.log.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === colleagueChannel, 10_000);
    expect(consult.event.bridge.id, 'a consultation bridge of its own').not.to.equal(callBridge);
    expect(consult.event.bridge.channels).to.have.members([await call.channelId(), colleagueChannel]);
    await w.log.waitForRequest((r) => r.method === 'POST' && r.path === `/bridges/${callBridge}/moh`, 10_000);
    await call.sip.dtmf('*', { durationMs: 120 });
    await w.log.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === colleagueChannel && e.event.bridge?.id === callBridge, 10_000);
    await call.sip.ended;
    await consulted.sip.hangup();
    await caller.ended;
  });

  it('a phone dialling a mobile number goes out through the carrier with the number in E.164; when the carrier answers, the call is an answered outbound call', async () => {
    const { account, number } = await numberRunning(w, dialExtension('210'));
    const phone = await w.phone(account, '210', { voicemailEnabled: false });
    const mobile = randomMobile();
    const call = await phone.dial(`8${mobile.slice(2)}`);
    const carrier = await w.carrierCall();
    expect(carrier.sip.requestUser).to.equal(mobile);
    carrier.sip.ring();
    await carrier.sip.answer();
    await call.sip.answered;
    const phoneChannel = await call.channelId();
    await bridgedTogether(phoneChannel, await carrier.channelId());
    await carrier.sip.hangup();
    await call.sip.ended;
    const record = await w.finishedCall(phoneChannel);
    expect(record).to.include({ direction: 'outbound', disposition: 'answered', toNumber: mobile });
  });
});
