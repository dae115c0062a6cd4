import { expect } from 'chai';
import { Call } from '../../app/features/calls/entities';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { call, calleeOf, telephony } from './reconnect-support';

const CAP = 3;

describe('admission control: call setups in flight are capped per node', () => {
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness({ maxSetupsInFlight: CAP })));
  after(() => h.close());

  it('given the cap of setups in flight is reached, when more calls arrive, then they get a congestion hang-up at once while the call already up and the calls ringing go on', async () => {
    const { toAnswering, toRinging } = await telephony(h);

    const up = call(h.fake, h.app, toAnswering.e164);
    const upCallee = await calleeOf(h, up);
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === upCallee.channelId);
    const ringing = Array.from({ length: CAP }, () => call(h.fake, h.app, toRinging.e164));
    const ringingCallees = await Promise.all(ringing.map((p) => calleeOf(h, p)));
    expect(h.pbx.nodes[0].dispatcher.admission.current).to.equal(CAP);

    const mark = h.fake.seq;
    const excess = [call(h.fake, h.app, toAnswering.e164), call(h.fake, h.app, toRinging.e164)];
    for (const phone of excess) {
      const refusal = await h.fake.waitForRequest((r) => r.seq > mark && r.method === 'DELETE' && r.path === `/channels/${phone.channelId}`);
      expect(refusal.query.reason).to.equal('congestion');
      const offered = h.fake.events.find((e) => e.type === 'StasisStart' && e.event.channel?.id === phone.channelId)!;
      expect(refusal.time - offered.time, 'ms from StasisStart to the refusal').to.be.below(100);
      expect((await phone.ended).cause).to.equal(34);
      const others = h.fake.requests.filter((r) => r.seq > mark && r.path.includes(phone.channelId) && r !== refusal);
      expect(others, 'nothing but the refusal').to.have.length(0);
      expect(await h.deps.db.getRepository(Call).findOneBy({ channelId: phone.channelId })).to.equal(null);
    }
    expect(h.pbx.nodes[0].dispatcher.admission.refused).to.equal(2);

    expect(up.alive && upCallee.alive).to.equal(true);
    expect(h.fake.bridges().some((b) => b.channels.includes(up.channelId) && b.channels.includes(upCallee.channelId))).to.equal(true);
    expect([...ringing, ...ringingCallees].every((p) => p.alive)).to.equal(true);
    const touched = h.fake.requests.filter((r) => r.seq > mark && [up, upCallee, ...ringing, ...ringingCallees].some((p) => r.path.includes(p.channelId)));
    expect(touched, 'requests for calls already there').to.have.length(0);

    ringing[0].hangup();
    await h.finishedCall(ringing[0].channelId);
    const admitted = call(h.fake, h.app, toRinging.e164);
    await calleeOf(h, admitted);
    expect(h.pbx.nodes[0].dispatcher.admission.refused).to.equal(2);

    for (const phone of [up, ...ringing.slice(1), admitted]) phone.hangup();
    for (const phone of [up, ...ringing.slice(1), admitted]) await h.finishedCall(phone.channelId);
  });
});
