import { expect } from 'chai';
import { choosePlan, setOption } from '../../../app/features/billing/account-services';
import { Account } from '../../../app/features/accounts/entities';
import { chargeMonthlyFees } from '../../../app/features/billing/fees';
import { balance, entries, post } from '../../../app/features/billing/ledger';
import { rateFinishedCalls } from '../../../app/features/billing/rate-calls';
import { NotificationsService } from '../../../app/features/notifications/service';
import { startTestApp, type TestApp } from '../../support/app';
import { buildAccount, buildAccountWithOwner } from '../../support/factories';
import { buildOutboundCall, buildTariff } from './support';

const at = (iso: string) => new Date(iso);

describe('billing: monthly fees and low-balance notices', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());
  beforeEach(() => app.deps.db.query('DELETE FROM billing_cursors'));

  it('charges the plan and each option once a month, in full, whatever the number of runs', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode, createdAt: at('2026-11-15T00:00:00Z') });
    await app.deps.db.transaction((em) => setOption(em, account.id, 'extra_number', 2, 0, at('2026-12-10T00:00:00Z')));
    app.clock.set(at('2026-12-15T10:00:00Z'));
    await chargeMonthlyFees(app.deps);
    await chargeMonthlyFees(app.deps);
    const december = await entries(app.deps.db, account.id, { from: at('2026-11-30T19:00:00Z'), to: at('2026-12-31T19:00:00Z') });
    expect(december.map((e) => [e.sourceKey, Number(e.amountTiyn), e.category])).to.have.deep.members([
      ['fee:2026-12:' + tariffCode, -500_000, 'subscription'],
      ['fee:2026-12:extra_number', -200_000, 'option:extra_number'],
    ]);
    app.clock.set(at('2027-01-01T03:00:00Z'));
    await chargeMonthlyFees(app.deps);
    expect(await balance(app.deps.db, account.id)).to.equal(-1_400_000);
  });

  it('switches a chosen plan on the 1st of next month: this month keeps the old fee, the next one charges the new', async () => {
    const oldPlan = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'), { monthlyFeeTiyn: 100_000 });
    const newPlan = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'), { monthlyFeeTiyn: 300_000 });
    const account = await buildAccount(app.deps.db, { tariffCode: oldPlan, createdAt: at('2026-11-01T00:00:00Z') });
    await app.deps.db.transaction((em) => choosePlan(em, account.id, newPlan, 0, at('2026-12-10T00:00:00Z')));
    app.clock.set(at('2026-12-20T00:00:00Z'));
    await chargeMonthlyFees(app.deps);
    expect((await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id })).tariffCode).to.equal(oldPlan);
    app.clock.set(at('2027-01-01T01:00:00Z'));
    await chargeMonthlyFees(app.deps);
    expect((await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id })).tariffCode).to.equal(newPlan);
    const fees = (await entries(app.deps.db, account.id, { from: at('2026-01-01T00:00:00Z'), to: at('2028-01-01T00:00:00Z') })).map((e) => [e.sourceKey, Number(e.amountTiyn)]);
    expect(fees).to.deep.equal([[`fee:2026-12:${oldPlan}`, -100_000], [`fee:2027-01:${newPlan}`, -300_000]]);
  });

  it('keeps an option switched off until the end of the month already paid', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode });
    await app.deps.db.transaction((em) => setOption(em, account.id, 'recording', 1, 0, at('2026-12-02T00:00:00Z')));
    await app.deps.db.transaction((em) => setOption(em, account.id, 'recording', 0, 0, at('2026-12-20T00:00:00Z')));
    app.clock.set(at('2026-12-25T00:00:00Z'));
    await chargeMonthlyFees(app.deps);
    app.clock.set(at('2027-01-05T00:00:00Z'));
    await chargeMonthlyFees(app.deps);
    const keys = (await entries(app.deps.db, account.id, { from: at('2026-01-01T00:00:00Z'), to: at('2028-01-01T00:00:00Z') })).map((e) => e.sourceKey);
    expect(keys).to.include('fee:2026-12:recording').and.not.include('fee:2027-01:recording');
  });

  it('tells a prepaid account once when its balance falls below the threshold, and again after the next fall', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'), { lowBalanceThresholdTiyn: 100_000 });
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { tariffCode, paymentMethod: 'prepaid' });
    await post(app.deps.db, { accountId: account.id, kind: 'payment', amountTiyn: 103_000, occurredAt: at('2026-12-01T00:00:00Z'), reason: 'test', sourceKey: 'payment:t1', category: 'payment' });
    const notices = new NotificationsService(app.deps.db, app.deps.mailer, app.deps.clock);
    const lowNotices = async () => (await notices.list(account.id)).filter((n) => n.kind === 'low_balance');
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:00:00Z'), 60); // 103 000 → 100 000: not below
    await rateFinishedCalls(app.deps);
    expect(await lowNotices()).to.have.length(0);
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T06:00:00Z'), 60); // → 97 000: below
    await rateFinishedCalls(app.deps);
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T07:00:00Z'), 60); // still below: no second notice
    await rateFinishedCalls(app.deps);
    expect(await lowNotices()).to.have.length(1);
    const mail = await app.mail.waitFor(owner.email);
    expect(mail.text).to.contain('970,00 ₸');
    await post(app.deps.db, { accountId: account.id, kind: 'payment', amountTiyn: 50_000, occurredAt: at('2026-12-03T00:00:00Z'), reason: 'test', sourceKey: 'payment:t2', category: 'payment' });
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-03T05:00:00Z'), 1500); // 25 min: 144 000 → 69 000
    await rateFinishedCalls(app.deps);
    expect(await lowNotices()).to.have.length(2);
  });

  it('tells a prepaid account once when its balance plus credit limit runs out (calls are refused from then)', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { tariffCode, paymentMethod: 'prepaid', creditLimitTiyn: 2_000 });
    await post(app.deps.db, { accountId: account.id, kind: 'payment', amountTiyn: 4_000, occurredAt: at('2026-12-01T00:00:00Z'), reason: 'test', sourceKey: `payment:fx${account.id}`, category: 'payment' });
    const notices = new NotificationsService(app.deps.db, app.deps.mailer, app.deps.clock);
    const exhausted = async () => (await notices.list(account.id)).filter((n) => n.kind === 'funds_exhausted');
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:00:00Z'), 60); // 4 000 → 1 000: 3 000 with credit
    await rateFinishedCalls(app.deps);
    expect(await exhausted()).to.have.length(0);
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T06:00:00Z'), 60); // → -2 000: nothing left with credit
    await rateFinishedCalls(app.deps);
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T07:00:00Z'), 60); // still nothing: no second notice
    await rateFinishedCalls(app.deps);
    expect(await exhausted()).to.have.length(1);
    expect((await app.mail.waitFor(owner.email, (m) => m.subject === 'Средства закончились')).text).to.contain('-20,00 ₸');
  });

  it('does not tell a postpaid account about a low balance', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const account = await buildAccount(app.deps.db, { tariffCode, paymentMethod: 'postpaid' });
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:00:00Z'), 60);
    await rateFinishedCalls(app.deps);
    expect(await new NotificationsService(app.deps.db, app.deps.mailer, app.deps.clock).list(account.id)).to.have.length(0);
  });
});
