import { expect } from 'chai';
import { rollUpChangedDays } from '../../../app/features/stats/rollup';
import { SCREENSHOT_DIR, screenshot, useBrowserApp } from '../../support/browser';
import { buildAccountWithOwner, TEST_PASSWORD } from '../../support/factories';
import { buildExtension, buildNumber } from '../../support/telephony-factories';
import { insertStatsCalls, type Fate, type StatsCall } from './stats-factory';

describe('in a real browser: call statistics', () => {
  const ctx = useBrowserApp();

  it('opens from the dashboard with JavaScript off, draws the charts and narrows by the GET form', async function () {
    this.timeout(60_000);
    const db = ctx.app.deps.db;
    ctx.app.clock.set(new Date('2026-11-25T09:00:00Z'));
    await db.query('DELETE FROM job_watermarks');
    const { account, owner } = await buildAccountWithOwner(db);
    const numbers = [await buildNumber(db, account), await buildNumber(db, account)];
    const people = [await buildExtension(db, account, '101', { name: 'Айгерим' }), await buildExtension(db, account, '102', { name: 'Бауыржан' })];
    const fates: Fate[] = ['answered', 'answered', 'answered', 'missed', 'lost', 'refused'];
    const calls: StatsCall[] = Array.from({ length: 400 }, (_, i) => {
      const day = (i * 7) % 25;
      const hour = 8 + ((i * 5) % 11) - (i % 9 === 0 ? 6 : 0);
      const fate = fates[i % fates.length];
      return {
        startedAt: new Date(Date.UTC(2026, 10, 1 + day, hour - 5, (i * 13) % 60)), fate, phoneNumberId: numbers[i % 2].id,
        extensionId: fate === 'answered' ? people[i % 2].id : null, waitSeconds: 5 + (i % 40), billableSeconds: 30 + ((i * 37) % 400),
      };
    }).filter((c) => c.startedAt < new Date('2026-11-25T08:00:00Z'));
    await insertStatsCalls(db, account, calls);
    await rollUpChangedDays(ctx.app.deps.db, 0);

    const context = await ctx.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${ctx.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('link', { name: 'Статистика' }).click();
    expect(await page.locator('[data-testid="chart-days"] rect').count()).to.be.greaterThan(25);
    expect(await page.locator('[data-stat="calls"]').textContent()).to.equal(String(calls.length));
    await screenshot(page, 'stats-month');
    await page.locator('[data-testid="chart-hours"]').screenshot({ path: `${SCREENSHOT_DIR}/stats-chart-hours.png` });
    await page.getByLabel('Внутренний номер').selectOption({ label: '101 Айгерим' });
    await page.getByRole('button', { name: 'Показать' }).click();
    expect(page.url()).to.contain(`extension=${people[0].id}`);
    expect(Number(await page.locator('[data-stat="calls"]').textContent())).to.be.lessThan(calls.length);
    await screenshot(page, 'stats-employee');
    await context.close();
  });
});
