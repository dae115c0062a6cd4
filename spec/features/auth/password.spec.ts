import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/app';
import { MINUTE } from '../../support/clock';
import { buildUser, TEST_PASSWORD } from '../../support/factories';
import { linkIn, signIn, submitForm } from '../../support/http';

const NEW_PASSWORD = 'new secret 2026';

describe('password reset and change', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function requestReset(email: string) {
    const res = await submitForm(app.agent(), '/password/forgot', '/password/forgot', { email });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Если этот адрес зарегистрирован');
    const mail = await app.mail.waitFor(email, (m) => /password\/reset/.test(m.text));
    return linkIn(mail.text, '/password/reset/');
  }

  it('resets by an e-mailed single-use link; the old password stops working', async () => {
    const user = await buildUser(app.deps.db);
    const path = await requestReset(user.email);
    const done = await submitForm(app.agent(), path, path, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(done.status).to.equal(302);
    await signIn(app.agent(), user.login!, NEW_PASSWORD);
    const old = await submitForm(app.agent(), '/signin', '/signin', { login: user.login!, password: TEST_PASSWORD });
    expect(old.status).to.equal(401);
    expect((await app.agent().get(path)).status).to.equal(410);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const res = await submitForm(app.agent(), '/password/forgot', '/password/forgot', { email: 'nobody@example.kz' });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Если этот адрес зарегистрирован');
    expect((await app.mail.list()).some((m) => m.to.includes('nobody@example.kz'))).to.equal(false);
  });

  it('lets a reset link expire', async () => {
    const user = await buildUser(app.deps.db);
    const path = await requestReset(user.email);
    app.clock.advance(app.deps.config.auth.passwordResetTtlMinutes * MINUTE + 1);
    const res = await submitForm(app.agent(), '/password/forgot', path, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(res.status).to.equal(410);
    expect(res.text).to.contain('Срок действия ссылки истёк');
    app.clock.set(new Date());
  });

  it('changes the password of a signed-in user only with the right current one', async () => {
    const user = await buildUser(app.deps.db);
    const agent = app.agent();
    await signIn(agent, user.login!, TEST_PASSWORD);
    const wrong = await submitForm(agent, '/profile/password', '/profile/password', { currentPassword: 'not it at all 1', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(wrong.status).to.equal(422);
    expect(wrong.text).to.contain('Текущий пароль указан неверно');
    const mismatch = await submitForm(agent, '/profile/password', '/profile/password', { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, passwordConfirm: 'different 123' });
    expect(mismatch.text).to.contain('Пароли не совпадают');
    const ok = await submitForm(agent, '/profile/password', '/profile/password', { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(ok.status).to.equal(302);
    await signIn(app.agent(), user.login!, NEW_PASSWORD);
  });
});
