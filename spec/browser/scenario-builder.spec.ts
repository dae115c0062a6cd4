import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { PhoneNumber } from '../../app/features/numbers/entities';
import { ttsSoundName } from '../../app/pbx/scenario/prompts';
import { screenshot, SCREENSHOT_DIR, useBrowserApp } from '../support/browser';
import { buildAccountWithOwner, TEST_PASSWORD } from '../support/factories';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildExtension, buildNumber, randomMobile } from '../support/telephony-factories';

const MENU_TEXT = 'Нажмите 1 — отдел продаж, 2 — оставить сообщение';

describe('in a real browser: build a scenario, attach it to a number, and a call follows it', () => {
  const ctx = useBrowserApp();
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness()));
  after(() => h?.close());

  const step = (page: Page, id: string) => page.locator(`fieldset[data-step="${id}"]`);

  async function addStep(page: Page, type: string, id: string) {
    await page.locator('#f-add-type').selectOption(type);
    await page.locator('#f-add-id').fill(id);
    await page.getByRole('button', { name: 'Добавить шаг' }).click();
    await step(page, id).waitFor();
  }

  it('greeting → menu (1: extension 101, 2: voicemail), then pressing 1 rings 101', async function () {
    this.timeout(90_000);
    const { account, owner } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid' });
    const ext = await buildExtension(h.deps.db, account, '101');
    const number = await buildNumber(h.deps.db, account);
    // No JavaScript: every form of the builder must work as plain HTML.
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 }, javaScriptEnabled: false });

    await page.goto(`${ctx.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('link', { name: 'Сценарии звонков' }).click();
    await page.getByRole('link', { name: 'Новый сценарий' }).click();
    await page.getByLabel('Название').fill('Приём звонков');
    await page.getByLabel('Пустой').check();
    await screenshot(page, 'scenarios-new');
    await page.getByRole('button', { name: 'Создать' }).click();
    await page.getByText('Сценарий создан.').waitFor();

    await addStep(page, 'greeting', 'hello');
    await addStep(page, 'menu', 'menu');
    await addStep(page, 'dial', 'sales');
    await addStep(page, 'voicemail', 'vm');
    await page.getByRole('button', { name: 'Сохранить' }).last().click();
    await page.getByTestId('scenario-errors').waitFor();
    expect(await page.getByTestId('scenario-errors').textContent()).to.contain('в меню нет ни одной кнопки');
    await screenshot(page, 'scenarios-errors');

    const hello = step(page, 'hello');
    await hello.locator('select[name$=".prompt.kind"]').selectOption('sound');
    await hello.locator('input[name$=".prompt.sound"]').fill('hello-world');
    await hello.getByLabel('Затем').selectOption('menu');
    const menu = step(page, 'menu');
    await menu.locator('textarea[name$=".prompt.text"]').fill(MENU_TEXT);
    await menu.locator('select[name$=".opt.0.key"]').selectOption('1');
    await menu.locator('select[name$=".opt.0.target"]').selectOption('sales');
    await menu.locator('select[name$=".opt.1.key"]').selectOption('2');
    await menu.locator('select[name$=".opt.1.target"]').selectOption('vm');
    await menu.getByLabel('Если ничего не выбрано').selectOption('vm');
    const sales = step(page, 'sales');
    await sales.getByLabel('Кого вызывать').selectOption('ext:101');
    await sales.getByLabel('Если не ответили').selectOption('vm');
    await page.getByLabel('Первый шаг').selectOption('hello');
    await page.getByRole('button', { name: 'Удалить шаг «end»' }).click();
    await page.getByTestId('unsaved').waitFor();
    expect(await page.locator('fieldset[data-step="end"]').count()).to.equal(0);
    await page.getByRole('button', { name: 'Сохранить' }).last().click();
    await page.getByText('Сценарий сохранён.').waitFor();
    expect(await page.getByTestId('scenario-errors').count()).to.equal(0);
    const diagram = page.getByTestId('diagram');
    for (const id of ['hello', 'menu', 'sales', 'vm']) expect(await diagram.locator(`g.node[data-step="${id}"]`).count(), id).to.equal(1);
    expect(await diagram.locator('g.edge[data-from="menu"][data-to="sales"]').textContent()).to.contain('1');

    await page.getByLabel('Номер', { exact: true }).selectOption(String(number.id));
    await page.getByRole('button', { name: 'Подключить к номеру' }).click();
    await page.getByText('Сценарий подключён к номеру.').waitFor();
    await screenshot(page, 'scenarios-builder');
    const scenarioId = (await h.deps.db.getRepository(PhoneNumber).findOneByOrFail({ id: number.id })).scenarioId;
    expect(scenarioId).to.be.a('number');
    await page.goto(`${ctx.app.baseUrl}/a/${account.id}/scenarios`);
    await screenshot(page, 'scenarios-list');
    await page.getByRole('link', { name: 'Новый сценарий' }).click();
    await page.getByLabel('Название').fill('Офис');
    await page.getByLabel('Часы работы → меню → отделы, иначе почта').check();
    await page.getByRole('button', { name: 'Создать' }).click();
    await page.getByText('Сценарий создан.').waitFor();
    expect(await page.getByTestId('diagram').locator('g.node').count()).to.equal(4);
    await screenshot(page, 'scenarios-template');
    await page.getByTestId('diagram').screenshot({ path: `${SCREENSHOT_DIR}/scenarios-diagram.png` });

    const menuSound = `sound:${ttsSoundName(MENU_TEXT, 'ru')}`;
    h.fake.sounds.add(menuSound.slice('sound:'.length), 2);
    h.fake.addEndpoint('carrier', { online: true });
    h.fake.addEndpoint(ext.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
    const caller = h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164], callerNumber: randomMobile(), endpoint: 'carrier' });
    await h.fake.waitForEvent((e) => e.type === 'PlaybackStarted' && e.event.playback?.target_uri === `channel:${caller.channelId}` && e.event.playback?.media_uri === menuSound, 10_000);
    await caller.dtmf('1');
    const callee = await h.fake.waitForDial(ext.sipUsername, 10_000);
    await callee.answered;
    caller.hangup();
    const call = await h.finishedCall(caller.channelId);
    expect(call).to.include({ accountId: account.id, scenarioId, disposition: 'answered', extensionId: ext.id });

    const played = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${caller.channelId}/play`).map((r) => String(r.query.media));
    expect(played).to.deep.equal(['sound:hello-world', menuSound]);
    const dialed = h.fake.requests.filter((r) => r.method === 'POST' && /^\/channels(\/[^/]+)?$/.test(r.path) && String(r.query.endpoint ?? '').startsWith('PJSIP/')).map((r) => String(r.query.endpoint));
    expect(dialed).to.deep.equal([`PJSIP/${ext.sipUsername}`]);
  });
});
