import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { startFakeAsterisk, type AriEvent, type FakeAsterisk } from './fake-asterisk';
import { httpCall } from './fake-asterisk/http-call';
import { EventClient } from './fake-asterisk/ws-client';
import { SipPhone } from './sip/phone';
import { until } from './until';

// The spec's SipPhone (the phone of the shared scenario suite) against the fake's SIP side: registered contacts,
// engine-provisioned auth, DTMF, CANCEL, transfers (traces i-m).
describe('fake Asterisk SIP side (SipPhone as the phone)', () => {
  const APP = 'app-under-test';
  let fake: FakeAsterisk;
  let events: EventClient;
  const phones: SipPhone[] = [];

  beforeEach(async () => {
    fake = await startFakeAsterisk();
    events = await EventClient.open(fake, APP);
  });
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.close()));
    events.terminate();
    await fake.close();
  });

  const post = (path: string) => httpCall(fake, 'POST', `/ari${path}`);
  const phone = async (name: string, password = name): Promise<SipPhone> => {
    const p = await SipPhone.start({ server: fake.sipAddress, username: name, password, displayName: `${name[0].toUpperCase()}${name.slice(1)} Phone` });
    phones.push(p);
    return p;
  };
  const stasisStart = (pred: (e: AriEvent) => boolean) => events.next((e) => e.type === 'StasisStart' && pred(e), 5000);

  it('a phone provisioned as the engine does (md5_cred, realm vpbx, set_var TRANSFER_CONTEXT) registers, calls, and its REFER goes to that context', async () => {
    const id = 'a7-201';
    const put = (type: string, fields: Array<{ attribute: string; value: string }>) =>
      httpCall(fake, 'PUT', `/ari/asterisk/config/dynamic/res_pjsip/${type}/${id}`, { fields });
    const ha1 = createHash('md5').update(`${id}:vpbx:s3cret`).digest('hex');
    await put('auth', [{ attribute: 'auth_type', value: 'md5' }, { attribute: 'username', value: id }, { attribute: 'realm', value: 'vpbx' }, { attribute: 'md5_cred', value: ha1 }]);
    await put('aor', [{ attribute: 'max_contacts', value: '1' }]);
    await put('endpoint', [{ attribute: 'context', value: 'from-test' }, { attribute: 'auth', value: id }, { attribute: 'aors', value: id }, { attribute: 'set_var', value: 'TRANSFER_CONTEXT=xfer' }]);
    fake.dialplan.set('xfer', '700', [{ app: 'Stasis', data: `${APP},xfer,\${EXTEN}` }]);
    fake.onDial('bob', { action: 'answer', afterMs: 10 });
    const intruder = await SipPhone.start({ server: fake.sipAddress, username: id, password: 'guess' });
    phones.push(intruder);
    await intruder.register().then(() => expect.fail('a wrong password registered'), (e: Error) => expect(e.message).to.equal('401'));
    const owner = await phone(id, 's3cret');
    await owner.register();
    expect(((await httpCall(fake, 'GET', `/ari/endpoints/PJSIP/${id}`)).body as { state: string }).state).to.equal('online');
    const call = await owner.call('601');
    const leg = (await stasisStart((e) => String(e.args) === 'internal,601')).channel!;
    expect(leg.name).to.match(/^PJSIP\/a7-201-/);
    await post(`/channels/${leg.id}/answer`);
    await call.answered;
    await post(`/channels?endpoint=PJSIP/bob&app=${APP}&channelId=x-bob`);
    await stasisStart((e) => e.channel?.id === 'x-bob');
    await post('/bridges?type=mixing&bridgeId=x-bridge');
    await post(`/bridges/x-bridge/addChannel?channel=${leg.id},x-bob`);
    await call.blindTransfer('700');
    expect(await events.next('BridgeBlindTransfer', 5000)).to.deep.include({ exten: '700', context: 'xfer' });
    await stasisStart((e) => String(e.args) === 'xfer,700');
  });

  it('before the app answers: the phone\'s CANCEL ends the channel (487); the app\'s busy hang-up reaches the phone as 486', async () => {
    const alice = await phone('alice');
    const cancelled = await alice.call('601');
    const leg1 = (await stasisStart((e) => String(e.args) === 'internal,601')).channel!;
    await cancelled.hangup();
    expect(await cancelled.ended).to.deep.equal({ by: 'local', status: 487 });
    await events.next((e) => e.type === 'StasisEnd' && e.channel?.id === leg1.id, 5000);
    const refused = await alice.call('602');
    const leg2 = (await stasisStart((e) => String(e.args) === 'internal,602')).channel!;
    expect((await httpCall(fake, 'DELETE', `/ari/channels/${leg2.id}?reason=busy`)).status).to.equal(204);
    expect(await refused.ended).to.deep.equal({ by: 'remote', status: 486 });
  });

  it('a carrier\'s UA, identified by its address (trunk endpoint without auth), calls a DID: no challenge, the trunk\'s context takes it', async () => {
    await httpCall(fake, 'PUT', '/ari/asterisk/config/dynamic/res_pjsip/endpoint/carrier', { fields: [{ attribute: 'context', value: 'from-carrier' }] });
    fake.dialplan.set('from-carrier', '_X.', [{ app: 'Stasis', data: `${APP},inbound,\${EXTEN}` }]);
    const carrier = await phone('77011234567', 'unused');
    fake.setContact('carrier', carrier.address);
    const call = await carrier.call('7272000000');
    const leg = (await stasisStart((e) => String(e.args) === 'inbound,7272000000')).channel!;
    expect(leg.name).to.match(/^PJSIP\/carrier-/);
    expect(leg.caller.number).to.equal('77011234567');
    await post(`/channels/${leg.id}/answer`);
    await call.answered;
    await call.hangup();
    await events.next((e) => e.type === 'StasisEnd' && e.channel?.id === leg.id, 5000);
  });

  it('a registered phone is dialed at its contact: ring, answer, DTMF both ways (RFC 4733), hang-up', async () => {
    const bob = await phone('bob');
    await bob.register();
    await post(`/channels?endpoint=PJSIP/bob&app=${APP}&channelId=to-bob&timeout=300&callerId=${encodeURIComponent('"Alice Phone" <alice>')}`);
    const call = await bob.nextIncoming();
    expect(call.remoteIdentity).to.deep.include({ display: 'Alice Phone', user: 'alice' });
    call.ring();
    await events.next((e) => e.type === 'Dial' && e.dialstatus === 'RINGING');
    await call.answer();
    expect((await stasisStart((e) => e.channel?.id === 'to-bob')).channel?.state).to.equal('Up');
    expect((await post('/channels/to-bob/dtmf?dtmf=12&duration=100')).status).to.equal(204);
    await until(() => (call.receivedDtmf.join('') === '12' ? true : undefined), 5000, 'digits 1 and 2 at the phone');
    await call.dtmf('5', { durationMs: 160 });
    const digit = await events.next('ChannelDtmfReceived', 5000);
    expect(digit).to.deep.include({ digit: '5', duration_ms: 160 });
    await call.hangup();
    await events.next((e) => e.type === 'StasisEnd' && e.channel?.id === 'to-bob', 5000);
    expect(fake.channel('to-bob')).to.equal(undefined);
  });

  it('two phones bridged by the app (traces i, k): digits pass phone to phone with no event; BYE from one, the app hangs up the other', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    await bob.register();
    const aliceCall = await alice.call('601');
    const leg = (await stasisStart((e) => String(e.args) === 'internal,601')).channel!;
    await post(`/channels/${leg.id}/answer`);
    await post(`/channels?endpoint=PJSIP/bob&app=${APP}&appArgs=outbound,601&channelId=i-bob&formats=ulaw`);
    const bobCall = await bob.nextIncoming();
    bobCall.ring();
    await bobCall.answer();
    await stasisStart((e) => e.channel?.id === 'i-bob');
    await post('/bridges?type=mixing&bridgeId=i-bridge');
    await post(`/bridges/i-bridge/addChannel?channel=${leg.id},i-bob`);
    await events.next((e) => e.type === 'ChannelEnteredBridge' && e.channel?.id === 'i-bob');
    await aliceCall.dtmf('57', { durationMs: 80 });
    await until(() => (bobCall.receivedDtmf.join('') === '57' ? true : undefined), 5000, 'digits at bob');
    expect(events.types()).to.not.include('ChannelDtmfReceived');
    await aliceCall.hangup();
    await events.next((e) => e.type === 'StasisEnd' && e.channel?.id === leg.id, 5000);
    expect(fake.channel('i-bob')?.state, 'bob stays until the app hangs him up').to.equal('Up');
    await httpCall(fake, 'DELETE', '/ari/channels/i-bob');
    expect((await bobCall.ended).by).to.equal('remote');
  });

  it('PJSIP_TRANSFER_HANDLING()=ari-only: REFER gives ChannelTransfer and no NOTIFY until transfer_progress (trace l2)', async () => {
    fake.onDial('bob', { action: 'answer', afterMs: 10 });
    const alice = await phone('alice');
    const call = await alice.call('605');
    const leg = (await stasisStart((e) => String(e.args) === 'internal,605')).channel!;
    await post(`/channels/${leg.id}/answer`);
    await call.answered;
    await post(`/channels?endpoint=PJSIP/bob&app=${APP}&channelId=l2-bob`);
    await stasisStart((e) => e.channel?.id === 'l2-bob');
    await post('/bridges?type=mixing&bridgeId=l2-bridge');
    await post(`/bridges/l2-bridge/addChannel?channel=${leg.id},l2-bob`);
    await post(`/channels/${leg.id}/variable?variable=${encodeURIComponent('PJSIP_TRANSFER_HANDLING()')}&value=ari-only`);
    await call.blindTransfer('700');
    const transfer = await events.next('ChannelTransfer', 5000);
    expect((transfer.refer_to as { requested_destination: { destination: string } }).requested_destination.destination).to.equal('700');
    expect(call.notifies).to.deep.equal([]);
    await post(`/channels/${leg.id}/transfer_progress?states=channel_answered`);
    await until(() => (call.notifies.length > 0 ? true : undefined), 5000, 'a NOTIFY');
    expect(call.notifies.map((n) => n.trim())).to.deep.equal(['SIP/2.0 200 OK']);
  });

  it('the dialed phone holds and blind-transfers its caller (traces j, l from the callee\'s side)', async () => {
    const bob = await phone('bob');
    await bob.register();
    const caller = fake.callIntoStasis({ app: APP, args: ['inbound'], callerNumber: '77011234567', context: 'from-test' });
    await post(`/channels/${caller.channelId}/answer`);
    await post(`/channels?endpoint=PJSIP/bob&app=${APP}&channelId=b-bob`);
    const call = await bob.nextIncoming();
    await call.answer();
    await stasisStart((e) => e.channel?.id === 'b-bob');
    await post('/bridges?type=mixing&bridgeId=b-bridge');
    await post(`/bridges/b-bridge/addChannel?channel=${caller.channelId},b-bob`);
    await call.hold();
    expect((await events.next('ChannelHold', 5000)).channel?.id).to.equal('b-bob');
    expect(call.remoteDirection(), 'sendonly is answered recvonly').to.equal('recvonly');
    await call.unhold();
    await events.next('ChannelUnhold', 5000);
    await call.blindTransfer('700');
    const transfer = await events.next('BridgeBlindTransfer', 5000);
    expect(transfer).to.deep.include({ exten: '700', context: 'from-test' });
    expect((transfer.channel as { id: string }).id).to.equal('b-bob');
    expect((transfer.transferee as { id: string }).id).to.equal(caller.channelId);
    await until(() => (call.notifies.length === 2 ? true : undefined), 5000, 'two NOTIFYs');
    expect(call.notifies.map((n) => n.trim())).to.deep.equal(['SIP/2.0 100 Trying', 'SIP/2.0 200 OK']);
  });

  it('a phone calls 606 and 607 and joins them with an attended transfer (REFER with Replaces, trace m)', async () => {
    fake.onDial('bob', { action: 'answer', afterMs: 10 });
    const alice = await phone('alice');
    const call1 = await alice.call('606');
    const leg1 = (await stasisStart((e) => String(e.args) === 'internal,606')).channel!;
    await post(`/channels/${leg1.id}/answer`);
    await call1.answered;
    await post(`/channels?endpoint=PJSIP/bob&app=${APP}&channelId=m-bob`);
    await stasisStart((e) => e.channel?.id === 'm-bob');
    await post('/bridges?type=mixing&bridgeId=m-bridge');
    await post(`/bridges/m-bridge/addChannel?channel=${leg1.id},m-bob`);
    await call1.hold();
    expect((await events.next('ChannelHold', 5000)).channel?.id).to.equal(leg1.id);
    const call2 = await alice.call('607');
    const leg2 = (await stasisStart((e) => String(e.args) === 'internal,607')).channel!;
    await post(`/channels/${leg2.id}/answer`);
    await call2.answered;
    await post(`/channels?endpoint=${encodeURIComponent('Local/s@local-park')}&app=${APP}&channelId=m-park-1&otherChannelId=m-park-2`);
    await stasisStart((e) => e.channel?.id === 'm-park-1');
    await post('/bridges?type=mixing&bridgeId=m-bridge2');
    await post(`/bridges/m-bridge2/addChannel?channel=${leg2.id},m-park-1`);
    await call1.attendedTransfer(call2);
    const transfer = await events.next('BridgeAttendedTransfer', 5000);
    expect(transfer).to.deep.include({ destination_type: 'link', result: 'Success' });
    expect((transfer.transferee as { id: string }).id).to.equal('m-bob');
    expect((transfer.transfer_target as { id: string }).id).to.equal('m-park-1');
    expect((await call2.ended).by, 'Asterisk ends the second call').to.equal('remote');
    await until(() => (call1.notifies.some((n) => n.startsWith('SIP/2.0 200')) ? true : undefined), 5000, 'NOTIFY 200 OK');
    await call1.hangup();
    await events.next((e) => e.type === 'StasisEnd' && e.channel?.id === leg1.id, 5000);
  });
});
