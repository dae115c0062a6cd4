import { expect } from 'chai';
import { screenshot, useBrowserApp } from '../../support/browser';
import { buildAccountWithOwner, TEST_PASSWORD } from '../../support/factories';
import { buildExtension } from '../../support/telephony-factories';
import { buildCall, buildCalls } from './call-factory';

describe('in a real browser: call history', () => {
  const ctx = useBrowserApp();

  it('opens from the dashboard, filters with the GET form (no script needed) and keeps the chosen values', async function () {
    this.timeout(60_000);
    const { account, owner } = await buildAccountWithOwner(ctx.app.deps.db);
    const ext = await buildExtension(ctx.app.deps.db, account, '101', { name: 'Айгерим' });
    await buildCalls(ctx.app.deps.db, account, 60, { extensionId: ext.id });
    await buildCall(ctx.app.deps.db, account, { startedAt: new Date('2026-11-20T06:30:00Z'), fromNumber: '+77015551234', extensionId: ext.id, recordingId: 1, consent: 'accepted' });
    await buildCall(ctx.app.deps.db, account, { startedAt: new Date('2026-11-20T07:10:00Z'), disposition: 'no_answer', billableSeconds: 0 });
    const page = await ctx.browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${ctx.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('link', { name: 'История звонков' }).click();
    await screenshot(page, 'calls-history');
    await page.getByLabel('Номер', { exact: true }).fill('8 701 555 12 34');
    await page.getByLabel('Направление').selectOption('inbound');
    await page.getByRole('button', { name: 'Показать' }).click();
    expect(await page.locator('tr[data-call]').count()).to.equal(1);
    expect(await page.getByLabel('Номер', { exact: true }).inputValue()).to.equal('8 701 555 12 34');
    expect(await page.getByLabel('Направление').inputValue()).to.equal('inbound');
    await page.goto(`${ctx.app.baseUrl}/a/${account.id}/calls?from=2026-13-01&direction=sideways`);
    await screenshot(page, 'calls-history-bad-filters');
  });
});
