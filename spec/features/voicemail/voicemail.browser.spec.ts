import { expect } from 'chai';
import { screenshot } from '../../support/browser';
import { addMember, buildAccountWithOwner, buildUser } from '../../support/factories';
import { buildExtension } from '../../support/telephony-factories';
import { audioDuration, signInPage, useBrowserWithAsterisk } from '../recordings/support';
import { buildMessage } from './message-factory';

describe('in a real browser: voicemail', () => {
  const ctx = useBrowserWithAsterisk();

  it('an employee opens his box from the dashboard, plays a message and marks it read; the owner sees the shared box', async function () {
    this.timeout(60_000);
    const { env, browser } = ctx;
    const { account, owner } = await buildAccountWithOwner(env.app.deps.db);
    const employee = await buildUser(env.app.deps.db, { name: 'Айгерим Сейітқызы' });
    await addMember(env.app.deps.db, account, employee, 'employee');
    const ext = await buildExtension(env.app.deps.db, account, '101', { userId: employee.id });
    const now = env.app.clock.now().getTime();
    await buildMessage(env, account, { box: 'ext-101', extensionId: ext.id, callerNumber: '+77015551234', durationSeconds: 4, createdAt: new Date(now - 3 * 3600_000) });
    await buildMessage(env, account, { box: 'ext-101', extensionId: ext.id, callerNumber: null, durationSeconds: 2, createdAt: new Date(now - 600_000) });
    await buildMessage(env, account, { box: 'sales', callerNumber: '+77017775566', durationSeconds: 3 });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInPage(page, env.app.baseUrl, employee.login!);
    await screenshot(page, 'voicemail-dashboard');
    await page.getByRole('link', { name: 'Голосовая почта' }).click();
    expect(await page.locator('tr[data-message]').count()).to.equal(2);
    const seconds = await audioDuration(page.locator('audio').first());
    expect(seconds).to.be.closeTo(2, 0.1);
    await screenshot(page, 'voicemail-employee');
    await page.locator('tr[data-message]').first().getByRole('button', { name: 'Прочитано' }).click();
    expect(await page.locator('tr[data-unread]').count()).to.equal(1);
    expect(await page.getByTestId('summary').innerText()).to.contain('Сообщений: 2, новых: 1');
    await screenshot(page, 'voicemail-marked-read');

    const ownerPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInPage(ownerPage, env.app.baseUrl, owner.login!);
    await ownerPage.goto(`${env.app.baseUrl}/a/${account.id}/voicemail`);
    expect(await ownerPage.locator('tr[data-message]').count()).to.equal(1);
    expect(await ownerPage.locator('tr[data-message]').innerText()).to.contain('Общий ящик «sales»');
    await screenshot(ownerPage, 'voicemail-owner');
  });
});
