import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { IssuedDocument } from '../../../app/features/documents/entities';
import { addMember, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn } from '../../support/http';
import { readPdf } from '../documents/pdf-text';
import { buildCustomer, charge, getBytes, runMonth, startBillingApp, zipEntries } from './world';

type App = Awaited<ReturnType<typeof startBillingApp>>;

describe('documents: list and downloads', () => {
  let app: App;
  let mine: Awaited<ReturnType<typeof buildCustomer>>;
  let docs: IssuedDocument[];
  const period = '2037-09';

  before(async () => {
    app = await startBillingApp();
    mine = await buildCustomer(app.deps.db);
    await charge(app.deps.db, mine.account, period, { calls: 2_500_00 });
    await charge(app.deps.db, mine.account, '2037-10', { calls: 1_00 });
    await runMonth(app, period);
    await runMonth(app, '2037-10');
    docs = await app.deps.db.getRepository(IssuedDocument).find({ where: { accountId: mine.account.id, period }, order: { kind: 'ASC' } });
  });
  after(() => app.close());

  async function memberAgent(role: 'accountant' | 'employee' | 'admin') {
    const user = await buildUser(app.deps.db);
    await addMember(app.deps.db, mine.account, user, role);
    const agent = app.agent();
    await signIn(agent, user.login!, TEST_PASSWORD);
    return agent;
  }

  it('lets an accountant list the documents and download each PDF and the ESF XML', async () => {
    const agent = await memberAgent('accountant');
    const home = await agent.get(`/a/${mine.account.id}`);
    expect(home.text).to.contain('data-testid="documents-link"');
    const list = await agent.get(`/a/${mine.account.id}/documents`);
    expect(list.status).to.equal(200);
    for (const doc of docs) expect(list.text).to.contain(doc.numberText);
    const invoice = docs.find((d) => d.kind === 'invoice')!;
    const pdf = await getBytes(agent, `/a/${mine.account.id}/documents/${invoice.id}.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect((await readPdf(pdf.body as Buffer)).text).to.contain('Две тысячи пятьсот тенге 00 тиын');
    const vat = docs.find((d) => d.kind === 'vat_invoice')!;
    const xml = await agent.get(`/a/${mine.account.id}/documents/${vat.id}.xml`);
    expect(xml.status).to.equal(200);
    expect(xml.text).to.contain('<totalPriceWithTax>2500.00</totalPriceWithTax>');
    expect((await agent.get(`/a/${mine.account.id}/documents/${invoice.id}.xml`)).status, 'only VAT invoices have XML').to.equal(404);
  });

  it('zips a month: each PDF and the ESF XML of that month only', async () => {
    const agent = await memberAgent('accountant');
    const zip = await getBytes(agent, `/a/${mine.account.id}/documents/month/${period}.zip`);
    expect(zip.status).to.equal(200);
    expect(zip.headers['content-type']).to.equal('application/zip');
    const expected = docs.flatMap((d) => [`${d.kind}-${d.numberText}-${period}.pdf`, ...(d.xmlPath ? [`${d.kind}-${d.numberText}-${period}.xml`] : [])]);
    expect(zipEntries(zip.body as Buffer)).to.deep.equal(expected.sort());
  });

  it('renders a document again from its stored input when its file is gone', async () => {
    const agent = await memberAgent('accountant');
    const act = docs.find((d) => d.kind === 'act')!;
    execFileSync('rm', [path.join(app.storageDir, act.pdfPath)]);
    const pdf = await getBytes(agent, `/a/${mine.account.id}/documents/${act.id}.pdf`);
    expect(pdf.status).to.equal(200);
    expect((await readPdf(pdf.body as Buffer)).text).to.contain('Две тысячи пятьсот тенге 00 тиын');
  });

  it('refuses an employee (403) and an admin without documents.view, and hides the link', async () => {
    for (const role of ['employee', 'admin'] as const) {
      const agent = await memberAgent(role);
      expect((await agent.get(`/a/${mine.account.id}`)).text).not.to.contain('data-testid="documents-link"');
      expect((await agent.get(`/a/${mine.account.id}/documents`)).status, role).to.equal(403);
      expect((await agent.get(`/a/${mine.account.id}/documents/${docs[0].id}.pdf`)).status, role).to.equal(403);
    }
    const employee = await memberAgent('employee');
    expect((await employee.get(`/a/${mine.account.id}/billing`)).status).to.equal(403);
  });

  it('answers 404 for another account\'s documents, by their account or through one\'s own', async () => {
    const other = await buildCustomer(app.deps.db);
    const agent = app.agent();
    await signIn(agent, other.owner.login!, TEST_PASSWORD);
    expect((await agent.get(`/a/${mine.account.id}/documents`)).status).to.equal(404);
    expect((await agent.get(`/a/${mine.account.id}/documents/${docs[0].id}.pdf`)).status).to.equal(404);
    expect((await agent.get(`/a/${other.account.id}/documents/${docs[0].id}.pdf`)).status).to.equal(404);
    expect((await agent.get(`/a/${other.account.id}/documents/month/${period}.zip`)).status).to.equal(404);
  });
});
