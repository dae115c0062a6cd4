import { expect } from 'chai';
import { NotificationsService } from '../../../app/features/notifications/service';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';

describe('notifications', () => {
  let app: TestApp;
  let notices: NotificationsService;
  before(async () => {
    app = await startTestApp();
    notices = new NotificationsService(app.deps.db, app.deps.mailer, app.deps.clock);
  });
  after(() => app.close());

  const storageNotice = { kind: 'storage_90', params: { percent: 91, used: '931 МБ', quota: '1 ГБ' }, dedupeKey: 'storage-90:test', level: 'warning' as const, emailRoles: ['owner'] as const };

  it('stores a notice once per key and e-mails the owners only, in their language', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db);
    const employee = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, employee, 'employee');
    expect(await notices.notify(account.id, storageNotice)).to.equal(true);
    expect(await notices.notify(account.id, storageNotice)).to.equal(false);
    expect(await notices.list(account.id)).to.have.length(1);
    const mail = await app.mail.waitFor(owner.email);
    expect(mail.subject).to.equal('Хранилище заполнено на 91%');
    expect(mail.text).to.contain('931 МБ из 1 ГБ');
    const all = await app.mail.list();
    expect(all.filter((m) => m.to.includes(employee.email))).to.have.length(0);
    expect(all.filter((m) => m.to.includes(owner.email))).to.have.length(1);
  });

  it('shows the account its own notices with an unread count, never another account\'s, and marks them read', async () => {
    const mine = await buildAccountWithOwner(app.deps.db);
    const other = await buildAccountWithOwner(app.deps.db);
    await notices.notify(mine.account.id, { ...storageNotice, emailRoles: [] });
    await notices.notify(other.account.id, { ...storageNotice, params: { percent: 95, used: 'x', quota: 'y' }, emailRoles: [] });
    const agent = app.agent();
    await signIn(agent, mine.owner.login!, TEST_PASSWORD);
    expect((await agent.get(`/a/${mine.account.id}`)).text).to.contain('Уведомления (1)');
    const page = await agent.get(`/a/${mine.account.id}/notifications`);
    expect(page.text).to.contain('Хранилище заполнено на 91%').and.not.contain('95%');
    expect((await agent.get(`/a/${other.account.id}/notifications`)).status).to.equal(404);
    const read = await submitForm(agent, `/a/${mine.account.id}/notifications`, `/a/${mine.account.id}/notifications/read`, {});
    expect(read.status).to.equal(302);
    expect(await notices.unreadCount(mine.account.id)).to.equal(0);
    expect((await agent.get(`/a/${mine.account.id}`)).text).not.to.contain('Уведомления (1)');
  });
});
