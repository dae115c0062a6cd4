import { expect } from 'chai';
import { screenshot, useBrowserApp } from '../support/browser';
import { randomEmail, randomLogin } from '../support/factories';

describe('in a real browser: sign up, activate from the e-mail, sign in', () => {
  const ctx = useBrowserApp();

  it('reaches the dashboard of a new trial account', async function () {
    this.timeout(60_000);
    const page = await ctx.browser.newPage({ viewport: { width: 1100, height: 800 } });
    const email = randomEmail();
    const login = randomLogin();
    const password = 'Browser test 2026';

    await page.goto(`${ctx.app.baseUrl}/signup`);
    await page.getByLabel('Электронная почта').fill(email);
    await page.getByLabel('Имя и фамилия').fill('Данияр Серикович');
    await page.getByLabel('Организация').fill('ИП «Браузер»');
    await screenshot(page, 'signup-form');
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await page.getByText('Без согласия продолжить нельзя').waitFor();
    await screenshot(page, 'signup-form-errors');
    await page.getByLabel('Я принимаю соглашение').check();
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await page.getByRole('heading', { name: 'Проверьте почту' }).waitFor();

    const mail = await ctx.app.mail.waitFor(email);
    const link = /https?:\/\/\S+\/activate\/\S+/.exec(mail.text)![0];
    await page.goto(link);
    await page.getByLabel('Логин').fill(login);
    await page.locator('#f-password').fill(password);
    await page.getByLabel('Пароль ещё раз').fill(password);
    await screenshot(page, 'activate');
    await page.getByRole('button', { name: 'Активировать' }).click();

    await page.getByText('Учётная запись активирована').waitFor();
    await page.getByLabel('Логин или электронная почта').fill(login);
    await page.locator('#f-password').fill(password);
    await screenshot(page, 'signin');
    await page.getByRole('button', { name: 'Войти' }).click();

    await page.getByRole('heading', { name: 'ИП «Браузер»' }).waitFor();
    expect(await page.getByTestId('account-status').textContent()).to.equal('Пробный доступ');
    await screenshot(page, 'dashboard');

    await page.getByRole('link', { name: 'Қаз' }).click();
    await page.getByTestId('account-status').waitFor();
    await screenshot(page, 'dashboard-kk');
    expect(await page.locator('html').getAttribute('lang')).to.equal('kk');
  });
});
