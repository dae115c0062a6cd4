import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { rateFinishedCalls } from '../../../app/features/billing/rate-calls';
import { chargeMonthlyFees } from '../../../app/features/billing/fees';
import { screenshot, useBrowserApp } from '../../support/browser';
import { buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { buildOutboundCall } from './support';

describe('in a real browser: services, usage and tariffs', () => {
  const ctx = useBrowserApp();

  async function signIn(page: Page, login: string) {
    await page.goto(`${ctx.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(login);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
  }

  it('lets the owner switch on recording from the dashboard and see the month\'s usage', async function () {
    this.timeout(60_000);
    ctx.app.clock.set(new Date('2026-12-06T06:00:00Z'));
    const { account, owner } = await buildAccountWithOwner(ctx.app.deps.db, { tariffCode: 'start', paymentMethod: 'prepaid', createdAt: new Date('2026-11-01T00:00:00Z') });
    await buildOutboundCall(ctx.app.deps.db, account, '+77011234567', new Date('2026-12-02T05:00:00Z'), 4000);
    await buildOutboundCall(ctx.app.deps.db, account, '+77172334455', new Date('2026-12-03T05:00:00Z'), 600);
    await buildOutboundCall(ctx.app.deps.db, account, '+493012345678', new Date('2026-12-04T05:00:00Z'), 125);
    await rateFinishedCalls(ctx.app.deps);
    await chargeMonthlyFees(ctx.app.deps);
    const page = await ctx.browser.newPage({ viewport: { width: 1200, height: 800 } });
    await signIn(page, owner.login!);
    await page.getByTestId('services-link').click();
    await page.getByLabel('Запись разговоров').check();
    await page.getByLabel('Дополнительный номер').fill('2');
    await page.getByRole('button', { name: 'Сохранить опции' }).click();
    expect(await page.getByTestId('monthly-total').textContent()).to.match(/9\s400,00/);
    await screenshot(page, 'billing-services');
    await page.goto(`${ctx.app.baseUrl}/a/${account.id}`);
    await page.getByTestId('usage-link').click();
    expect(await page.getByTestId('included-left').textContent()).to.contain('23 из 100') // 67 + 10 min inside Kazakhstan; international never included;
    await screenshot(page, 'billing-usage');
  });

  it('shows support staff a tariff\'s prices by date with the form for new ones', async function () {
    this.timeout(60_000);
    const staff = await buildUser(ctx.app.deps.db, { staffRole: 'support' });
    const page = await ctx.browser.newPage({ viewport: { width: 1200, height: 800 } });
    await signIn(page, staff.login!);
    await page.goto(`${ctx.app.baseUrl}/support/accounts`);
    await page.getByTestId('tariffs-link').click();
    await screenshot(page, 'billing-support-tariffs');
    await page.getByRole('link', { name: 'business' }).click();
    expect(await page.getByLabel('Мобильные').inputValue()).to.equal('22.00');
    await screenshot(page, 'billing-support-tariff');
  });
});
