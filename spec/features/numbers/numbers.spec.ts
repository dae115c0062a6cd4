import { expect } from 'chai';
import { PhoneNumber } from '../../../app/features/numbers/entities';
import { formatE164 } from '../../../app/features/numbers/presenter';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { csrfFrom, signIn, submitForm } from '../../support/http';
import { buildNumber, buildScenario } from '../../support/telephony-factories';

const hangup = { start: 'bye', steps: { bye: { type: 'hangup' } } };

describe('numbers in the cabinet', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function owner() {
    const setup = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, setup.owner.login!, TEST_PASSWORD);
    return { ...setup, agent, base: `/a/${setup.account.id}/numbers` };
  }

  it('formats Kazakh numbers for people and leaves others as they are', () => {
    expect(formatE164('+77271234567')).to.equal('+7 727 123 45 67');
    expect(formatE164('+4930123456')).to.equal('+4930123456');
  });

  it('lists the account\'s numbers with their scenarios and attaches one of its own scenarios', async () => {
    const { agent, account, base } = await owner();
    const scenario = await buildScenario(app.deps.db, account, hangup);
    const number = await buildNumber(app.deps.db, account, undefined, '+77271234567');
    const page = await agent.get(base);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('+7 727 123 45 67').and.contain(scenario.name);
    const res = await submitForm(agent, base, `${base}/${number.id}/scenario`, { scenarioId: String(scenario.id) });
    expect(res.status).to.equal(302);
    expect((await app.deps.db.getRepository(PhoneNumber).findOneByOrFail({ id: number.id })).scenarioId).to.equal(scenario.id);
    await submitForm(agent, base, `${base}/${number.id}/scenario`, { scenarioId: '' });
    expect((await app.deps.db.getRepository(PhoneNumber).findOneByOrFail({ id: number.id })).scenarioId).to.equal(null);
  });

  it('refuses another account\'s scenario (422) and another account\'s number (404)', async () => {
    const a = await owner();
    const b = await owner();
    const theirScenario = await buildScenario(app.deps.db, b.account, hangup);
    const mine = await buildNumber(app.deps.db, a.account);
    const theirs = await buildNumber(app.deps.db, b.account, theirScenario);
    const bad = await submitForm(a.agent, a.base, `${a.base}/${mine.id}/scenario`, { scenarioId: String(theirScenario.id) });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Выберите один из сценариев этого аккаунта');
    expect((await app.deps.db.getRepository(PhoneNumber).findOneByOrFail({ id: mine.id })).scenarioId).to.equal(null);
    const mineScenario = await buildScenario(app.deps.db, a.account, hangup);
    const foreign = await submitForm(a.agent, a.base, `${a.base}/${theirs.id}/scenario`, { scenarioId: String(mineScenario.id) });
    expect(foreign.status).to.equal(404);
    expect((await app.deps.db.getRepository(PhoneNumber).findOneByOrFail({ id: theirs.id })).scenarioId).to.equal(theirScenario.id);
    expect((await a.agent.get(b.base)).status).to.equal(404);
    expect((await a.agent.get(a.base)).text).not.to.contain(theirs.e164.slice(-4) + '"');
  });

  it('is for owners and admins: employees and accountants get 403', async () => {
    const { account, base } = await owner();
    const number = await buildNumber(app.deps.db, account);
    for (const role of ['employee', 'accountant', 'admin'] as const) {
      const user = await buildUser(app.deps.db);
      await addMember(app.deps.db, account, user, role);
      const agent = app.agent();
      await signIn(agent, user.login!, TEST_PASSWORD);
      const page = await agent.get(base);
      expect(page.status, role).to.equal(role === 'admin' ? 200 : 403);
      const token = csrfFrom(page.text);
      expect((await agent.post(`${base}/${number.id}/scenario`).type('form').send({ _csrf: token, scenarioId: '' })).status, role).to.equal(role === 'admin' ? 302 : 403);
    }
  });
});
