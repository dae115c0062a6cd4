import { expect } from 'chai';
import { startFakeAsterisk, type FakeAsterisk, type Phone } from './fake-asterisk';
import { httpCall } from './fake-asterisk/http-call';
import { EventClient } from './fake-asterisk/ws-client';

// Phone handles acting as SIP phones in a call the app bridged: hold, DTMF and transfers as traces j-m show.
describe('fake Asterisk phones', () => {
  let fake: FakeAsterisk;
  let events: EventClient;

  beforeEach(async () => {
    fake = await startFakeAsterisk();
    for (const name of ['bob', 'carol']) fake.addEndpoint(name, { online: true });
    events = await EventClient.open(fake, 'pbx');
  });
  afterEach(async () => {
    events.terminate();
    await fake.close();
  });

  const post = (path: string) => httpCall(fake, 'POST', `/ari${path}`);

  /** An inbound caller answered by the app and bridged with an originated, answered callee. */
  async function bridgedCall(callee: string, bridgeType = 'mixing'): Promise<{ caller: Phone; calleeId: string; bridgeId: string }> {
    fake.onDial(callee, { action: 'answer', afterMs: 10 });
    const caller = fake.callIntoStasis({ app: 'pbx', args: ['inbound'], callerNumber: '77011234567', context: 'from-test' });
    await post(`/channels/${caller.channelId}/answer`);
    const calleeId = `to-${callee}`;
    await post(`/channels?endpoint=PJSIP/${callee}&app=pbx&channelId=${calleeId}`);
    await events.next((e) => e.type === 'StasisStart' && e.channel?.id === calleeId);
    const bridgeId = `br-${callee}`;
    await post(`/bridges?type=${encodeURIComponent(bridgeType)}&bridgeId=${bridgeId}`);
    await post(`/bridges/${bridgeId}/addChannel?channel=${caller.channelId},${calleeId}`);
    return { caller, calleeId, bridgeId };
  }

  it('phone hold / unhold give ChannelHold / ChannelUnhold; ARI hold gives 204 and no event', async () => {
    const { caller } = await bridgedCall('bob');
    caller.hold();
    expect((await events.next('ChannelHold')).musicclass).to.equal('default');
    caller.unhold();
    expect((await events.next('ChannelUnhold')).channel?.id).to.equal(caller.channelId);
    expect((await post(`/channels/${caller.channelId}/hold`)).status).to.equal(204);
    expect(fake.events.filter((e) => e.type === 'ChannelHold')).to.have.length(1);
  });

  it('phone DTMF: events alone in Stasis, none in a plain mixing bridge, events in mixing,dtmf_events', async () => {
    const digits = (): string[] => fake.events.filter((e) => e.type === 'ChannelDtmfReceived').map((e) => String(e.event.digit));
    const alone = fake.callIntoStasis({ app: 'pbx' });
    await alone.dtmf('1#', { durationMs: 160 });
    expect(digits()).to.deep.equal(['1', '#']);
    expect((await events.next((e) => e.digit === '#')).duration_ms).to.equal(160);
    const plain = await bridgedCall('bob');
    await plain.caller.dtmf('5');
    expect(fake.phone(plain.calleeId)?.receivedDtmf, 'the digit reaches the other phone').to.deep.equal(['5']);
    expect(digits()).to.deep.equal(['1', '#']);
    const featured = await bridgedCall('carol', 'mixing,dtmf_events');
    await featured.caller.dtmf('*');
    expect(digits()).to.deep.equal(['1', '#', '*']);
    expect((await events.next((e) => e.digit === '*')).channel?.id).to.equal(featured.caller.channelId);
  });

  it('a blind transfer from the phone puts a Local channel in its place (BridgeBlindTransfer)', async () => {
    fake.dialplan.set('from-test', '700', [{ app: 'Stasis', data: 'pbx,transferred,${EXTEN}' }]);
    const { caller, calleeId, bridgeId } = await bridgedCall('bob');
    caller.blindTransfer('700');
    const transfer = await events.next('BridgeBlindTransfer');
    expect(transfer).to.deep.include({ exten: '700', context: 'from-test', result: 'Success', is_external: true });
    expect((transfer.transferee as { id: string }).id).to.equal(calleeId);
    const half = await events.next((e) => e.type === 'StasisStart' && String(e.args) === 'transferred,700');
    expect(half.channel?.name).to.match(/^Local\/700@from-test-[0-9a-f]{8};2$/);
    expect(fake.bridges().find((b) => b.id === bridgeId)?.channels).to.not.include(caller.channelId);
    expect(caller.notifies).to.deep.equal(['100 Trying', '200 OK']);
  });

  it('with PJSIP_TRANSFER_HANDLING()=ari-only the app gets ChannelTransfer instead', async () => {
    const { caller } = await bridgedCall('bob');
    await post(`/channels/${caller.channelId}/variable?variable=${encodeURIComponent('PJSIP_TRANSFER_HANDLING()')}&value=ari-only`);
    caller.blindTransfer('700');
    const transfer = await events.next('ChannelTransfer');
    expect(transfer.refer_to).to.deep.include({ requested_destination: { destination: '700' } });
    expect(fake.events.map((e) => e.type)).to.not.include('BridgeBlindTransfer');
    expect(caller.notifies).to.deep.equal([]);
  });

  it('an attended transfer links the two bridges through a Local pair (BridgeAttendedTransfer)', async () => {
    const first = await bridgedCall('bob');
    const second = await bridgedCall('carol');
    first.caller.attendedTransfer(second.caller);
    const transfer = await events.next('BridgeAttendedTransfer');
    expect(transfer).to.include({ destination_type: 'link', result: 'Success' });
    expect((transfer.transferee as { id: string }).id).to.equal(first.calleeId);
    expect((transfer.transfer_target as { id: string }).id).to.equal(second.calleeId);
    expect(second.caller.alive).to.equal(false);
  });
});
