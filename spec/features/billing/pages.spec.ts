import { expect } from 'chai';
import { AccountService } from '../../../app/features/billing/entities';
import { rateFinishedCalls } from '../../../app/features/billing/rate-calls';
import { TariffCatalog } from '../../../app/features/billing/tariffs';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';
import { buildOutboundCall, buildTariff } from './support';

const at = (iso: string) => new Date(iso);

describe('billing: services, usage and tariff pages', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
    app.clock.set(at('2026-12-06T06:00:00Z'));
  });
  after(() => app.close());

  async function signedIn(user: { login: string | null }) {
    const agent = app.agent();
    await signIn(agent, user.login!, TEST_PASSWORD);
    return agent;
  }

  it('lets support staff add prices from a future date, refuses a past one, and hides the console from members', async () => {
    const staff = await buildUser(app.deps.db, { staffRole: 'support' });
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'));
    const agent = await signedIn(staff);
    expect((await agent.get('/support/tariffs')).text).to.contain(tariffCode).and.contain('Старт');
    const page = `/support/tariffs/${tariffCode}`;
    const fields = { monthlyFee: '6 000', includedMinutes: '200', lowBalanceThreshold: '1000', rate_local: '9', rate_long_distance: '19', rate_mobile: '29,50', rate_international: '99', option_recording: '1 200', option_extra_number: '' };
    const past = await submitForm(agent, page, `${page}/versions`, { ...fields, validFrom: '2026-12-06' });
    expect(past.status).to.equal(422);
    expect(past.text).to.contain('только с завтрашнего дня');
    const saved = await submitForm(agent, page, `${page}/versions`, { ...fields, validFrom: '2027-01-01' });
    expect(saved.status).to.equal(302);
    const prices = (await TariffCatalog.load(app.deps.db)).at(tariffCode, at('2027-01-01T00:00:00Z'))!;
    expect(prices).to.deep.include({ monthlyFeeTiyn: 600_000, includedMinutes: 200, validFrom: at('2026-12-31T19:00:00Z') });
    expect(prices.rates).to.deep.equal({ local: 900, long_distance: 1900, mobile: 2950, international: 9900 });
    expect(prices.optionFees).to.deep.equal({ recording: 120_000 });
    expect((await TariffCatalog.load(app.deps.db)).at(tariffCode, at('2026-12-31T18:59:59Z'))!.rates.mobile).to.equal(3000);

    const { account, owner } = await buildAccountWithOwner(app.deps.db, { tariffCode: 'start' });
    const member = await signedIn(owner);
    expect((await member.get('/support/tariffs')).status).to.equal(404);
    expect((await member.get(page)).status).to.equal(404);
    const refused = await submitForm(member, `/a/${account.id}/services`, `${page}/versions`, { ...fields, validFrom: '2027-02-01' });
    expect(refused.status).to.equal(404);
  });

  it('lets the owner switch options on and choose the next month\'s plan; the accountant only looks', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { tariffCode: 'start' });
    const agent = await signedIn(owner);
    const page = `/a/${account.id}/services`;
    expect((await agent.get(page)).text).to.contain('Старт').and.contain('Запись разговоров');
    expect((await submitForm(agent, page, `${page}/options`, { qty_recording: '1', qty_extra_number: '2' })).status).to.equal(302);
    const rows = await app.deps.db.getRepository(AccountService).findBy({ accountId: account.id, kind: 'option' });
    expect(rows.map((r) => [r.code, r.quantity])).to.have.deep.members([['recording', 1], ['extra_number', 2]]);
    expect((await submitForm(agent, page, `${page}/plan`, { plan: 'business' })).status).to.equal(302);
    const after = await agent.get(page);
    expect(after.text).to.contain('С 2027-01-01 — тариф «Бизнес»').and.contain('Тариф «Бизнес» будет действовать с 2027-01-01.');
    expect(after.text).to.match(/Итого в месяц: 9\s400,00 ₸/); // 4 900 plan + 1 500 recording + 2 × 1 500 numbers
    expect((await submitForm(agent, page, `${page}/plan`, { plan: 'no-such-plan' })).status).to.equal(422);

    const accountant = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, accountant, 'accountant');
    const reader = await signedIn(accountant);
    const readOnly = await reader.get(page);
    expect(readOnly.status).to.equal(200);
    expect(readOnly.text).to.contain('data-testid="read-only"').and.not.contain('/services/plan');
    expect((await submitForm(reader, page, `${page}/options`, { qty_fax: '1' })).status).to.equal(403);
  });

  it('shows this month\'s minutes by destination, included minutes left, charges and entries', async () => {
    const tariffCode = await buildTariff(app.deps.db, at('2026-01-01T00:00:00Z'), { includedMinutes: 10 });
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { tariffCode });
    await buildOutboundCall(app.deps.db, account, '+77011234567', at('2026-12-02T05:00:00Z'), 240);
    await buildOutboundCall(app.deps.db, account, '+493012345678', at('2026-12-02T06:00:00Z'), 60);
    await app.deps.db.query('DELETE FROM billing_cursors');
    await rateFinishedCalls(app.deps);
    const page = await (await signedIn(owner)).get(`/a/${account.id}/usage`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Осталось включенных минут: 6 из 10');
    expect(page.text).to.match(/data-class="mobile"><td>Мобильные<\/td><td class="num">1<\/td><td class="num">4<\/td><td class="num">4<\/td>/);
    expect(page.text).to.contain('Международные').and.contain('Исходящий звонок');
    expect(page.text).to.contain('data-testid="call-charges">100,00');
  });

  it('answers 404 for another account\'s services and usage', async () => {
    const mine = await buildAccountWithOwner(app.deps.db, { tariffCode: 'start' });
    const other = await buildAccountWithOwner(app.deps.db, { tariffCode: 'start' });
    const agent = await signedIn(mine.owner);
    expect((await agent.get(`/a/${other.account.id}/services`)).status).to.equal(404);
    expect((await agent.get(`/a/${other.account.id}/usage`)).status).to.equal(404);
    const res = await submitForm(agent, `/a/${mine.account.id}/services`, `/a/${other.account.id}/services/options`, { qty_recording: '1' });
    expect(res.status).to.equal(404);
    expect(await app.deps.db.getRepository(AccountService).countBy({ accountId: other.account.id })).to.equal(0);
  });
});
