import { expect } from 'chai';
import { Account } from '../../../app/features/accounts/entities';
import { balance, entries, post, postEntry } from '../../../app/features/billing/ledger';
import { startTestApp, type TestApp } from '../../support/app';
import { buildAccount } from '../../support/factories';

describe('billing ledger', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  const charge = (accountId: number, sourceKey: string, amountTiyn: number, occurredAt = new Date('2026-12-01T10:00:00Z')) => ({
    accountId, kind: 'charge' as const, amountTiyn, occurredAt, reason: 'test', sourceKey, category: 'calls',
  });

  it('posts an entry once per source key and keeps the balance cache equal to the sum', async () => {
    const account = await buildAccount(app.deps.db);
    expect(await post(app.deps.db, charge(account.id, 'call:1', -500))).to.equal(true);
    expect(await post(app.deps.db, charge(account.id, 'call:1', -500))).to.equal(false);
    const paid = await postEntry(app.deps.db, { ...charge(account.id, 'payment:x', 2000), kind: 'payment', category: 'payment' });
    expect(paid?.balanceTiyn).to.equal(1500);
    expect(await balance(app.deps.db, account.id)).to.equal(1500);
    const cached = await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id });
    expect(Number(cached.balanceTiyn)).to.equal(1500);
  });

  it('charges once when the same source key is posted concurrently', async () => {
    const account = await buildAccount(app.deps.db);
    const results = await Promise.all(Array.from({ length: 12 }, () => post(app.deps.db, charge(account.id, 'fee:2026-12:start', -4900))));
    expect(results.filter(Boolean)).to.have.length(1);
    expect(await balance(app.deps.db, account.id)).to.equal(-4900);
    expect(Number((await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id })).balanceTiyn)).to.equal(-4900);
  });

  it('joins a caller transaction and rolls back with it', async () => {
    const account = await buildAccount(app.deps.db);
    await app.deps.db.transaction(async (em) => {
      expect(await post(em, charge(account.id, 'call:2', -100))).to.equal(true);
      expect(await post(em, charge(account.id, 'call:2', -100))).to.equal(false);
      expect(await post(em, charge(account.id, 'call:3', -100))).to.equal(true);
    });
    await app.deps.db.transaction(async (em) => {
      await post(em, charge(account.id, 'call:4', -100));
      throw new Error('abort');
    }).catch(() => undefined);
    expect(await balance(app.deps.db, account.id)).to.equal(-200);
  });

  it('lists entries of a period and refuses fractional or wrongly signed amounts', async () => {
    const account = await buildAccount(app.deps.db);
    await post(app.deps.db, charge(account.id, 'a', -1, new Date('2026-11-30T23:59:59Z')));
    await post(app.deps.db, charge(account.id, 'b', -2, new Date('2026-12-01T00:00:00Z')));
    const list = await entries(app.deps.db, account.id, { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(list.map((e) => e.sourceKey)).to.deep.equal(['b']);
    let failed = 0;
    for (const bad of [charge(account.id, 'c', -1.5), charge(account.id, 'd', 10), { ...charge(account.id, 'e', -10), kind: 'payment' as const }]) {
      await post(app.deps.db, bad).catch(() => failed++);
    }
    expect(failed).to.equal(3);
  });
});
