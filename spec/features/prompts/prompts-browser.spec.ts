import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Account } from '../../../app/features/accounts/entities';
import { Prompt } from '../../../app/features/prompts/entities';
import { screenshot, useBrowserApp } from '../../support/browser';
import { buildAccountWithOwner, TEST_PASSWORD } from '../../support/factories';
import { buildExtension, buildNumber } from '../../support/telephony-factories';
import { toneFile, useMediaDirs } from './support';

describe('prompts and recording settings in a browser', () => {
  let media: ReturnType<typeof useMediaDirs>;
  before(() => (media = useMediaDirs()));
  after(() => media.restore());
  const ctx = useBrowserApp();

  async function signedIn(): Promise<{ page: Page; account: Account }> {
    const { account, owner } = await buildAccountWithOwner(ctx.app.deps.db);
    const page = await ctx.browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${ctx.app.baseUrl}/signin`);
    await page.getByLabel('Логин или электронная почта').fill(owner.login!);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/a\/\d+/);
    return { page, account };
  }

  /** What the test uses of the page's <audio> (the project compiles without the DOM library). */
  interface AudioElement {
    readyState: number;
    duration: number;
    preload: string;
    load(): void;
    addEventListener(type: string, listener: () => void, options?: { once: boolean }): void;
  }

  /** The <audio> on the page loads and knows its length: the browser can play what the server made. */
  const playableSeconds = (page: Page, selector: string) =>
    page.locator(selector).first().evaluate((el: AudioElement) => new Promise<number>((resolve, reject) => {
      if (el.readyState >= 1) return resolve(el.duration);
      el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
      el.addEventListener('error', () => reject(new Error('audio failed to load')), { once: true });
      el.preload = 'metadata';
      el.load();
    }));

  it('uploads an mp3, listens to the converted draft, saves it, and a refused file shows why', async function () {
    this.timeout(60_000);
    const { page, account } = await signedIn();
    await page.getByRole('link', { name: 'Приветствия и сообщения' }).click();
    await page.waitForURL(/\/prompts$/);
    await screenshot(page, 'prompts-empty');
    const mp3 = toneFile(mkdtempSync(path.join(tmpdir(), 'vpbx-b-')), 'Приветствие.mp3', 3);
    await page.locator('#f-file').setInputFiles(mp3);
    await page.getByRole('button', { name: 'Загрузить и прослушать' }).click();
    await page.waitForURL(/\/drafts\//);
    expect(await playableSeconds(page, '[data-testid=draft-audio]')).to.be.within(2.8, 3.3);
    expect(await page.getByLabel('Название').inputValue()).to.equal('Приветствие');
    await screenshot(page, 'prompts-draft');
    await page.getByLabel('Название').fill('Приветствие в рабочее время');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/prompts$/);
    expect(await page.locator('[role=status], .flash').first().textContent()).to.contain('Приветствие в рабочее время');
    expect(await playableSeconds(page, 'table audio')).to.be.within(2.8, 3.3);

    await page.locator('#f-text').fill('Здравствуйте! Вы позвонили в компанию «Ромашка».');
    await page.getByRole('button', { name: 'Озвучить и прослушать' }).click();
    await page.waitForURL(/\/drafts\//);
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/prompts$/);
    await screenshot(page, 'prompts-list');

    const notAudio = path.join(mkdtempSync(path.join(tmpdir(), 'vpbx-b-')), 'greeting.wav');
    writeFileSync(notAudio, 'просто текст');
    await page.locator('#f-file').setInputFiles(notAudio);
    await page.getByRole('button', { name: 'Загрузить и прослушать' }).click();
    expect(await page.locator('#e-file').textContent()).to.contain('Это не аудиофайл');
    await screenshot(page, 'prompts-refused');
    expect(await ctx.app.deps.db.getRepository(Prompt).countBy({ accountId: account.id })).to.equal(2);
  });

  it('refuses recording without a warning, then switches it on with the ready Kazakh warning', async function () {
    this.timeout(60_000);
    const { page, account } = await signedIn();
    await buildNumber(ctx.app.deps.db, account);
    await buildExtension(ctx.app.deps.db, account, '101', { name: 'Айгуль' });
    await page.getByRole('link', { name: 'Настройки записи' }).click();
    await page.waitForURL(/\/recording$/);
    await screenshot(page, 'recording-off');
    await page.getByLabel('Записывать разговоры').check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    expect(await page.locator('[data-testid=warning-error]').textContent()).to.contain('Без предупреждения запись включить нельзя');
    await screenshot(page, 'recording-refused');
    await page.getByLabel('Записывать разговоры').check();
    await page.getByLabel('Готовое предупреждение').check();
    await page.getByLabel('Язык предупреждения').selectOption('kk');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/recording$/);
    expect(await page.locator('[data-testid=recording-state]').textContent()).to.contain('Запись включена');
    expect(await playableSeconds(page, '[data-testid=warning-audio]')).to.be.above(2);
    await screenshot(page, 'recording-on');
    expect((await ctx.app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id })).recordCalls).to.equal(true);
  });
});
