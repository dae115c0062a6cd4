import { expect } from 'chai';
import { AgreementAcceptance, Membership, User } from '../../../app/features/users/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { HOUR } from '../../support/clock';
import { randomEmail, randomLogin } from '../../support/factories';
import { linkIn, signIn, submitForm } from '../../support/http';

const PASSWORD = 'Kazakhstan2026';

describe('sign-up with an activation e-mail', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function signUp(email = randomEmail(), extra: Record<string, string> = {}) {
    const res = await submitForm(app.agent(), '/signup', '/signup', { email, name: 'Айгерим Нурланова', organisation: 'ТОО «Ромашка»', acceptAgreement: 'on', ...extra });
    return { res, email };
  }

  async function activationPath(email: string) {
    const mail = await app.mail.waitFor(email, (m) => /activate/.test(m.text));
    return linkIn(mail.text, '/activate/');
  }

  it('sends a real e-mail whose single-use link sets login and password, after which the user can sign in', async () => {
    const { res, email } = await signUp();
    expect(res.status).to.equal(200);
    expect(res.text).to.contain(email);
    const path = await activationPath(email);

    const visitor = app.agent();
    await signInRefused(visitor, email);
    const login = randomLogin();
    const activated = await submitForm(visitor, path, path, { login, password: PASSWORD, passwordConfirm: PASSWORD });
    expect(activated.status).to.equal(302);
    expect(activated.headers.location).to.equal('/signin');
    await signIn(visitor, login, PASSWORD);
    const home = await visitor.get('/').redirects(1);
    expect(home.status).to.equal(200);
    expect(home.text).to.contain('ТОО «Ромашка»');

    const again = await app.agent().get(path);
    expect(again.status).to.equal(410);
    expect(again.text).to.contain('Ссылка уже использована');
    const replay = await submitForm(app.agent(), '/signin', path, { login: randomLogin(), password: PASSWORD, passwordConfirm: PASSWORD });
    expect(replay.status).to.equal(410);
  });

  it('makes the new user the owner of a trial account and stores the agreement version and time', async () => {
    const { email } = await signUp();
    const user = await app.deps.db.getRepository(User).findOneByOrFail({ email });
    expect(user.status).to.equal('pending');
    const membership = await app.deps.db.getRepository(Membership).findOneOrFail({ where: { userId: user.id }, relations: { account: true } });
    expect(membership.role).to.equal('owner');
    expect(membership.account!.status).to.equal('trial');
    const acceptance = await app.deps.db.getRepository(AgreementAcceptance).findOneByOrFail({ userId: user.id });
    expect(acceptance.document).to.equal('cabinet_agreement');
    expect(acceptance.version).to.equal(app.deps.config.documents.cabinetAgreementVersion);
    expect(acceptance.acceptedAt).to.be.instanceOf(Date);
  });

  it('says plainly that an expired link expired, and a resent link works while the old one does not', async () => {
    const { email } = await signUp();
    const oldPath = await activationPath(email);
    app.clock.advance(app.deps.config.auth.activationTtlHours * HOUR + 1000);
    const expired = await app.agent().get(oldPath);
    expect(expired.status).to.equal(410);
    expect(expired.text).to.contain('Срок действия ссылки истёк');

    const resent = await submitForm(app.agent(), oldPath, '/activation/resend', { email });
    expect(resent.status).to.equal(200);
    const newMail = await app.mail.waitFor(email, (m) => !m.text.includes(oldPath) && /activate/.test(m.text));
    const newPath = linkIn(newMail.text, '/activate/');
    expect(newPath).to.not.equal(oldPath);
    expect((await app.agent().get(newPath)).status).to.equal(200);
    app.clock.set(new Date());
  });

  it('voids older links when a new one is sent', async () => {
    const { email } = await signUp();
    const first = await activationPath(email);
    await submitForm(app.agent(), '/signup', '/activation/resend', { email });
    await app.mail.waitFor(email, (m) => /activate/.test(m.text) && !m.text.includes(first));
    expect((await app.agent().get(first)).status).to.equal(410);
  });

  it('answers an unknown or malformed token with a clear page, never a 500', async () => {
    for (const token of ['x'.repeat(43), 'short', '%00%00', 'a'.repeat(500)]) {
      const res = await app.agent().get(`/activate/${token}`);
      expect(res.status, token).to.equal(410);
      expect(res.text).to.contain('Ссылка недействительна');
    }
  });

  it('refuses a duplicate e-mail with a message on the form', async () => {
    const { email } = await signUp();
    const { res } = await signUp(email.toUpperCase());
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Этот адрес уже зарегистрирован');
    expect(res.text).to.contain('Айгерим Нурланова');
  });

  it('re-renders a malformed form with a message for each field and keeps what was typed', async () => {
    const res = await submitForm(app.agent(), '/signup', '/signup', { email: 'not-an-email', name: '', organisation: 'x'.repeat(300) });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Укажите адрес электронной почты');
    expect(res.text).to.contain('Заполните это поле');
    expect(res.text).to.contain('Слишком длинное значение');
    expect(res.text).to.contain('Без согласия продолжить нельзя');
    expect(res.text).to.contain('value="not-an-email"');
  });

  it('refuses a weak or mismatched password and a taken login on activation', async () => {
    const { email } = await signUp();
    const path = await activationPath(email);
    const weak = await submitForm(app.agent(), path, path, { login: 'ab', password: 'short', passwordConfirm: 'other' });
    expect(weak.status).to.equal(422);
    expect(weak.text).to.contain('Логин: от 3 до 32 символов');
    expect(weak.text).to.contain('не короче 10 символов');
    const taken = await app.deps.db.getRepository(User).findOneByOrFail({ status: 'active' }).catch(() => undefined);
    if (taken?.login) {
      const dup = await submitForm(app.agent(), path, path, { login: taken.login, password: PASSWORD, passwordConfirm: PASSWORD });
      expect(dup.status).to.equal(422);
      expect(dup.text).to.contain('Этот логин уже занят');
    }
    expect((await app.agent().get(path)).status, 'a refused attempt must not use the link up').to.equal(200);
  });

  it('refuses an oversized form body with 413 and a page, not a 500', async () => {
    const agent = app.agent();
    const res = await submitForm(agent, '/signup', '/signup', { email: randomEmail(), name: 'x'.repeat(100_000), acceptAgreement: 'on' });
    expect(res.status).to.equal(413);
    expect(res.text).to.contain('Отправлено слишком много данных');
  });
});

async function signInRefused(agent: ReturnType<TestApp['agent']>, email: string) {
  const res = await submitForm(agent, '/signin', '/signin', { login: email, password: PASSWORD });
  expect(res.status).to.equal(401);
}
