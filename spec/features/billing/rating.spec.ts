import { expect } from 'chai';
import { Account } from '../../../app/features/accounts/entities';
import { classify, loadPrefixes, type PrefixTable } from '../../../app/features/billing/destinations';
import { balance, entries } from '../../../app/features/billing/ledger';
import { rateFinishedCalls } from '../../../app/features/billing/rate-calls';
import { billedMinutes } from '../../../app/features/billing/rating';
import { addTariffVersion } from '../../../app/features/billing/tariff-admin';
import { accountGate } from '../../../app/pbx/flows/account-gate';
import { startTestApp, type TestApp } from '../../support/app';
import { buildAccount } from '../../support/factories';
import { basePrices, buildForwardedCall, buildOutboundCall, buildTariff } from './support';

const DEC_1 = new Date('2026-11-30T19:00:00Z'); // 2026-12-01 00:00 in Almaty
const at = (iso: string) => new Date(iso);

describe('billing: rating calls', () => {
  let app: TestApp;
  let prefixes: PrefixTable;
  before(async () => {
    app = await startTestApp();
    prefixes = await loadPrefixes(app.deps.db);
  });
  after(() => app.close());
  // The cursor only speeds up later runs; each test starts from the beginning of time.
  beforeEach(() => app.deps.db.query('DELETE FROM billing_cursors'));

  const rate = () => rateFinishedCalls(app.deps);
  const cachedBalance = async (id: number) => Number((await app.deps.db.getRepository(Account).findOneByOrFail({ id })).balanceTiyn);

  it('classifies Kazakh numbers by prefix against the caller\'s own city', () => {
    const almaty = '+77272000000';
    expect(classify('+77273334455', almaty, prefixes)).to.equal('local');
    expect(classify('87273334455', almaty, prefixes)).to.equal('local');
    expect(classify('+77172334455', almaty, prefixes)).to.equal('long_distance');
    expect(classify('+77172334455', '+77172000000', prefixes)).to.equal('local');
    expect(classify('+77011234567', almaty, prefixes)).to.equal('mobile');
    expect(classify('+77471234567', almaty, prefixes)).to.equal('mobile');
    expect(classify('+74951234567', almaty, prefixes)).to.equal('international');
    expect(classify('+493012345678', almaty, prefixes)).to.equal('international');
    expect(classify('112', almaty, prefixes)).to.equal('emergency');
  });

  it('bills every started minute as a whole minute', () => {
    expect([1, 59, 60, 61, 120, 121].map(billedMinutes)).to.deep.equal([1, 1, 1, 2, 2, 3]);
  });

  it('prices each class at its rate, rounded up per started minute, and charges each call once however often it runs', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode });
    await buildOutboundCall(app.deps.db, account, '+77273334455', at('2026-12-02T05:00:00Z'), 61); // local, 2 min: 20 ₸
    await buildOutboundCall(app.deps.db, account, '+77172334455', at('2026-12-02T05:10:00Z'), 60); // long distance, 1 min: 20 ₸
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:20:00Z'), 1); // mobile, 1 min: 30 ₸
    await buildOutboundCall(app.deps.db, account, '+493012345678', at('2026-12-02T05:30:00Z'), 179); // international, 3 min: 300 ₸
    await buildForwardedCall(app.deps.db, account, '+77019998877', at('2026-12-02T05:40:00Z'), 90); // forwarded to mobile, 2 min: 60 ₸
    expect(await rate()).to.equal(5);
    expect(await rate()).to.equal(0);
    expect(await balance(app.deps.db, account.id)).to.equal(-(2000 + 2000 + 3000 + 30_000 + 6000));
    expect(await cachedBalance(account.id)).to.equal(-43_000);
    const list = await entries(app.deps.db, account.id, { from: DEC_1, to: at('2027-01-01T00:00:00Z') });
    expect(list).to.have.length(5);
    expect(list.every((e) => e.category === 'calls' && e.kind === 'charge')).to.equal(true);
  });

  it('rates a call whose record was finished late (after a PBX outage) with an end long before calls already rated', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode });
    await buildOutboundCall(app.deps.db, account, '+77273334455', at('2026-12-02T05:00:00Z'), 60);
    const late = await buildOutboundCall(app.deps.db, account, '+77273334466', at('2026-12-01T20:00:00Z'), 60);
    await app.deps.db.query("UPDATE calls SET state = 'active', ended_at = NULL WHERE id = ?", [late.id]);
    expect(await rate()).to.equal(1);
    // The engine reconnects hours later and finishes the record as of the moment it lost the connection.
    await app.deps.db.query("UPDATE calls SET state = 'ended', ended_at = ? WHERE id = ?", [at('2026-12-01T20:01:05Z'), late.id]);
    expect(await rate()).to.equal(1);
    expect(await balance(app.deps.db, account.id)).to.equal(-2 * 1000);
  });

  it('charges once when several rating runs overlap', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const accounts = await Promise.all([1, 2, 3].map(() => buildAccount(app.deps.db, { tariffCode })));
    for (const [i, account] of accounts.entries()) {
      for (let k = 0; k < 20; k++) await buildOutboundCall(app.deps.db, account, '+77011234567', new Date(Date.UTC(2026, 11, 3, i, k)), 30);
    }
    const runs = await Promise.all([1, 2, 3, 4].map(() => rateFinishedCalls(app.deps, { batchSize: 7 })));
    expect(runs.reduce((a, b) => a + b, 0)).to.equal(60);
    for (const account of accounts) {
      expect(await balance(app.deps.db, account.id)).to.equal(-20 * 3000);
      expect(await cachedBalance(account.id)).to.equal(-20 * 3000);
    }
  });

  it('rates interleaved outbound calls and forwarded legs across small batches without skipping any', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode });
    for (let i = 0; i < 4; i++) {
      await buildOutboundCall(app.deps.db, account, '+77011234567', new Date(Date.UTC(2026, 11, 4, 5, i * 2)), 60);
      await buildForwardedCall(app.deps.db, account, '+77011234567', new Date(Date.UTC(2026, 11, 4, 5, i * 2 + 1)), 60);
    }
    expect(await rateFinishedCalls(app.deps, { batchSize: 3 })).to.equal(8);
    expect(await balance(app.deps.db, account.id)).to.equal(-8 * 3000);
  });

  it('prices calls at the rate in force at their start: a change from a date leaves earlier calls at the old rate', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode });
    const change = at('2026-12-10T00:00:00Z');
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-09T23:59:00Z'), 120); // before: 2 × 30 ₸
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-10T00:01:00Z'), 120); // after: 2 × 45 ₸
    await addTariffVersion(app.deps.db, tariffCode, basePrices(change, { rates: { local: 1000, long_distance: 2000, mobile: 4500, international: 10_000 } }), 0, at('2026-12-01T00:00:00Z'));
    await rate();
    const list = await entries(app.deps.db, account.id, { from: DEC_1, to: at('2027-01-01T00:00:00Z') });
    expect(list.map((e) => Number(e.amountTiyn))).to.deep.equal([-6000, -9000]);
  });

  it('refuses to change prices from a moment already past', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const attempt = addTariffVersion(app.deps.db, tariffCode, basePrices(at('2026-12-01T00:00:00Z')), 0, at('2026-12-05T00:00:00Z'));
    await attempt.then(() => expect.fail('accepted a past date'), (err: { messageKey?: string }) => expect(err.messageKey).to.equal('billing.tariffs.errors.past'));
  });

  it('uses included minutes first, per month, for calls inside Kazakhstan only', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'), { includedMinutes: 3 });
    const account = await buildAccount(app.deps.db, { tariffCode });
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:00:00Z'), 120); // 2 included
    await buildOutboundCall(app.deps.db, account, '+493012345678', at('2026-12-02T05:05:00Z'), 60); // international: never included, 100 ₸
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:10:00Z'), 120); // 1 included + 1 × 30 ₸
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:20:00Z'), 60); // 30 ₸
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2027-01-02T05:00:00Z'), 60); // January: included again
    await rate();
    const amounts = async (from: Date, to: Date) => (await entries(app.deps.db, account.id, { from, to })).map((e) => Number(e.amountTiyn));
    expect(await amounts(DEC_1, at('2026-12-31T19:00:00Z'))).to.deep.equal([0, -10_000, -3000, -3000]);
    expect(await amounts(at('2026-12-31T19:00:00Z'), at('2027-02-01T00:00:00Z'))).to.deep.equal([0]);
  });

  it('closes the prepaid gate once rated calls use up the balance and the credit limit', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode, paymentMethod: 'prepaid', balanceTiyn: 0, creditLimitTiyn: 5000 });
    const gate = async () => accountGate(await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id }));
    expect((await gate()).open).to.equal(true);
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:00:00Z'), 60); // 30 ₸ of 50 ₸ credit
    await rate();
    expect((await gate()).open).to.equal(true);
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T06:00:00Z'), 60);
    await rate();
    expect(await gate()).to.deep.include({ open: false, reason: 'no_funds' });
  });

  it('never charges an emergency call', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode });
    await buildOutboundCall(app.deps.db, account, '112', at('2026-12-02T05:00:00Z'), 300);
    expect(await rate()).to.equal(1);
    expect(await balance(app.deps.db, account.id)).to.equal(0);
  });
});
