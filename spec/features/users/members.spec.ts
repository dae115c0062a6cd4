import { expect } from 'chai';
import { Membership, User } from '../../../app/features/users/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, randomEmail, randomLogin, TEST_PASSWORD } from '../../support/factories';
import { csrfFrom, linkIn, signIn, submitForm } from '../../support/http';

describe('the owner manages the account\'s users', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function ownerAgent() {
    const setup = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, setup.owner.login!, TEST_PASSWORD);
    return { ...setup, agent, usersPath: `/a/${setup.account.id}/users` };
  }

  async function post(agent: ReturnType<TestApp['agent']>, pagePath: string, path: string, fields: Record<string, string> = {}) {
    return submitForm(agent, pagePath, path, fields);
  }

  it('invites a new person by e-mail; they activate and see the account with their role', async () => {
    const { agent, account, usersPath } = await ownerAgent();
    const email = randomEmail();
    const res = await post(agent, usersPath, `${usersPath}/invite`, { email, name: 'Бауыржан', role: 'accountant' });
    expect(res.status).to.equal(302);
    const mail = await app.mail.waitFor(email);
    expect(mail.subject).to.contain(account.legalName);
    const path = linkIn(mail.text, '/activate/');
    const login = randomLogin();
    await submitForm(app.agent(), path, path, { login, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD });
    const invitee = app.agent();
    await signIn(invitee, login, TEST_PASSWORD);
    const page = await invitee.get(`/a/${account.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Бухгалтер');
  });

  it('adds an existing user at once and refuses to add a member twice', async () => {
    const { agent, account, usersPath } = await ownerAgent();
    const existing = await buildUser(app.deps.db);
    await post(agent, usersPath, `${usersPath}/invite`, { email: existing.email, name: 'x', role: 'employee' });
    expect(await app.deps.db.getRepository(Membership).existsBy({ accountId: account.id, userId: existing.id })).to.equal(true);
    const twice = await post(agent, usersPath, `${usersPath}/invite`, { email: existing.email, name: 'x', role: 'employee' });
    expect(twice.status).to.equal(422);
    expect(twice.text).to.contain('уже есть в кабинете');
  });

  it('offers "employee" as the role of a new invitation, never "owner" by default', async () => {
    const { agent, usersPath } = await ownerAgent();
    const page = await agent.get(usersPath);
    expect(page.text).to.match(/<select id="f-role" name="role">[\s\S]*?<option value="employee" selected>/);
  });

  it('re-renders the invite form with messages on bad input', async () => {
    const { agent, usersPath } = await ownerAgent();
    const res = await post(agent, usersPath, `${usersPath}/invite`, { email: 'broken', name: '', role: 'king' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Укажите адрес электронной почты');
    expect(res.text).to.contain('Выберите роль из списка');
  });

  it('never removes or demotes the last owner, by any path', async () => {
    const { agent, usersPath, membership } = await ownerAgent();
    for (const action of ['role', 'deactivate', 'delete']) {
      const res = await post(agent, usersPath, `${usersPath}/${membership.id}/${action}`, { role: 'admin' });
      expect(res.status).to.equal(302);
      const list = await agent.get(usersPath);
      expect(list.text, action).to.contain('Нельзя убрать последнего владельца');
    }
    const after = await app.deps.db.getRepository(Membership).findOneByOrFail({ id: membership.id });
    expect(after).to.include({ role: 'owner', status: 'active' });
  });

  it('lets the owner step down once another owner exists, and changes, deactivates and deletes members', async () => {
    const { agent, account, usersPath, membership } = await ownerAgent();
    const second = await addMember(app.deps.db, account, await buildUser(app.deps.db), 'owner');
    const employee = await addMember(app.deps.db, account, await buildUser(app.deps.db), 'employee');
    await post(agent, usersPath, `${usersPath}/${employee.id}/role`, { role: 'admin' });
    await post(agent, usersPath, `${usersPath}/${employee.id}/deactivate`);
    expect(await app.deps.db.getRepository(Membership).findOneByOrFail({ id: employee.id })).to.include({ role: 'admin', status: 'deactivated' });
    await post(agent, usersPath, `${usersPath}/${employee.id}/delete`);
    expect(await app.deps.db.getRepository(Membership).existsBy({ id: employee.id })).to.equal(false);
    await post(agent, usersPath, `${usersPath}/${second.id}/deactivate`);
    expect((await app.deps.db.getRepository(Membership).findOneByOrFail({ id: second.id })).status).to.equal('deactivated');
    await post(agent, usersPath, `${usersPath}/${membership.id}/role`, { role: 'admin' });
    expect((await app.deps.db.getRepository(Membership).findOneByOrFail({ id: membership.id })).role, 'second owner is deactivated').to.equal('owner');
  });

  it('a deactivated member no longer reaches the account', async () => {
    const { account } = await buildAccountWithOwner(app.deps.db);
    const user = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, user, 'admin', 'deactivated');
    const agent = app.agent();
    await signIn(agent, user.login!, TEST_PASSWORD);
    expect((await agent.get(`/a/${account.id}`)).status).to.equal(404);
  });

  it('deleting a never-activated invitee removes the person too', async () => {
    const { agent, account, usersPath } = await ownerAgent();
    const email = randomEmail();
    await post(agent, usersPath, `${usersPath}/invite`, { email, name: 'Временный', role: 'employee' });
    const user = await app.deps.db.getRepository(User).findOneByOrFail({ email });
    const m = await app.deps.db.getRepository(Membership).findOneByOrFail({ accountId: account.id, userId: user.id });
    await post(agent, usersPath, `${usersPath}/${m.id}/delete`);
    expect(await app.deps.db.getRepository(User).existsBy({ email })).to.equal(false);
  });
});

describe('each role sees only what it may use; no account sees another', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('refuses users management to admin, accountant and employee (403), and hides it from their dashboard', async () => {
    const { account } = await buildAccountWithOwner(app.deps.db);
    for (const role of ['admin', 'accountant', 'employee'] as const) {
      const user = await buildUser(app.deps.db);
      await addMember(app.deps.db, account, user, role);
      const agent = app.agent();
      await signIn(agent, user.login!, TEST_PASSWORD);
      expect((await agent.get(`/a/${account.id}/users`)).status, role).to.equal(403);
      const dashboard = await agent.get(`/a/${account.id}`);
      expect(dashboard.status).to.equal(200);
      expect(dashboard.text, role).to.not.contain(`/a/${account.id}/users`);
      expect(dashboard.text.includes('Баланс'), `${role} balance`).to.equal(role !== 'employee');
    }
  });

  it('answers 404 when a member of account A asks for account B by id, for every page and form', async () => {
    const a = await buildAccountWithOwner(app.deps.db);
    const b = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, a.owner.login!, TEST_PASSWORD);
    const token = csrfFrom((await agent.get(`/a/${a.account.id}/users`)).text);
    for (const path of [`/a/${b.account.id}`, `/a/${b.account.id}/users`, `/a/${b.account.id}/onboarding/1`, `/support/accounts/${b.account.id}`]) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(404);
      expect(res.text).to.not.contain(b.account.legalName);
    }
    for (const action of ['role', 'deactivate', 'delete']) {
      const res = await agent.post(`/a/${b.account.id}/users/${b.membership.id}/${action}`).type('form').send({ _csrf: token, role: 'employee' });
      expect(res.status, action).to.equal(404);
    }
    const viaOwnAccount = await agent.post(`/a/${a.account.id}/users/${b.membership.id}/delete`).type('form').send({ _csrf: token });
    expect(viaOwnAccount.status, 'another account\'s membership through one\'s own account').to.equal(404);
    expect(await app.deps.db.getRepository(Membership).findOneByOrFail({ id: b.membership.id })).to.include({ role: 'owner', status: 'active' });
  });
});
