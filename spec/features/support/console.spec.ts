import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { User } from '../../../app/features/users/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, randomEmail, randomLogin, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';

const run = promisify(execFile);

describe('support console', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function staffAgent() {
    const staff = await buildUser(app.deps.db, { staffRole: 'support' });
    const agent = app.agent();
    await signIn(agent, staff.login!, TEST_PASSWORD);
    return agent;
  }

  it('lists and finds accounts by name, БИН and a member\'s e-mail, and opens one with its users and audit log', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { legalName: 'ТОО «Поиск-Тест»', bin: '990601301525' });
    const agent = await staffAgent();
    expect((await agent.get('/').redirects(2)).text).to.contain('Клиенты');
    for (const q of ['Поиск-Тест', '9906013015', owner.email]) {
      const res = await agent.get('/support/accounts').query({ q });
      expect(res.text, q).to.contain(`/support/accounts/${account.id}"`);
    }
    const none = await agent.get('/support/accounts').query({ q: 'нет-такого-клиента-xyz' });
    expect(none.text).to.not.contain('/support/accounts/' + account.id);

    const member = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, member, 'accountant');
    const ownerAgent = app.agent();
    await signIn(ownerAgent, owner.login!, TEST_PASSWORD);
    await submitForm(ownerAgent, `/a/${account.id}/users`, `/a/${account.id}/users/invite`, { email: randomEmail(), name: 'Новый', role: 'employee' });
    const card = await agent.get(`/support/accounts/${account.id}`);
    expect(card.status).to.equal(200);
    expect(card.text).to.contain(owner.email).and.contain(member.email).and.contain('member.invited');
  });

  it('is invisible to customers (404), whatever their role', async () => {
    const { owner } = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    expect((await agent.get('/support/accounts')).status).to.equal(404);
  });

  it('survives odd search input and paging values', async () => {
    const agent = await staffAgent();
    for (const query of [{ q: "%' OR 1=1 --" }, { q: '_' }, { page: '-5' }, { page: 'abc' }, { q: 'x'.repeat(5000) }]) {
      expect((await agent.get('/support/accounts').query(query)).status, JSON.stringify(query).slice(0, 40)).to.equal(200);
    }
  });
});

describe('admin CLI for platform staff', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('creates a staff member with no password and prints a one-time link to choose login and password', async () => {
    const email = randomEmail();
    const { stdout } = await run('node_modules/.bin/tsx', ['app/cli/admin.ts', 'create', '--email', email, '--name', 'Дежурный', '--role', 'support'], {
      env: { ...process.env, PUBLIC_URL: app.baseUrl, SMTP_URL: app.mail.smtpUrl },
    });
    const user = await app.deps.db.getRepository(User).findOneByOrFail({ email });
    expect(user).to.include({ staffRole: 'support', status: 'pending', passwordHash: null });
    const path = new URL(/https?:\/\/\S+\/activate\/\S+/.exec(stdout)![0]).pathname;
    expect((await app.mail.waitFor(email)).text).to.contain(path);
    const login = randomLogin();
    await submitForm(app.agent(), path, path, { login, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD });
    const agent = app.agent();
    await signIn(agent, login, TEST_PASSWORD);
    expect((await agent.get('/support/accounts')).status).to.equal(200);
  });

  it('refuses bad arguments with a message and a non-zero exit', async () => {
    const failure = await run('node_modules/.bin/tsx', ['app/cli/admin.ts', 'create', '--email', 'broken', '--name', 'X', '--role', 'support']).catch((e: { code: number; stderr: string }) => e);
    expect((failure as { code: number }).code).to.equal(2);
    expect((failure as { stderr: string }).stderr).to.contain('--email');
  });
});
