import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { dialFrom } from '../pbx/outbound-support';
import { launchBrowser, screenshot } from '../support/browser';
import { until } from '../support/until';
import { TEST_PASSWORD } from '../support/factories';
import { buildExtension, buildNumber, randomMobile } from '../support/telephony-factories';
import { useLiveWorld } from '../features/live/support';
import { buildAccountWithOwner } from '../support/factories';
import { buildCall } from '../features/calls/call-factory';

const trunk = (number: string) => `PJSIP/${number}@carrier`;

describe('in a real browser: live monitoring', () => {
  const w = useLiveWorld();
  let browser: Browser;
  before(async () => (browser = await launchBrowser()));
  after(() => browser?.close());

  it('shows a call appear, ring, talk and disappear without reloading, and lets the owner end one', async function () {
    this.timeout(60_000);
    const { account, owner } = await buildAccountWithOwner(w.app.deps.db, { paymentMethod: 'postpaid', recordCalls: false });
    await buildNumber(w.h.deps.db, account);
    const ext = await buildExtension(w.h.deps.db, account, '201', { name: 'Айгуль Серикова' });
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${w.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('link', { name: 'Звонки сейчас' }).click();
    await page.getByText('Сейчас звонков нет.').waitFor();
    await page.getByText('Обновляется в реальном времени').waitFor();
    // Survives only as long as the page is not reloaded.
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

    const callee = randomMobile();
    w.h.fake.onDial(trunk(callee), 'manual');
    const phone = dialFrom(w.h, ext, callee);
    const far = await w.h.fake.waitForDial(trunk(callee));
    const row = page.locator('tr[data-live-call]');
    await row.getByText('Звонит').waitFor();
    expect(await row.textContent()).to.contain(callee).and.to.contain('201 Айгуль Серикова');
    far.answer();
    await row.getByText('Разговор').waitFor();
    const before = await row.locator('[data-elapsed]').textContent();
    await until(async () => ((await row.locator('[data-elapsed]').textContent()) !== before ? true : undefined), 5000, 'the duration to count on');
    await screenshot(page, 'live-talking');
    phone.hangup();
    await row.waitFor({ state: 'detached' });
    await page.getByText('Сейчас звонков нет.').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).to.equal(true);
    await screenshot(page, 'live-empty');

    const second = randomMobile();
    w.h.fake.onDial(trunk(second), { action: 'answer', afterMs: 50 });
    const again = dialFrom(w.h, ext, second);
    await row.getByText('Разговор').waitFor();
    await row.getByRole('button', { name: 'Завершить' }).click();
    await page.getByText('Звонок завершён.').waitFor();
    await again.ended;
    await screenshot(page, 'live-ended');
  });

  it('calls back from the call history: the form opens with the caller\'s number and the owner\'s phone rings', async function () {
    this.timeout(60_000);
    const { account, owner } = await buildAccountWithOwner(w.app.deps.db, { paymentMethod: 'postpaid' });
    await buildNumber(w.h.deps.db, account);
    const ext = await buildExtension(w.h.deps.db, account, '201', { name: 'Айгуль Серикова', userId: owner.id });
    w.h.fake.addEndpoint(ext.sipUsername, { online: true });
    w.h.fake.onDial(`PJSIP/${ext.sipUsername}`, 'ring');
    const caller = randomMobile();
    await buildCall(w.app.deps.db, account, { fromNumber: caller, extensionId: ext.id });
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(`${w.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('link', { name: 'История звонков' }).click();
    await screenshot(page, 'live-history-call-back');
    await page.getByRole('button', { name: 'Перезвонить' }).click();
    expect(await page.getByLabel('Номер').inputValue()).to.equal(caller);
    await screenshot(page, 'live-click-to-call');
    await page.getByRole('button', { name: 'Позвонить' }).click();
    await page.getByText(`Звонит ваш телефон: снимите трубку, чтобы позвонить на ${caller}.`).waitFor();
    const phone = await w.h.fake.waitForDial(`PJSIP/${ext.sipUsername}`);
    await screenshot(page, 'live-click-to-call-ringing');
    phone.hangup();
  });
});
