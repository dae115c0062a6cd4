import { expect } from 'chai';
import { Account } from '../../../app/features/accounts/entities';
import { AgreementAcceptance } from '../../../app/features/users/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';

describe('trial access and the wizard to join the offer', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function trialOwner() {
    const setup = await buildAccountWithOwner(app.deps.db, { status: 'trial' });
    const agent = app.agent();
    await signIn(agent, setup.owner.login!, TEST_PASSWORD);
    const step = (n: number, fields: Record<string, string>) => submitForm(agent, `/a/${setup.account.id}/onboarding/${n}`, `/a/${setup.account.id}/onboarding/${n}`, fields);
    return { ...setup, agent, step };
  }

  it('walks organisation → contact → payment → tariff → acceptance and makes the account active', async () => {
    const { account, owner, agent, step } = await trialOwner();
    expect((await agent.get(`/a/${account.id}`)).text).to.contain('Заключить договор');
    expect((await step(1, { kind: 'company', legalName: 'ТОО «Алма»', bin: '990601301525', address: 'Алматы, пр. Абая 1' })).headers.location).to.match(/onboarding\/2$/);
    expect((await step(2, { contactName: 'Ержан', contactPhone: '8 (701) 123-45-67', contactEmail: 'buh@alma.kz' })).headers.location).to.match(/onboarding\/3$/);
    expect((await step(3, { paymentMethod: 'postpaid' })).headers.location).to.match(/onboarding\/4$/);
    expect((await step(4, { tariffCode: 'business' })).headers.location).to.match(/onboarding\/5$/);
    const review = await agent.get(`/a/${account.id}/onboarding/5`);
    expect(review.text).to.contain('ТОО «Алма»').and.contain('Бизнес');
    const done = await step(5, { acceptOffer: 'on' });
    expect(done.headers.location).to.equal(`/a/${account.id}`);
    expect((await agent.get(`/a/${account.id}`)).text).to.contain('data-testid="tariff">Бизнес<');

    const saved = await app.deps.db.getRepository(Account).findOneByOrFail({ id: account.id });
    expect(saved).to.include({ status: 'active', bin: '990601301525', contactPhone: '+77011234567', paymentMethod: 'postpaid', tariffCode: 'business', offerVersion: app.deps.config.documents.offerVersion });
    const acceptance = await app.deps.db.getRepository(AgreementAcceptance).findOneByOrFail({ accountId: account.id, document: 'offer' });
    expect(acceptance.userId).to.equal(owner.id);
    expect((await agent.get(`/a/${account.id}/onboarding/1`)).status, 'the wizard closes once the offer is accepted').to.equal(403);
  });

  it('refuses a БИН with a wrong check digit, and other bad fields, with messages', async () => {
    const { step } = await trialOwner();
    const res = await step(1, { kind: 'president', legalName: '', bin: '123456789012', address: 'x' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('не проходит проверку контрольной цифры');
    expect(res.text).to.contain('Выберите один из вариантов');
    expect(res.text).to.contain('Заполните это поле');
    const letters = await step(1, { kind: 'company', legalName: 'A', bin: '12345', address: 'x' });
    expect(letters.text).to.contain('БИН/ИИН — это 12 цифр');
  });

  it('does not let a step be skipped or an unknown tariff be chosen', async () => {
    const { account, agent, step } = await trialOwner();
    expect((await agent.get(`/a/${account.id}/onboarding/4`)).headers.location).to.equal(`/a/${account.id}/onboarding/1`);
    const ahead = await submitForm(agent, `/a/${account.id}/onboarding/1`, `/a/${account.id}/onboarding/4`, { tariffCode: 'business' });
    expect(ahead.status).to.equal(409);
    await step(1, { kind: 'person', legalName: 'Иванов Иван', bin: '890525350143', address: 'Астана' });
    await step(2, { contactName: 'Иван', contactPhone: '+7 777 000 11 22', contactEmail: 'i@ivanov.kz' });
    await step(3, { paymentMethod: 'prepaid' });
    const unknown = await step(4, { tariffCode: 'free-forever' });
    expect(unknown.status).to.equal(422);
  });

  it('is the owner\'s to complete: another member of the trial account gets 403', async () => {
    const { account } = await trialOwner();
    const admin = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, admin, 'admin');
    const agent = app.agent();
    await signIn(agent, admin.login!, TEST_PASSWORD);
    expect((await agent.get(`/a/${account.id}/onboarding/1`)).status).to.equal(403);
  });
});
