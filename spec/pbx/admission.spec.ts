import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Account } from '../../app/features/accounts/entities';
import { Call } from '../../app/features/calls/entities';
import { buildAccountWithOwner } from '../support/factories';
import type { Phone } from '../support/fake-asterisk';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';
import { until } from './reconnect-support';

const CAP = 3;

describe('admission control: call setups in flight are capped per node', () => {
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness({ maxSetupsInFlight: CAP })));
  after(() => h.close());

  async function numberDialling(account: Account, extension: string) {
    const scenario = await buildScenario(h.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension }, ringSeconds: 300 } } });
    return buildNumber(h.deps.db, account, scenario);
  }

  // Random channel ids: the fake's own repeat across fakes started in the same second.
  const call = (e164: string): Phone =>
    h.fake.callIntoStasis({ app: h.app, args: ['inbound', e164.slice(1)], callerNumber: randomMobile(), endpoint: 'carrier', channelId: `ad-${randomUUID()}` });

  async function calleeOf(caller: Phone): Promise<Phone> {
    const id = (await until(async () => (await h.deps.db.getRepository(Call).findOneBy({ channelId: caller.channelId })) ?? undefined, 'the call record')).id;
    const leg = await until(async () => (await h.legs(id)).find((l) => l.role === 'callee'), 'the callee leg');
    return until(() => h.fake.phone(leg.channelId), 'the callee phone');
  }

  it('given the cap of setups in flight is reached, when more calls arrive, then they get a congestion hang-up at once while the call already up and the calls ringing go on', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', status: 'active' });
    const answers = await buildExtension(h.deps.db, account, '101');
    const rings = await buildExtension(h.deps.db, account, '102');
    h.fake.addEndpoint(answers.sipUsername, { online: true });
    h.fake.addEndpoint(rings.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${answers.sipUsername}`, { action: 'answer', afterMs: 50 });
    h.fake.onDial(`PJSIP/${rings.sipUsername}`, 'ring');
    const toAnswering = await numberDialling(account, '101');
    const toRinging = await numberDialling(account, '102');

    const up = call(toAnswering.e164);
    const upCallee = await calleeOf(up);
    await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === upCallee.channelId);
    const ringing = Array.from({ length: CAP }, () => call(toRinging.e164));
    const ringingCallees = await Promise.all(ringing.map(calleeOf));
    expect(h.pbx.nodes[0].dispatcher.admission.current).to.equal(CAP);

    const mark = h.fake.seq;
    const excess = [call(toAnswering.e164), call(toRinging.e164)];
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
    const admitted = call(toRinging.e164);
    await calleeOf(admitted);
    expect(h.pbx.nodes[0].dispatcher.admission.refused).to.equal(2);

    for (const phone of [up, ...ringing.slice(1), admitted]) phone.hangup();
    for (const phone of [up, ...ringing.slice(1), admitted]) await h.finishedCall(phone.channelId);
  });
});
