import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/app';
import { MINUTE } from '../../support/clock';
import { buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { csrfFrom, signIn, submitForm } from '../../support/http';

describe('sign-in, lockout and CSRF', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp({ lockoutUserFailures: 3, lockoutIpFailures: 8, lockoutMinutes: 15 })));
  after(() => app.close());
  afterEach(() => app.deps.db.query('DELETE FROM throttles'));

  const attempt = (login: string, password: string, agent = app.agent()) => submitForm(agent, '/signin', '/signin', { login, password });

  it('signs in by login and by e-mail, and signs out', async () => {
    const { owner } = await buildAccountWithOwner(app.deps.db);
    const byLogin = app.agent();
    await signIn(byLogin, owner.login!, TEST_PASSWORD);
    expect((await byLogin.get('/').redirects(1)).status).to.equal(200);
    const byEmail = app.agent();
    await signIn(byEmail, owner.email.toUpperCase(), TEST_PASSWORD);
    const home = await byEmail.get('/');
    const signedOut = await byEmail.post('/signout').type('form').send({ _csrf: csrfFrom((await byEmail.get(home.headers.location)).text) });
    expect(signedOut.headers.location).to.equal('/signin');
    expect((await byEmail.get('/')).headers.location).to.match(/^\/signin/);
  });

  it('says "wrong login or password" without telling which', async () => {
    const user = await buildUser(app.deps.db);
    const wrongPassword = await attempt(user.login!, 'nope nope 123');
    const noSuchUser = await attempt('nobody-here', 'nope nope 123');
    expect(wrongPassword.status).to.equal(401);
    expect(noSuchUser.status).to.equal(401);
    expect(wrongPassword.text).to.contain('Неверный логин или пароль');
    expect(noSuchUser.text).to.contain('Неверный логин или пароль');
  });

  it('locks a user after repeated failures, refuses even the right password, and lets in after the lock ends', async () => {
    const user = await buildUser(app.deps.db);
    for (let i = 0; i < 2; i++) expect((await attempt(user.login!, 'wrong password 1')).status).to.equal(401);
    const third = await attempt(user.login!, 'wrong password 1');
    expect(third.status).to.equal(429);
    expect(third.text).to.contain('Вход временно заблокирован');
    expect((await attempt(user.login!, TEST_PASSWORD)).status).to.equal(429);
    app.clock.advance(16 * MINUTE);
    expect((await attempt(user.login!, TEST_PASSWORD)).status).to.equal(302);
    app.clock.set(new Date());
  });

  it('locks an address that tries many accounts', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => buildUser(app.deps.db)));
    for (const u of users) await attempt(u.login!, 'wrong password 1');
    const fresh = await buildUser(app.deps.db);
    const res = await attempt(fresh.login!, TEST_PASSWORD);
    expect(res.status).to.equal(429);
  });

  it('refuses a form without the CSRF token, or with another session\'s token', async () => {
    const user = await buildUser(app.deps.db);
    const agent = app.agent();
    await agent.get('/signin');
    const none = await agent.post('/signin').type('form').send({ login: user.login!, password: TEST_PASSWORD });
    expect(none.status).to.equal(403);
    expect(none.text).to.contain('Форма устарела');
    const otherToken = csrfFrom((await app.agent().get('/signin')).text);
    const foreign = await agent.post('/signin').type('form').send({ login: user.login!, password: TEST_PASSWORD, _csrf: otherToken });
    expect(foreign.status).to.equal(403);
  });

  it('sends someone who is not signed in to the sign-in page and back afterwards', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    const res = await agent.get(`/a/${account.id}/users`);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`/signin?next=${encodeURIComponent(`/a/${account.id}/users`)}`);
    const page = await agent.get(res.headers.location);
    const signedIn = await agent.post('/signin').type('form').send({ login: owner.login!, password: TEST_PASSWORD, next: `/a/${account.id}/users`, _csrf: csrfFrom(page.text) });
    expect(signedIn.headers.location).to.equal(`/a/${account.id}/users`);
    const offsite = await submitForm(app.agent(), '/signin', '/signin', { login: owner.login!, password: TEST_PASSWORD, next: '//evil.example/x' });
    expect(offsite.headers.location).to.equal('/');
  });

  it('sets secure headers and an httpOnly session cookie', async () => {
    const res = await app.agent().get('/signin');
    expect(res.headers['content-security-policy']).to.contain("default-src 'self'");
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).to.contain('HttpOnly');
    expect(cookie).to.contain('SameSite=Lax');
  });

  it('lets a suspended account\'s owner sign in and see the cabinet with a notice', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { status: 'suspended' });
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    const page = await agent.get(`/a/${account.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Услуги приостановлены');
  });

  it('tells a prepaid account without funds that calls do not go through, and says nothing while there is credit', async () => {
    const empty = await buildAccountWithOwner(app.deps.db, { paymentMethod: 'prepaid', balanceTiyn: 0, creditLimitTiyn: 0 });
    const funded = await buildAccountWithOwner(app.deps.db, { paymentMethod: 'prepaid', balanceTiyn: 100_00, creditLimitTiyn: 0 });
    for (const [setup, shown] of [[empty, true], [funded, false]] as const) {
      const agent = app.agent();
      await signIn(agent, setup.owner.login!, TEST_PASSWORD);
      const page = await agent.get(`/a/${setup.account.id}`);
      expect(page.text.includes('data-testid="out-of-funds"'), String(shown)).to.equal(shown);
    }
  });

  it('refuses a deactivated user', async () => {
    const user = await buildUser(app.deps.db, { status: 'deactivated' });
    const res = await attempt(user.login!, TEST_PASSWORD);
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Учётная запись отключена');
  });
});

describe('rate limits on requests that send e-mail', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp({ mailRequestsPerHour: 3 })));
  after(async () => {
    await app.deps.db.query("DELETE FROM throttles WHERE throttle_key LIKE 'rate:%'");
    await app.close();
  });

  it('refuses the fourth reset request within the hour from one address with 429, and allows it an hour later', async () => {
    const ask = () => submitForm(app.agent(), '/password/forgot', '/password/forgot', { email: 'someone@example.kz' });
    for (let i = 0; i < 3; i++) expect((await ask()).status).to.equal(200);
    const refused = await ask();
    expect(refused.status).to.equal(429);
    expect(refused.text).to.contain('Слишком много запросов');
    app.clock.advance(61 * MINUTE);
    expect((await ask()).status).to.equal(200);
  });
});
