import { expect } from 'chai';
import { screenshot } from '../../support/browser';
import { buildAccountWithOwner } from '../../support/factories';
import { buildExtension } from '../../support/telephony-factories';
import { audioDuration, buildRecordedCall, signInPage, useBrowserWithAsterisk } from './support';

describe('in a real browser: call recordings', () => {
  const ctx = useBrowserWithAsterisk();

  it('opens from the dashboard, plays a recording in <audio>, filters, and deletes after a second click', async function () {
    this.timeout(60_000);
    const { env, browser } = ctx;
    const { account, owner } = await buildAccountWithOwner(env.app.deps.db);
    const ext = await buildExtension(env.app.deps.db, account, '101', { name: 'Айгерим' });
    await buildRecordedCall(env, account, { startedAt: new Date('2026-11-20T06:30:00Z'), fromNumber: '+77015551234', extensionId: ext.id, billableSeconds: 4, consent: 'accepted' });
    await buildRecordedCall(env, account, { startedAt: new Date('2026-11-20T07:10:00Z'), direction: 'outbound', fromNumber: '101', toNumber: '+77017775566', extensionId: ext.id, billableSeconds: 95, consent: 'not_required' });
    await buildRecordedCall(env, account, { startedAt: new Date('2026-11-19T04:00:00Z'), direction: 'internal', fromNumber: '101', toNumber: '102', billableSeconds: 30, consent: 'declined' }, { sizeBytes: 150 * 1024 * 1024 });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInPage(page, env.app.baseUrl, owner.login!);
    await page.getByRole('link', { name: 'Записи разговоров' }).click();
    expect(await page.locator('tr[data-recording]').count()).to.equal(3);
    expect(await page.getByTestId('storage').innerText()).to.contain('Занято 152 МБ из 1 ГБ (15%)');

    const seconds = await audioDuration(page.locator('audio').first());
    expect(seconds).to.be.closeTo(5, 0.1); // the fake keeps at most 5 s of a recording
    await screenshot(page, 'recordings-list');

    await page.getByLabel('Номер', { exact: true }).fill('8 701 555 12 34');
    await page.getByLabel('Направление').selectOption('inbound');
    await page.getByRole('button', { name: 'Показать' }).click();
    expect(await page.locator('tr[data-recording]').count()).to.equal(1);
    await screenshot(page, 'recordings-filtered');

    await page.locator('tr[data-recording] summary').click();
    await page.getByRole('button', { name: 'Удалить безвозвратно' }).click();
    expect(await page.locator('.flash').innerText()).to.contain('Запись удалена.');
    expect(await page.locator('tr[data-recording]').count()).to.equal(2);
    await screenshot(page, 'recordings-deleted');
  });
});
