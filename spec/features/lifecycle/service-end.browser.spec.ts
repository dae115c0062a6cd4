import { expect } from 'chai';
import { archiveEndedAccounts } from '../../../app/jobs/archive-ended-accounts';
import { screenshot, useBrowserApp } from '../../support/browser';
import type { FakeAsterisk } from '../../support/fake-asterisk';
import { TEST_PASSWORD } from '../../support/factories';
import { buildRecording } from '../storage/support';
import { populatedAccount, removeFakeStorage, withFakeStorage } from './support';

describe('in a real browser: storage on the dashboard, switching the service off, the archive', () => {
  const ctx = useBrowserApp();
  let fake: FakeAsterisk;
  before(async () => (fake = await withFakeStorage(ctx.app)));
  after(async () => {
    await fake.close();
    await removeFakeStorage(ctx.app);
  });

  it('shows storage usage, asks for confirmation, switches off, and the next day offers the archive', async function () {
    this.timeout(60_000);
    const { account, owner } = await populatedAccount(ctx.app, fake);
    await ctx.app.deps.db.query('UPDATE accounts SET storage_quota_bytes = 1048576 WHERE id = ?', [account.id]);
    await buildRecording(ctx.app.deps.db, account, { sizeBytes: 1_000_000, asteriskName: `calls/${account.id}/big` });
    fake.addStoredRecording(`calls/${account.id}/big`, 'wav', 1);
    ctx.app.clock.set(new Date('2026-12-21T06:00:00Z'));
    const page = await ctx.browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(`${ctx.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    const storage = page.getByTestId('storage-usage');
    expect(await storage.getAttribute('data-level')).to.equal('high');
    expect(await storage.textContent()).to.contain('из 1 МБ');
    await screenshot(page, 'storage-dashboard');

    await page.getByTestId('service-end-link').click();
    await page.getByTestId('switch-off').click();
    expect(await page.locator('#e-confirm').textContent()).to.contain('Подтвердите отключение');
    await screenshot(page, 'lifecycle-service-end-unconfirmed');
    await page.getByLabel('Я понимаю').check();
    await page.getByTestId('switch-off').click();
    expect(await page.getByTestId('archive-state').textContent()).to.contain('Архив будет подготовлен на следующий день');
    await screenshot(page, 'lifecycle-archive-preparing');

    ctx.app.clock.set(new Date('2026-12-21T20:00:00Z'));
    await archiveEndedAccounts.run(ctx.app.deps);
    await page.reload();
    expect(await page.getByTestId('archive-state').textContent()).to.contain('Архив готов');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('archive-download').click()]);
    expect(download.suggestedFilename()).to.match(new RegExp(`^vpbx-account-${account.id}-2026-12-21\\.zip$`));
    await screenshot(page, 'lifecycle-archive-ready');
  });
});
