import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type supertest from 'supertest';
import { Account } from '../../../app/features/accounts/entities';
import { AuditEntry } from '../../../app/features/audit/entities';
import { invoiceStandings } from '../../../app/features/billing/invoice-standing';
import { post } from '../../../app/features/billing/ledger';
import { correctedCharges } from '../../../app/features/documents/corrections';
import { IssuedDocument } from '../../../app/features/documents/entities';
import { buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';
import { launchBrowser, screenshot } from '../../support/browser';
import { readPdf } from '../documents/pdf-text';
import { testSeller } from './requisites';
import { browserSignIn, buildCustomer, charge, getBytes, runMonth, startBillingApp, zipEntries } from './world';

type App = Awaited<ReturnType<typeof startBillingApp>>;

describe('documents: corrections issued by support', () => {
  let app: App;
  let postpaid: Awaited<ReturnType<typeof buildCustomer>>;
  let prepaid: Awaited<ReturnType<typeof buildCustomer>>;
  let support: supertest.Agent;
  const period = '2041-03';
  const repo = () => app.deps.db.getRepository(IssuedDocument);
  const docsOf = (accountId: number) => repo().find({ where: { accountId, period }, order: { id: 'ASC' } });
  const consolePage = (id: number) => `/support/accounts/${id}/documents`;
  const issue = (id: number) => submitForm(support, consolePage(id), `/support/accounts/${id}/documents/corrections`, { period });
  const fileBytes = (relative: string) => readFileSync(path.join(app.storageDir, relative));

  before(async () => {
    // The web routes read the provider's requisites from the config they were built with: set them the way production does.
    const env = {
      SELLER_NAME: testSeller.name, SELLER_BIN: testSeller.bin, SELLER_ADDRESS: testSeller.address, SELLER_IIK: testSeller.iik,
      SELLER_BANK: testSeller.bank, SELLER_BIK: testSeller.bik, SELLER_SIGNER_NAME: testSeller.signedBy.name,
    };
    const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      app = await startBillingApp();
    } finally {
      for (const [k, v] of Object.entries(previous)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    postpaid = await buildCustomer(app.deps.db, 'postpaid');
    prepaid = await buildCustomer(app.deps.db, 'prepaid');
    await charge(app.deps.db, postpaid.account, period, { calls: 2_000_00, subscription: 5_000_00 });
    await charge(app.deps.db, prepaid.account, period, { subscription: 3_000_00 });
    const staff = await buildUser(app.deps.db, { staffRole: 'support' });
    support = app.agent();
    await signIn(support, staff.login!, TEST_PASSWORD);
    // Support credits 500 tenge within March, through the billing console as support does it.
    app.clock.set(new Date('2041-03-25T12:00:00+05:00'));
    const page = `/support/accounts/${postpaid.account.id}/payments`;
    const credited = await submitForm(support, page, `/support/accounts/${postpaid.account.id}/corrections`, { correctionAmount: '500', reason: 'Сбой связи 20.03' });
    expect(credited.status).to.equal(302);
    app.clock.set(new Date('2041-04-01T00:05:00+05:00'));
    await runMonth(app, period);
  });
  after(() => app.close());

  it('re-issues the month as new numbered documents pointing at the originals, which stay byte for byte the same', async () => {
    const originals = await docsOf(postpaid.account.id);
    expect(originals.map((d) => Number(d.grossTiyn)), 'the run bills charges only').to.deep.equal([7_000_00, 7_000_00, 7_000_00]);
    const before = originals.map((d) => ({ pdf: fileBytes(d.pdfPath), xml: d.xmlPath ? fileBytes(d.xmlPath) : null }));

    app.clock.set(new Date('2041-04-05T10:00:00+05:00'));
    const page = await support.get(consolePage(postpaid.account.id));
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/6\s500,00/).and.contain('отличается от выпущенных документов');
    const res = await issue(postpaid.account.id);
    expect(res.status).to.equal(302);

    const all = await docsOf(postpaid.account.id);
    const corrections = all.filter((d) => d.correctsDocumentId !== null);
    expect(corrections).to.have.length(3);
    for (const original of originals) {
      const correction = corrections.find((c) => Number(c.correctsDocumentId) === Number(original.id))!;
      expect(correction.kind).to.equal(original.kind);
      expect(correction.numberText).not.to.equal(original.numberText);
      expect(Number(correction.grossTiyn)).to.equal(6_500_00);
      expect(correction.issuedOn).to.equal('2041-04-05');
      expect((correction.input as { corrects: unknown }).corrects).to.deep.equal({ number: original.numberText, date: '2041-03-31' });
    }
    const reread = await docsOf(postpaid.account.id);
    originals.forEach((original, i) => {
      expect(reread[i]).to.deep.equal(original);
      expect(fileBytes(original.pdfPath).equals(before[i].pdf), `${original.kind} PDF unchanged`).to.equal(true);
      if (original.xmlPath) expect(fileBytes(original.xmlPath).equals(before[i].xml!), 'ESF XML unchanged').to.equal(true);
    });

    const act = corrections.find((d) => d.kind === 'act')!;
    const originalAct = originals.find((d) => d.kind === 'act')!;
    const actText = (await readPdf(fileBytes(act.pdfPath))).text;
    expect(actText).to.contain(`Исправленный акт к № ${originalAct.numberText} от 31.03.2041`);
    expect(actText).to.contain('Шесть тысяч пятьсот тенге 00 тиын');
    expect(actText).to.contain('Абонентская плата').and.contain('4 500,00');
    const vat = corrections.find((d) => d.kind === 'vat_invoice')!;
    const originalVat = originals.find((d) => d.kind === 'vat_invoice')!;
    const vatText = (await readPdf(fileBytes(vat.pdfPath))).text;
    expect(vatText).to.contain(`ИСПРАВЛЕННЫЙ СЧЕТ-ФАКТУРА № ${vat.numberText} от 05.04.2041`);
    expect(vatText).to.contain(`Исправленный счет-фактура к № ${originalVat.numberText} от 31.03.2041`);
    const invoice = corrections.find((d) => d.kind === 'invoice')!;
    expect((await readPdf(fileBytes(invoice.pdfPath))).text).to.contain(`Исправленный счет на оплату к № ${originals[0].kind === 'invoice' ? originals[0].numberText : ''} от 31.03.2041`);
    const xml = fileBytes(vat.xmlPath!).toString('utf8');
    expect(xml).to.contain('<invoiceType>FIXED_INVOICE</invoiceType>');
    expect(xml).to.match(new RegExp(`<relatedInvoice>\\s*<date>31.03.2041</date>\\s*<num>${originalVat.numberText}</num>\\s*</relatedInvoice>`));
    expect(xml).to.contain('<totalPriceWithTax>6500.00</totalPriceWithTax>');
    expect(fileBytes(originalVat.xmlPath!).toString('utf8')).to.contain('<invoiceType>ORDINARY_INVOICE</invoiceType>').and.not.contain('relatedInvoice');

    const audits = await app.deps.db.getRepository(AuditEntry).findBy({ action: 'documents.correction_issued', accountId: postpaid.account.id });
    expect(audits.map((a) => a.targetId).sort()).to.deep.equal(corrections.map((c) => String(c.id)).sort());
    const standings = await invoiceStandings(app.deps.db, postpaid.account.id);
    expect(standings.map((s) => s.numberText), 'the billing page lists the corrected invoice once').to.deep.equal([invoice.numberText]);
  });

  it('issues nothing the second time, and a correction of a correction corrects the latest', async () => {
    const count = (await docsOf(postpaid.account.id)).length;
    const again = await issue(postpaid.account.id);
    expect(again.status).to.equal(302);
    expect(await docsOf(postpaid.account.id)).to.have.length(count);
    expect((await support.get(consolePage(postpaid.account.id))).text).to.contain('Суммы и реквизиты не изменились');

    const firstCorrections = (await docsOf(postpaid.account.id)).filter((d) => d.correctsDocumentId !== null);
    await post(app.deps.db, {
      accountId: postpaid.account.id, kind: 'correction', amountTiyn: -250_00, occurredAt: new Date('2041-03-30T12:00:00+05:00'),
      reason: 'Доначисление', sourceKey: 'test:correction:debit', category: 'correction',
    });
    expect((await issue(postpaid.account.id)).status).to.equal(302);
    const second = (await docsOf(postpaid.account.id)).slice(count);
    expect(second).to.have.length(3);
    expect(second.map((d) => Number(d.correctsDocumentId)).sort()).to.deep.equal(firstCorrections.map((d) => Number(d.id)).sort());
    expect(second.map((d) => Number(d.grossTiyn))).to.deep.equal([6_750_00, 6_750_00, 6_750_00]);
    const act = second.find((d) => d.kind === 'act')!;
    const text = (await readPdf(fileBytes(act.pdfPath))).text;
    expect(text).to.contain(`к № ${firstCorrections.find((d) => d.kind === 'act')!.numberText} от 05.04.2041`);
    expect(text, 'the net credit of 250 lowers the largest line').to.contain('4 750,00');
  });

  it('re-issues for changed requisites alone, and keeps every number gapless with monthly runs mixed in', async () => {
    await app.deps.db.getRepository(Account).update({ id: prepaid.account.id }, { address: 'г. Астана, пр. Мангилик Ел, 55' });
    expect((await issue(prepaid.account.id)).status).to.equal(302);
    const docs = await docsOf(prepaid.account.id);
    const corrections = docs.filter((d) => d.correctsDocumentId !== null);
    expect(corrections.map((d) => d.kind).sort()).to.deep.equal(['act', 'vat_invoice']);
    expect(corrections.every((d) => Number(d.grossTiyn) === 3_000_00)).to.equal(true);
    expect((await readPdf(fileBytes(corrections.find((d) => d.kind === 'act')!.pdfPath))).text).to.contain('Мангилик Ел');

    // April's run comes after the corrections and continues the same counters.
    const late = await buildCustomer(app.deps.db, 'postpaid');
    await charge(app.deps.db, late.account, '2041-04', { calls: 1_00 });
    app.clock.set(new Date('2041-05-01T00:05:00+05:00'));
    await runMonth(app, '2041-04');
    const rows: { kind: string; number: number }[] = await app.deps.db.query('SELECT kind, number FROM issued_documents WHERE year = 2041 ORDER BY kind, number');
    for (const kind of ['invoice', 'act', 'vat_invoice']) {
      const numbers = rows.filter((r) => r.kind === kind).map((r) => Number(r.number));
      expect(numbers, kind).to.deep.equal(numbers.map((_, i) => i + 1));
    }
    expect(rows.filter((r) => r.kind === 'act'), 'two originals, three corrections, April').to.have.length(6);
  });

  it('shows accountants each correction next to what it corrects, and zips it with the month', async () => {
    const owner = app.agent();
    await signIn(owner, postpaid.owner.login!, TEST_PASSWORD);
    const list = await owner.get(`/a/${postpaid.account.id}/documents`);
    const docs = await docsOf(postpaid.account.id);
    const acts = docs.filter((d) => d.kind === 'act');
    expect(list.text).to.contain(`исправление к № ${acts[0].numberText}`).and.contain(`исправление к № ${acts[1].numberText}`);
    const rowsHtml = list.text.slice(list.text.indexOf(`data-testid="documents-${period}"`));
    expect(rowsHtml.indexOf(acts[0].numberText)).to.be.below(rowsHtml.indexOf(acts[1].numberText));
    expect(rowsHtml.indexOf(acts[1].numberText)).to.be.below(rowsHtml.indexOf(acts[2].numberText));
    const zip = await getBytes(owner, `/a/${postpaid.account.id}/documents/month/${period}.zip`);
    const expected = docs.flatMap((d) => [`${d.kind}-${d.numberText}-${period}.pdf`, ...(d.xmlPath ? [`${d.kind}-${d.numberText}-${period}.xml`] : [])]);
    expect(docs).to.have.length(9);
    expect(zipEntries(zip.body as Buffer)).to.deep.equal(expected.sort());
  });

  it('lets support issue a correction from the console in a browser, and shows it to the accountant', async () => {
    const { account, owner } = await buildCustomer(app.deps.db);
    const month = '2041-08';
    await charge(app.deps.db, account, month, { calls: 1_234_56, subscription: 5_000_00 });
    app.clock.set(new Date('2041-09-01T00:05:00+05:00'));
    await runMonth(app, month);
    await post(app.deps.db, {
      accountId: account.id, kind: 'correction', amountTiyn: 234_56, occurredAt: new Date('2041-08-31T12:00:00+05:00'),
      reason: 'Перерасчет', sourceKey: 'test:correction:browser', category: 'correction',
    });
    const browser = await launchBrowser();
    try {
      const staff = await buildUser(app.deps.db, { staffRole: 'support' });
      const signedIn = (login: string) => browserSignIn(browser, app.baseUrl, login);
      const page = await signedIn(staff.login!);
      await page.goto(`${app.baseUrl}/support/accounts/${account.id}/payments`);
      await page.locator('[data-testid="corrections-link"]').click();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'billing-documents-corrections-before');
      await page.locator(`[data-testid="issue-${month}"]`).click();
      await page.waitForLoadState('networkidle');
      expect(await page.textContent('body')).to.contain('Выпущено исправленных документов: 3');
      expect(await page.locator(`[data-testid="month-${month}"] tr[data-kind]`).allTextContents()).to.satisfy((rows: string[]) => rows.every((r) => r.includes('6\u00a0000,00')));
      await screenshot(page, 'billing-documents-corrections-after');
      const accountant = await signedIn(owner.login!);
      await accountant.goto(`${app.baseUrl}/a/${account.id}/documents`);
      expect(await accountant.locator(`[data-testid="documents-${month}"] [data-testid="corrects"]`).count()).to.equal(3);
      await screenshot(accountant, 'billing-documents-corrections-list');
    } finally {
      await browser.close();
    }
  });

  it('recomputes a month from its ledger: a net debit is a line of its own, a net credit lowers the largest lines first', async () => {
    const { account } = await buildCustomer(app.deps.db);
    await charge(app.deps.db, account, '2041-06', { calls: 1_000_00, subscription: 600_00 });
    const correct = (tiyn: number, day: string) => post(app.deps.db, {
      accountId: account.id, kind: 'correction', amountTiyn: tiyn, occurredAt: new Date(`${day}T12:00:00+05:00`),
      reason: 'Тест', sourceKey: `test:correction:${day}:${tiyn}`, category: 'correction',
    });
    await correct(-300_00, '2041-06-20');
    await correct(-999_00, '2041-07-01'); // July's: not this month
    expect(await correctedCharges(app.deps.db, account.id, '2041-06')).to.have.deep.members([
      { category: 'calls', amountTiyn: 1_000_00 }, { category: 'subscription', amountTiyn: 600_00 }, { category: 'correction', amountTiyn: 300_00 },
    ]);
    await correct(1_500_00, '2041-06-21');
    expect(await correctedCharges(app.deps.db, account.id, '2041-06')).to.deep.equal([{ category: 'subscription', amountTiyn: 400_00 }]);
  });

  it('dates a ledger correction on the day support says, so one entered in April counts in March\'s documents; a future day is refused', async () => {
    const customer = await buildCustomer(app.deps.db, 'postpaid');
    const page = `/support/accounts/${customer.account.id}/payments`;
    const form = `/support/accounts/${customer.account.id}/corrections`;
    app.clock.set(new Date('2041-04-05T12:00:00+05:00'));
    const late = await submitForm(support, page, form, { correctionAmount: '-250', correctionOn: '2041-03-28', reason: 'Перерасчёт за март' });
    expect(late.status).to.equal(302);
    const future = await submitForm(support, page, form, { correctionAmount: '-250', correctionOn: '2041-04-06', reason: 'Ошибка' });
    expect(future.status).to.equal(422);
    const rows: { occurred_at: Date }[] = await app.deps.db.query("SELECT occurred_at FROM ledger_entries WHERE account_id = ? AND kind = 'correction'", [customer.account.id]);
    expect(rows).to.have.length(1);
    expect(rows[0].occurred_at.toISOString()).to.equal(new Date('2041-03-28T00:00:00+05:00').toISOString());
  });

  it('is support-only: members get 404 for the page and the form, and nothing is issued', async () => {
    const owner = app.agent();
    await signIn(owner, postpaid.owner.login!, TEST_PASSWORD);
    expect((await owner.get(consolePage(postpaid.account.id))).status).to.equal(404);
    await post(app.deps.db, {
      accountId: postpaid.account.id, kind: 'correction', amountTiyn: 100_00, occurredAt: new Date('2041-03-30T13:00:00+05:00'),
      reason: 'Ещё кредит', sourceKey: 'test:correction:credit2', category: 'correction',
    });
    const count = (await docsOf(postpaid.account.id)).length;
    const refused = await submitForm(owner, `/a/${postpaid.account.id}/documents`, `/support/accounts/${postpaid.account.id}/documents/corrections`, { period });
    expect(refused.status).to.equal(404);
    expect(await docsOf(postpaid.account.id)).to.have.length(count);
    const none = await submitForm(support, consolePage(postpaid.account.id), `/support/accounts/${postpaid.account.id}/documents/corrections`, { period: '2041-07' });
    expect(none.status).to.equal(422);
    expect(none.text).to.contain('За этот месяц документы не выпускались');
  });
});
