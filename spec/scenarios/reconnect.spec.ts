import { expect } from 'chai';
import { startTelephonyWorld, type TelephonyWorld } from '../support/telephony-world';
import { until } from '../support/until';
import { numberRunning } from './support';

describe('scenario suite: the engine loses its ARI connection mid-call', () => {
  let w: TelephonyWorld;
  before(async () => (w = await startTelephonyWorld()));
  after(() => w?.close());

  const menu = { start: 'menu', steps: { menu: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'bye' }, timeoutSeconds: 30 }, bye: { type: 'hangup' } } };
  const reconnected = () => until(() => (w.pbx.nodes[0].node.state === 'up' ? true : undefined), 10_000, 'the engine to reconnect');

  it('given the caller hangs up while the engine is disconnected, the call record is finished after the reconnect', async () => {
    const { number } = await numberRunning(w, menu);
    const caller = await w.callIn(number);
    await w.playbackStarted(caller, 'sound:hello-world');
    w.log.dropEngineSockets();
    await until(() => (w.pbx.nodes[0].node.state !== 'up' ? true : undefined), 5000, 'the engine to notice');
    await caller.hangup();
    await reconnected();
    const call = await w.finishedCall(caller);
    expect(call.endedAt).to.be.instanceOf(Date);
    expect(call.answeredAt).to.be.instanceOf(Date);
  });

  it('given the call is still up after the reconnect, the engine adopts it and the caller can still end it normally', async () => {
    const { number } = await numberRunning(w, menu);
    const caller = await w.callIn(number);
    await w.playbackStarted(caller, 'sound:hello-world');
    const seq = w.log.seq;
    w.log.dropEngineSockets();
    await until(() => (w.pbx.nodes[0].node.state !== 'up' ? true : undefined), 5000, 'the engine to notice');
    await reconnected();
    await w.log.waitForRequest((r) => r.seq > seq && r.method === 'GET' && r.path === '/channels');
    await caller.hangup();
    const call = await w.finishedCall(caller);
    expect(call.endedAt).to.be.instanceOf(Date);
  });
});
