import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/app';
import { buildExtension } from '../../support/telephony-factories';
import { signedInMember, signedInOwner, summaryOf, tableRows } from './helpers';
import { insertStatsCalls } from './stats-factory';

describe('call statistics: who may see them', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());
  beforeEach(() => app.clock.set(new Date('2026-11-25T06:00:00Z')));

  it('links the page from the dashboard for the owner and an employee, refuses an accountant and hides the link from them', async () => {
    const { agent, account, base } = await signedInOwner(app);
    expect((await agent.get(`/a/${account.id}`)).text).to.contain(`href="${base}"`);
    const employee = await signedInMember(app, account, 'employee');
    expect((await employee.agent.get(`/a/${account.id}`)).text).to.contain(`href="${base}"`);
    const accountant = await signedInMember(app, account, 'accountant');
    expect((await accountant.agent.get(base)).status).to.equal(403);
    expect((await accountant.agent.get(`/a/${account.id}`)).text).to.not.contain(`href="${base}"`);
  });

  it('shows an employee with no extension nothing, and never another extension\'s calls', async () => {
    const { account, base } = await signedInOwner(app);
    const theirs = await buildExtension(app.deps.db, account, '301');
    await insertStatsCalls(app.deps.db, account, [{ startedAt: new Date('2026-11-20T06:00:00Z'), fate: 'answered', extensionId: theirs.id }]);
    const { agent } = await signedInMember(app, account, 'employee');
    const page = await agent.get(`${base}?extension=${theirs.id}`);
    expect(page.status).to.equal(200);
    expect(summaryOf(page.text).calls).to.equal('0');
    expect(page.text).to.contain('Выберите внутренний номер из списка.').and.not.contain('301 ');
    const admin = await signedInMember(app, account, 'admin');
    expect(summaryOf((await admin.agent.get(base)).text).calls).to.equal('1');
  });

  it('answers someone else\'s account with 404 and never counts their calls in mine', async () => {
    const mine = await signedInOwner(app);
    const theirs = await signedInOwner(app);
    await insertStatsCalls(app.deps.db, theirs.account, [{ startedAt: new Date('2026-11-20T06:00:00Z'), fate: 'answered' }]);
    await insertStatsCalls(app.deps.db, mine.account, [{ startedAt: new Date('2026-11-20T07:00:00Z'), fate: 'missed' }]);
    expect((await mine.agent.get(theirs.base)).status).to.equal(404);
    const page = await mine.agent.get(mine.base);
    expect(summaryOf(page.text)).to.include({ calls: '1', answered: '0 (0%)', missed: '1' });
    expect(tableRows(page.text, 'table-days')).to.have.length(1);
  });

  it('answers bad or too long periods with a message and a sensible period, never a 500', async () => {
    const { agent, base } = await signedInOwner(app);
    const bad = await agent.get(`${base}?from=2026-13-45&direction=sideways&extension=abc`);
    expect(bad.status).to.equal(200);
    expect(bad.text).to.contain('Укажите дату в виде ГГГГ-ММ-ДД.').and.contain('Выберите один из вариантов.').and.contain('2026-11-01 — 2026-11-25');
    const long = await agent.get(`${base}?from=2020-01-01&to=2026-11-25`);
    expect(long.text).to.contain('Период не может быть длиннее 366 дней.').and.contain('2026-11-01 — 2026-11-25');
    expect((await agent.get(`${base}?from=2026-11-20&to=2026-11-01`)).text).to.contain('Дата окончания раньше даты начала.');
    for (const query of ['from[]=x', 'to=2026-02-30', 'extension=1e309', 'direction[]=inbound']) expect((await agent.get(`${base}?${query}`)).status, query).to.equal(200);
  });
});
