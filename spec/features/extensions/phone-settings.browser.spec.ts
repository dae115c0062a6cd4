import { expect } from 'chai';
import path from 'node:path';
import { screenshot, SCREENSHOT_DIR, useBrowserApp } from '../../support/browser';
import { buildAccountWithOwner, TEST_PASSWORD } from '../../support/factories';
import { buildExtension, buildNumber } from '../../support/telephony-factories';

describe('in a real browser: an extension and its phone settings card', () => {
  const ctx = useBrowserApp();

  it('creates an extension from the dashboard and shows server, login, the password once and a QR code', async function () {
    this.timeout(60_000);
    const { account, owner } = await buildAccountWithOwner(ctx.app.deps.db);
    await buildNumber(ctx.app.deps.db, account, undefined, '+77272001122');
    await buildExtension(ctx.app.deps.db, account, '200', { forwardBusy: '+77015551234' });
    const page = await ctx.browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(`${ctx.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('link', { name: 'Внутренние номера' }).click();
    await page.getByLabel('Внутренний номер').fill('201');
    await page.getByLabel('Название').fill('Приёмная');
    await screenshot(page, 'extensions-list');
    await page.getByRole('button', { name: 'Создать' }).click();
    const card = page.getByTestId('phone-settings');
    await card.waitFor();
    expect(await page.getByTestId('sip-login').textContent()).to.equal(`a${account.id}-201`);
    expect(await page.getByTestId('sip-password').textContent()).to.have.length(16);
    expect(await page.locator('[data-testid="sip-qr"] svg').count()).to.equal(1);
    await card.screenshot({ path: path.join(SCREENSHOT_DIR, 'extension-phone-settings.png') });
    await screenshot(page, 'extension-created');
    await page.goto(`${ctx.app.baseUrl}/a/${account.id}/numbers`);
    await screenshot(page, 'numbers');
  });
});
