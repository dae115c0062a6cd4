import { expect } from 'chai';
import { LiveHub, type LiveChange } from '../../../app/features/live/hub';
import type { LiveCallRow } from '../../../app/features/live/service';
import { createLogger } from '../../../app/logger';
import { until } from '../../support/until';

const row = (id: number, state: LiveCallRow['state'] = 'ringing'): LiveCallRow => ({
  id, direction: 'inbound', fromNumber: '+77010000000', toNumber: null, extensionId: null, exten: null, extensionName: null, startedAt: new Date(0), state, recording: false,
});

describe('live monitoring: the hub', () => {
  const logger = createLogger('silent');
  let hub: LiveHub;
  let calls: Map<number, LiveCallRow[]>;
  beforeEach(() => {
    calls = new Map();
    hub = new LiveHub(async (accountId) => calls.get(accountId) ?? [], logger, 20);
  });

  it('given two pages of one account, then the account is queried once per interval, not once per page, and not after the last page left', async () => {
    const at: number[] = [];
    hub = new LiveHub(async () => (at.push(Date.now()), []), logger, 20);
    const a = hub.subscribe(1, () => undefined);
    const b = hub.subscribe(1, () => undefined);
    await Promise.all([a.ready, b.ready]);
    await until(() => (at.length >= 4 ? true : undefined));
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(Math.min(...gaps), `gaps between queries: ${gaps.join(', ')} ms`).to.be.at.least(15);
    expect(hub.watched).to.equal(1);
    a.close();
    expect(hub.watched, 'one page still watches').to.equal(1);
    b.close();
    expect(hub.watched).to.equal(0);
    const count = at.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(at.length, 'no more queries once the last page left').to.be.at.most(count + 1);
  });

  it('given a call that appears, changes and ends, then subscribers get an upsert per change and a gone, and nothing while it stays the same', async () => {
    const changes: LiveChange[] = [];
    const sub = hub.subscribe(7, (c) => changes.push(c));
    expect(await sub.ready).to.deep.equal([]);
    calls.set(7, [row(1)]);
    await until(() => changes.find((c) => c.type === 'upsert' && c.call.state === 'ringing'));
    await new Promise((r) => setTimeout(r, 80));
    expect(changes).to.have.length(1);
    calls.set(7, [row(1, 'talking')]);
    await until(() => changes.find((c) => c.type === 'upsert' && c.call.state === 'talking'));
    calls.set(7, []);
    await until(() => changes.find((c) => c.type === 'gone'));
    expect(changes.map((c) => (c.type === 'gone' ? `gone ${c.id}` : `${c.call.id} ${c.call.state}`))).to.deep.equal(['1 ringing', '1 talking', 'gone 1']);
    sub.close();
  });

  it('given the database failing for a while, then the feed keeps trying and recovers', async () => {
    let failing = true;
    hub = new LiveHub(async () => {
      if (failing) throw new Error('database away');
      return [row(3)];
    }, logger, 20);
    const changes: LiveChange[] = [];
    const sub = hub.subscribe(1, (c) => changes.push(c));
    expect(await sub.ready).to.deep.equal([]);
    failing = false;
    await until(() => changes.find((c) => c.type === 'upsert'));
    sub.close();
  });
});
