import { expect } from 'chai';
import { SOUNDS } from '../../app/pbx/sounds';
import { buildAccountWithOwner } from '../support/factories';
import { buildNumber, buildRingGroup, buildScenario, randomMobile } from '../support/telephony-factories';
import { startTelephonyWorld, type TelephonyWorld } from '../support/telephony-world';
import type { PhoneCall, TestPhone } from '../support/world-phones';
import { numberRunning } from './support';

const WARNING = `sound:${SOUNDS.recordingWarning}`;
const dialExtension = (exten: string) => ({ start: 'ring', steps: { ring: { type: 'dial', target: { extension: exten }, ringSeconds: 20 } } });

describe('scenario suite: phone features (forwarding, ring groups, internal and recorded outbound calls)', () => {
  let w: TelephonyWorld;
  before(async () => {
    w = await startTelephonyWorld();
    // Long enough to press a key in it (the fake's clock runs fast; a real warning lasts seconds).
    if (w.fake) w.fake.sounds.add(SOUNDS.recordingWarning, 60);
  });
  after(() => w?.close());

  const answer = async (phone: TestPhone | PhoneCall): Promise<PhoneCall> => {
    const call = 'sip' in phone && 'nextCall' in phone ? await phone.nextCall() : (phone as PhoneCall);
    call.sip.ring();
    await call.sip.answer();
    return call;
  };
  const enteredBridge = (channelId: string) => w.log.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === channelId, 10_000);
  const bridgedTogether = async (a: string, b: string) => {
    const [x, y] = await Promise.all([enteredBridge(a), enteredBridge(b)]);
    expect(x.event.bridge.id, 'one bridge').to.equal(y.event.bridge.id);
    return x.event.bridge.id as string;
  };
  const recordRequests = () => w.log.requests.filter((r) => r.method === 'POST' && /^\/bridges\/[^/]+\/record$/.test(r.path));

  it('a phone calls a colleague\'s extension: the colleague\'s phone rings, answers, and the call is an answered internal call', async () => {
    const { account } = await numberRunning(w, dialExtension('220'));
    const alice = await w.phone(account, '221', { voicemailEnabled: false });
    const bob = await w.phone(account, '222', { voicemailEnabled: false });
    const call = await alice.dial('222');
    const rung = await answer(bob);
    await call.sip.answered;
    const aliceChannel = await call.channelId();
    await bridgedTogether(aliceChannel, await rung.channelId());
    expect(rung.sip.remoteIdentity.user, 'the colleague sees who calls').to.equal('221');
    await rung.sip.hangup();
    await call.sip.ended;
    const record = await w.finishedCall(aliceChannel);
    expect(record).to.include({ direction: 'internal', disposition: 'answered', accountId: account.id });
  });

  it('a ring group rings every member\'s phone at once; the first to answer takes the call and the other stops ringing', async () => {
    const { account } = await buildAccountWithOwner(w.deps.db, { paymentMethod: 'postpaid', status: 'active' });
    const first = await w.phone(account, '231', { voicemailEnabled: false });
    const second = await w.phone(account, '232', { voicemailEnabled: false });
    const group = await buildRingGroup(w.deps.db, account, [first.extension, second.extension], { strategy: 'all', ringSeconds: 20 });
    const number = await buildNumber(w.deps.db, account, await buildScenario(w.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { ringGroupId: group.id }, ringSeconds: 20 } } }));
    const caller = await w.callIn(number);
    const [a, b] = await Promise.all([first.nextCall(), second.nextCall()]);
    a.sip.ring();
    b.sip.ring();
    await b.sip.answer();
    await bridgedTogether(caller.engineChannelId, await b.channelId());
    const missed = await a.sip.ended;
    expect(missed.by, 'the other phone is cancelled').to.equal('remote');
    await caller.hangup();
    await b.sip.ended;
    expect((await w.finishedCall(caller)).disposition).to.equal('answered');
  });

  it('a ring group in order rings one phone at a time: the next one only once the first has rung out', async () => {
    const { account } = await buildAccountWithOwner(w.deps.db, { paymentMethod: 'postpaid', status: 'active' });
    const first = await w.phone(account, '233', { voicemailEnabled: false });
    const second = await w.phone(account, '234', { voicemailEnabled: false });
    const group = await buildRingGroup(w.deps.db, account, [first.extension, second.extension], { strategy: 'in_order', ringSeconds: 2 });
    const number = await buildNumber(w.deps.db, account, await buildScenario(w.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { ringGroupId: group.id }, ringSeconds: 20 } } }));
    const caller = await w.callIn(number);
    const unanswered = await first.nextCall();
    unanswered.sip.ring();
    const next = second.nextCall(15_000);
    await unanswered.sip.ended;
    const rung = await answer(await next);
    await bridgedTogether(caller.engineChannelId, await rung.channelId());
    await caller.hangup();
    await rung.sip.ended;
  });

  it('an extension forwarding always to a colleague: its own phone never rings, the colleague\'s does', async () => {
    const { account, number } = await numberRunning(w, dialExtension('243'));
    const away = await w.phone(account, '243', { voicemailEnabled: false, forwardAlways: '244' });
    const colleague = await w.phone(account, '244', { voicemailEnabled: false });
    const caller = await w.callIn(number);
    const rung = await answer(colleague);
    await bridgedTogether(caller.engineChannelId, await rung.channelId());
    expect(w.log.requests.filter((r) => r.method === 'POST' && r.path === '/channels' && r.query.endpoint === `PJSIP/${away.extension.sipUsername}`), 'the forwarded phone is not rung').to.deep.equal([]);
    await caller.hangup();
    await rung.sip.ended;
  });

  it('an extension forwarding on no answer to a mobile: its phone rings for the set time, then the carrier is called showing the original caller', async () => {
    const mobile = randomMobile();
    const { account, number } = await numberRunning(w, dialExtension('240'));
    const phone = await w.phone(account, '240', { voicemailEnabled: false, forwardNoAnswer: mobile, forwardNoAnswerSeconds: 2 });
    const from = randomMobile();
    const caller = await w.callIn(number, from);
    const unanswered = await phone.nextCall();
    unanswered.sip.ring();
    const carrier = await w.carrierCall(15_000);
    await unanswered.sip.ended;
    expect(carrier.sip.requestUser).to.equal(mobile);
    expect(carrier.sip.remoteIdentity.user, 'the caller\'s number is shown').to.equal(from);
    await answer(carrier);
    await bridgedTogether(caller.engineChannelId, await carrier.channelId());
    await caller.hangup();
    await carrier.sip.ended;
    expect((await w.finishedCall(caller)).disposition).to.equal('answered');
  });

  it('an extension forwarding on busy to a mobile: when its phone answers busy, the carrier is called at once', async () => {
    const mobile = randomMobile();
    const { account, number } = await numberRunning(w, dialExtension('241'));
    const phone = await w.phone(account, '241', { voicemailEnabled: false, forwardBusy: mobile });
    const caller = await w.callIn(number);
    const rung = await phone.nextCall();
    await rung.sip.reject(486);
    const carrier = await w.carrierCall(15_000);
    expect(carrier.sip.requestUser).to.equal(mobile);
    await answer(carrier);
    await bridgedTogether(caller.engineChannelId, await carrier.channelId());
    await carrier.sip.hangup();
    await caller.ended;
  });

  it('an extension forwarding when unavailable: once its phone has unregistered, it is not rung and the carrier is called', async () => {
    const mobile = randomMobile();
    const { account, number } = await numberRunning(w, dialExtension('242'));
    const phone = await w.phone(account, '242', { voicemailEnabled: false, forwardUnavailable: mobile });
    await phone.sip.unregister();
    const caller = await w.callIn(number);
    const carrier = await w.carrierCall(15_000);
    expect(carrier.sip.requestUser).to.equal(mobile);
    await answer(carrier);
    await bridgedTogether(caller.engineChannelId, await carrier.channelId());
    expect(w.log.requests.filter((r) => r.method === 'POST' && r.path === '/channels' && r.query.endpoint === `PJSIP/${phone.extension.sipUsername}`), 'the phone is not rung').to.deep.equal([]);
    await caller.hangup();
    await carrier.sip.ended;
  });

  it('on an account that records, the called party of an outbound call hears the warning in full on answer, before being bridged and recorded', async () => {
    const { account } = await numberRunning(w, dialExtension('250'), { recordCalls: true });
    const phone = await w.phone(account, '251', { voicemailEnabled: false });
    const call = await phone.dial(`8${randomMobile().slice(2)}`);
    const carrier = await answer(await w.carrierCall());
    const carrierChannel = await carrier.channelId();
    const warned = await w.log.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${carrierChannel}` && e.event.playback?.media_uri === WARNING, 90_000);
    const phoneChannel = await call.channelId();
    const bridged = await enteredBridge(carrierChannel);
    expect(bridged.seq, 'bridged after the warning').to.be.greaterThan(warned.seq);
    const record = await w.log.waitForRequest((r) => r.method === 'POST' && /^\/bridges\/[^/]+\/record$/.test(r.path) && r.path.includes(bridged.event.bridge.id), 10_000);
    expect(record.seq).to.be.greaterThan(warned.seq);
    await call.sip.hangup();
    await carrier.sip.ended;
    expect((await w.finishedCall(phoneChannel)).consent).to.equal('accepted');
  });

  it('on an account that records, when the called party presses the decline key during the warning, the call goes on unrecorded', async () => {
    const { account } = await numberRunning(w, dialExtension('260'), { recordCalls: true });
    const phone = await w.phone(account, '261', { voicemailEnabled: false });
    const call = await phone.dial(`8${randomMobile().slice(2)}`);
    const carrier = await answer(await w.carrierCall());
    const carrierChannel = await carrier.channelId();
    await w.log.waitForEvent((e) => e.type === 'PlaybackStarted' && e.event.playback?.target_uri === `channel:${carrierChannel}` && e.event.playback?.media_uri === WARNING, 10_000);
    await carrier.sip.dtmf(account.recordingDeclineDigit || '9', { durationMs: 150 });
    const phoneChannel = await call.channelId();
    const bridgeId = await bridgedTogether(phoneChannel, carrierChannel);
    await carrier.sip.hangup();
    await call.sip.ended;
    const record = await w.finishedCall(phoneChannel);
    expect(record).to.include({ consent: 'declined', disposition: 'answered', recordingId: null });
    expect(recordRequests().filter((r) => r.path.includes(bridgeId)), 'nothing recorded').to.deep.equal([]);
  });
});
