import { expect } from 'chai';
import { Account } from '../../../app/features/accounts/entities';
import { AuditEntry } from '../../../app/features/audit/entities';
import { accountGate } from '../../../app/pbx/flows/account-gate';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';

describe('end of service: the owner switches the service off', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('given the owner does not tick the confirmation, then nothing is switched off and the form says why', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    const dashboard = (await agent.get(`/a/${account.id}`)).text;
    expect(dashboard).to.contain(`href="/a/${account.id}/service-end"`).and.not.contain('data-testid="archive-link"');
    const res = await submitForm(agent, `/a/${account.id}/service-end`, `/a/${account.id}/service-end`, {});
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Подтвердите отключение');
    expect(await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id })).to.include({ status: 'active', serviceEndedAt: null });
  });

  it('given the owner confirms, then the account is terminated at the clock\'s time with an audit entry, calls stop, and the cabinet leads to the archive', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db);
    app.clock.set(new Date('2026-12-20T07:15:00Z'));
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    const res = await submitForm(agent, `/a/${account.id}/service-end`, `/a/${account.id}/service-end`, { confirm: 'on' });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`/a/${account.id}/archive`);
    const row = await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id });
    expect(row.status).to.equal('terminated');
    expect(accountGate(row).open, 'calls stop').to.equal(false);
    expect(row.serviceEndedAt?.toISOString()).to.equal('2026-12-20T07:15:00.000Z');
    const entry = await app.deps.db.getRepository(AuditEntry).findOneByOrFail({ accountId: account.id, action: 'billing.service_switched_off' });
    expect(entry.actorUserId).to.equal(owner.id);
    const dashboard = (await agent.get(`/a/${account.id}`)).text;
    expect(dashboard).to.contain('data-testid="archive-link"').and.not.contain(`href="/a/${account.id}/service-end"`);
    expect((await agent.get(`/a/${account.id}/service-end`)).status, 'nothing left to switch off').to.equal(403);
  });

  it('lets only the owner reach the page: an admin is refused, another account\'s owner finds nothing', async () => {
    const { account } = await buildAccountWithOwner(app.deps.db);
    const admin = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, admin, 'admin');
    const adminAgent = app.agent();
    await signIn(adminAgent, admin.login!, TEST_PASSWORD);
    expect((await adminAgent.get(`/a/${account.id}/service-end`)).status).to.equal(403);
    expect((await adminAgent.get(`/a/${account.id}`)).text).not.to.contain(`/a/${account.id}/service-end`);
    const stranger = await buildAccountWithOwner(app.deps.db);
    const strangerAgent = app.agent();
    await signIn(strangerAgent, stranger.owner.login!, TEST_PASSWORD);
    expect((await strangerAgent.get(`/a/${account.id}/service-end`)).status).to.equal(404);
    expect(await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id })).to.include({ status: 'active' });
  });
});
