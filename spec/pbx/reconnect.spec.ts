import { expect } from 'chai';
import { In } from 'typeorm';
import { Call } from '../../app/features/calls/entities';
import { Recording } from '../../app/features/recordings/entities';
import { SOUNDS } from '../../app/pbx/sounds';
import { AriUnavailable } from '../../app/pbx/ari/errors';
import { startPbx } from '../../app/pbx/role';
import { startFakeAsterisk, type FakeAsterisk, type Phone } from '../support/fake-asterisk';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { FreezableProxy, calleeOf, call, freePort, startEngine, telephony, until } from './reconnect-support';

/** A caller bridged with the callee who answered; returns both phones. */
async function bridgedCall(h: PbxHarness, e164: string): Promise<{ caller: Phone; callee: Phone }> {
  const caller = call(h.fake, h.app, e164);
  const callee = await calleeOf(h, caller);
  await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === callee.channelId);
  return { caller, callee };
}

const record = (h: PbxHarness, channelId: string) => h.deps.db.getRepository(Call).findOneByOrFail({ channelId });

describe('surviving ARI drops: calls across a gap in the events', () => {
  let h: PbxHarness;
  beforeEach(async () => (h = await startPbxHarness()));
  afterEach(() => h.close());

  it('given calls bridged and ringing, when the connection drops, two callers hang up in the gap and it comes back, then their records end as of the drop with ended_while_disconnected and the call still up goes on until its own hang-up', async () => {
    const t = await telephony(h);
    const a = await bridgedCall(h, t.toAnswering.e164);
    const b = await bridgedCall(h, t.toAnswering.e164);
    const c = call(h.fake, h.app, t.toRinging.e164);
    const ringing = await calleeOf(h, c);
    const node = h.pbx.nodes[0].node;
    const dropAt = h.clock.now();

    h.fake.dropConnections({ abrupt: true });
    a.caller.hangup();
    c.hangup();
    await until(() => (node.state !== 'up' ? true : undefined), 'the engine to notice the drop', 1000);
    h.clock.advance(5 * 60_000);
    await h.waitUp();

    const endedA = await h.finishedCall(a.caller.channelId);
    expect(endedA).to.include({ endReason: 'ended_while_disconnected', disposition: 'answered', hangupCause: null });
    expect(endedA.endedAt!.getTime()).to.equal(dropAt.getTime());
    await a.callee.ended;
    const endedC = await h.finishedCall(c.channelId);
    expect(endedC).to.include({ endReason: 'ended_while_disconnected', disposition: 'abandoned', answeredAt: null });
    await ringing.ended;

    expect(b.caller.alive && b.callee.alive).to.equal(true);
    expect((await record(h, b.caller.channelId)).state).to.equal('active');
    h.clock.advance(1000);
    b.caller.hangup();
    const endedB = await h.finishedCall(b.caller.channelId);
    expect(endedB).to.include({ endReason: null, disposition: 'answered' });
    expect(endedB.endedAt!.getTime()).to.equal(dropAt.getTime() + 5 * 60_000 + 1000);
    await b.callee.ended;
  });

  it('given a process stopped mid-call, when a new process starts on the same database, then it adopts the call still bridged and finishes the one whose caller left meanwhile', async () => {
    const t = await telephony(h);
    const kept = await bridgedCall(h, t.toAnswering.e164);
    const left = await bridgedCall(h, t.toAnswering.e164);
    const leftId = (await record(h, left.caller.channelId)).id;
    await h.pbx.stop();
    left.caller.hangup();

    const second = startPbx(h.deps);
    try {
      await until(() => (second.nodes[0].node.state === 'up' && h.fake.connectedApps().includes(h.app) ? true : undefined), 'the second process to connect');
      const ended = await h.finishedCall(left.caller.channelId);
      expect(ended).to.include({ endReason: 'ended_while_disconnected', disposition: 'answered' });
      await left.callee.ended;
      await until(() => (h.fake.bridges().some((br) => br.id === `call-${leftId}`) ? undefined : true), 'the bridge of the finished call to go');

      await until(() => (second.nodes[0].dispatcher.activeCalls === 1 ? true : undefined), 'the kept call to be adopted');
      expect(kept.caller.alive && kept.callee.alive).to.equal(true);
      kept.callee.hangup();
      const adopted = await h.finishedCall(kept.caller.channelId);
      expect(adopted).to.include({ endReason: null, disposition: 'answered' });
      await kept.caller.ended;
      expect(second.nodes[0].dispatcher.activeCalls).to.equal(0);
    } finally {
      await second.stop();
    }
  });

  it('given recorded calls when the process stops, when a new process takes them over, then every recording row ends done with its file, none is left recording (the adopted call\'s recording is ended at the takeover and recorded anew)', async () => {
    h.fake.sounds.add(SOUNDS.recordingWarning, 1);
    const t = await telephony(h);
    await h.deps.db.query('UPDATE accounts SET record_calls = 1 WHERE id = ?', [t.account.id]);
    const kept = await bridgedCall(h, t.toAnswering.e164);
    const left = await bridgedCall(h, t.toAnswering.e164);
    const ids = [(await record(h, kept.caller.channelId)).id, (await record(h, left.caller.channelId)).id];
    const recordingsOf = () => h.deps.db.getRepository(Recording).find({ where: { callId: In(ids) } });
    const rows = await until(async () => {
      const all = await recordingsOf();
      return all.length === 2 ? all : undefined;
    }, 'both calls to be recorded');
    // Asterisk records both (a row is written just before the record request goes out).
    for (const r of rows) await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.name === r.asteriskName, 5000);
    await h.pbx.stop();
    left.caller.hangup();

    const second = startPbx(h.deps);
    try {
      await h.finishedCall(left.caller.channelId);
      await until(() => (second.nodes[0].dispatcher.activeCalls === 1 ? true : undefined), 'the kept call to be adopted');
      const keptName = rows.find((r) => r.callId === ids[0])!.asteriskName;
      await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.name === `${keptName}-2`, 5000);
      kept.callee.hangup();
      await h.finishedCall(kept.caller.channelId);
      const settled = await until(async () => {
        const all = await recordingsOf();
        return all.every((r) => r.state !== 'recording') ? all : undefined;
      }, 'the recording rows to be settled');
      expect(settled.map((r) => [r.callId, r.state])).to.have.deep.members([[ids[0], 'done'], [ids[0], 'done'], [ids[1], 'done']]);
      // The rows the stopped process left open are settled by whether Asterisk has the file.
      for (const r of rows) expect(h.fake.requests.some((q) => q.method === 'GET' && q.path === `/recordings/stored/${encodeURIComponent(r.asteriskName)}`), `asked for ${r.asteriskName}`).to.equal(true);
    } finally {
      await second.stop();
    }
  });

  it('given many calls of every ending, some across a drop, when they have all ended, then the event router holds no more listeners than before', async () => {
    const t = await telephony(h);
    const router = h.pbx.nodes[0].node.events;
    const base = router.size;
    for (let round = 0; round < 3; round++) {
      const bridged = await Promise.all(Array.from({ length: 8 }, () => bridgedCall(h, t.toAnswering.e164)));
      const ringing = Array.from({ length: 5 }, () => call(h.fake, h.app, t.toRinging.e164));
      const unknown = Array.from({ length: 5 }, () => call(h.fake, h.app, '+77270000000'));
      await Promise.all(ringing.map((p) => calleeOf(h, p)));
      bridged.slice(0, 3).forEach((p) => p.caller.hangup());
      bridged.slice(3, 5).forEach((p) => p.callee.hangup());
      h.fake.dropConnections({ abrupt: true });
      bridged.slice(5).forEach((p) => p.caller.hangup());
      ringing.forEach((p) => p.hangup());
      await h.waitUp();
      for (const phone of [...bridged.map((p) => p.caller), ...ringing, ...unknown]) await h.finishedCall(phone.channelId);
    }
    await until(() => (router.size === base ? true : undefined), `the router back to ${base} keys`, 2000).catch(() => undefined);
    expect(router.size).to.equal(base);
    expect(h.pbx.nodes[0].dispatcher.activeCalls).to.equal(0);
  });
});

describe('surviving ARI drops: a dead or absent Asterisk', () => {
  it('given Asterisk stops answering, when the engine makes a request, then it fails with AriUnavailable within the timeout, the node goes down on the missing pong, and comes back once Asterisk answers', async () => {
    const fake = await startFakeAsterisk({ user: 'vpbx', password: 'fake-secret' });
    const proxy = new FreezableProxy(fake.url);
    const engine = await startEngine(await proxy.listen(), { user: fake.user, password: fake.password, requestTimeoutMs: 300 });
    const node = engine.pbx.nodes[0].node;
    try {
      await until(() => (node.state === 'up' ? true : undefined), 'the engine to connect');
      proxy.freeze();
      const started = Date.now();
      const err = await node.request('listChannels', (c) => c.channels.list()).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(AriUnavailable);
      expect(Date.now() - started).to.be.within(250, 1000);

      await until(() => (node.state !== 'up' ? true : undefined), 'the node to notice the silence', 3000);
      await until(async () => (['down', 'connecting'].includes((await engine.nodeRow())?.state ?? '') ? true : undefined), 'the node row to say it is down');
      const quick = Date.now();
      expect(await node.request('listChannels', (c) => c.channels.list()).catch((e: unknown) => e)).to.be.instanceOf(AriUnavailable);
      expect(Date.now() - quick).to.be.below(100);
      // every connection attempt hangs on the frozen host; each is given up on and retried
      await until(() => (proxy.held.filter((p) => p.startsWith('/ari/api-docs/resources.json')).length >= 2 ? true : undefined), 'a second connection attempt', 4000);

      proxy.thaw();
      await until(() => (node.state === 'up' ? true : undefined), 'the node back up', 5000);
      await until(async () => ((await engine.nodeRow())?.state === 'up' ? true : undefined), 'the node row to say up');
    } finally {
      await engine.close();
      await proxy.close();
      await fake.close();
    }
  });

  it('given no Asterisk at the configured address, when the engine starts, then it keeps retrying with the node shown down, and goes up once Asterisk comes', async () => {
    const port = await freePort();
    const engine = await startEngine(`http://127.0.0.1:${port}`, { user: 'vpbx', password: 'fake-secret', reconnectMaxMs: 200 });
    const node = engine.pbx.nodes[0].node;
    let attempts = 0;
    node.on('state', (state: string) => state === 'connecting' && attempts++);
    let fake: FakeAsterisk | undefined;
    try {
      await until(() => (attempts >= 3 ? true : undefined), 'three more connection attempts', 3000);
      expect(node.state).not.to.equal('up');
      expect(['down', 'connecting']).to.include((await until(() => engine.nodeRow(), 'the node row')).state);

      fake = await startFakeAsterisk({ port, user: 'vpbx', password: 'fake-secret' });
      await until(() => (node.state === 'up' ? true : undefined), 'the node to connect', 3000);
      await until(async () => ((await engine.nodeRow())?.state === 'up' ? true : undefined), 'the node row to say up');
      expect(fake.connectedApps()).to.include(engine.deps.config.pbx.app);
    } finally {
      await engine.close();
      await fake?.close();
    }
  });
});
