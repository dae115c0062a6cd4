import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { IssuedDocument, type DocumentKind } from '../../../app/features/documents/entities';
import { issueMonthlyDocumentsJob } from '../../../app/jobs/issue-monthly-documents';
import { readPdf } from '../documents/pdf-text';
import { buildCustomer, charge, runMonth, startBillingApp } from './world';

type App = Awaited<ReturnType<typeof startBillingApp>>;

async function numbers(app: App, kind: DocumentKind, year: number): Promise<number[]> {
  const rows: { number: number }[] = await app.deps.db.query('SELECT number FROM issued_documents WHERE kind = ? AND year = ? ORDER BY number', [kind, year]);
  return rows.map((r) => Number(r.number));
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('monthly documents run', () => {
  let app: App;
  before(async () => {
    app = await startBillingApp();
  });
  after(() => app.close());

  it('given concurrent runs of one month, numbers every kind 1..N with no gaps or repeats and issues each document once', async () => {
    const period = '2031-03';
    const postpaid = await Promise.all(Array.from({ length: 7 }, () => buildCustomer(app.deps.db, 'postpaid')));
    const prepaid = await Promise.all(Array.from({ length: 3 }, () => buildCustomer(app.deps.db, 'prepaid')));
    for (const { account } of [...postpaid, ...prepaid]) await charge(app.deps.db, account, period, { calls: 1_234_56, subscription: 5_000_00 });

    const runs = await Promise.all(Array.from({ length: 4 }, () => runMonth(app, period, { batchSize: 3 })));

    expect(runs.reduce((sum, r) => sum + r.issued, 0)).to.equal(7 * 3 + 3 * 2);
    expect(await numbers(app, 'invoice', 2031)).to.deep.equal(oneToN(7));
    expect(await numbers(app, 'act', 2031)).to.deep.equal(oneToN(10));
    expect(await numbers(app, 'vat_invoice', 2031)).to.deep.equal(oneToN(10));
    const prepaidInvoices = await app.deps.db.getRepository(IssuedDocument).countBy({ accountId: prepaid[0].account.id, kind: 'invoice' });
    expect(prepaidInvoices, 'prepaid accounts get no invoice').to.equal(0);
  });

  it('given a month already issued, a second run issues nothing', async () => {
    const period = '2032-04';
    const { account } = await buildCustomer(app.deps.db);
    await charge(app.deps.db, account, period, { calls: 100_00 });
    expect((await runMonth(app, period)).issued).to.equal(3);
    const again = await runMonth(app, period);
    expect(again.issued).to.equal(0);
    expect(again.rendered).to.equal(0);
    expect(await numbers(app, 'invoice', 2032)).to.deep.equal([1]);
  });

  it('given a run that crashed after a committed batch, the next run writes its missing files and issues the rest without duplicates', async () => {
    const period = '2033-05';
    const customers = await Promise.all(Array.from({ length: 5 }, () => buildCustomer(app.deps.db)));
    for (const { account } of customers) await charge(app.deps.db, account, period, { calls: 10_00 });
    let batchesWithCustomers = 0;
    const crash = runMonth(app, period, {
      batchSize: 2,
      afterCommit: async () => {
        const [row]: { n: number }[] = await app.deps.db.query('SELECT COUNT(*) AS n FROM issued_documents WHERE period = ?', [period]);
        if (Number(row.n) > 0 && ++batchesWithCustomers === 2) throw new Error('power cut');
      },
    });
    const failure = await crash.then(() => null, (err: Error) => err);
    expect(failure?.message).to.equal('power cut');
    const halfway = await app.deps.db.getRepository(IssuedDocument).findBy({ period });
    expect(halfway.length).to.be.within(3, 12);
    expect(halfway.some((d) => !existsSync(path.join(app.storageDir, d.pdfPath))), 'the crashed batch left files unwritten').to.equal(true);

    const resumed = await runMonth(app, period, { batchSize: 2 });

    expect(resumed.issued).to.equal(15 - halfway.length);
    const all = await app.deps.db.getRepository(IssuedDocument).findBy({ period });
    expect(all).to.have.length(15);
    for (const doc of all) expect(existsSync(path.join(app.storageDir, doc.pdfPath)), doc.pdfPath).to.equal(true);
    expect(await numbers(app, 'invoice', 2033)).to.deep.equal(oneToN(5));
    expect(await numbers(app, 'vat_invoice', 2033)).to.deep.equal(oneToN(5));
  });

  it('applies the VAT rate in force on the turnover date: 12% for December 2025, 16% for January 2026', async () => {
    const { account } = await buildCustomer(app.deps.db);
    await charge(app.deps.db, account, '2025-12', { calls: 112_00 });
    await charge(app.deps.db, account, '2026-01', { calls: 116_00 });
    await runMonth(app, '2025-12');
    await runMonth(app, '2026-01');
    const repo = app.deps.db.getRepository(IssuedDocument);
    const december = await repo.findOneByOrFail({ accountId: account.id, period: '2025-12', kind: 'vat_invoice' });
    const january = await repo.findOneByOrFail({ accountId: account.id, period: '2026-01', kind: 'vat_invoice' });
    expect([Number(december.vatRate), Number(december.vatTiyn), Number(december.grossTiyn), december.turnoverDate]).to.deep.equal([12, 12_00, 112_00, '2025-12-31']);
    expect([Number(january.vatRate), Number(january.vatTiyn), Number(january.grossTiyn), january.turnoverDate]).to.deep.equal([16, 16_00, 116_00, '2026-01-31']);
    const esf = await app.files.xml(january);
    expect(esf.toString('utf8')).to.contain('<ndsRate>16</ndsRate>').and.contain('<turnoverDate>31.01.2026</turnoverDate>');
  });

  it('renders readable PDFs with the amount in words, and stores the input they were rendered from', async () => {
    const period = '2026-02';
    const { account } = await buildCustomer(app.deps.db);
    await charge(app.deps.db, account, period, { calls: 1_234_56, subscription: 5_000_00 });
    await runMonth(app, period);
    const docs = await app.deps.db.getRepository(IssuedDocument).find({ where: { accountId: account.id, period }, order: { kind: 'ASC' } });
    expect(docs.map((d) => d.kind).sort()).to.deep.equal(['act', 'invoice', 'vat_invoice']);
    const invoice = docs.find((d) => d.kind === 'invoice')!;
    expect(invoice.dueDate).to.equal('2026-03-10');
    expect(Number(invoice.grossTiyn)).to.equal(6_234_56);
    const { text } = await readPdf(await app.files.pdf(invoice));
    expect(text).to.contain(`Счет на оплату № ${invoice.numberText}`).and.contain('Шесть тысяч двести тридцать четыре тенге 56 тиын');
    expect(text).to.contain(`БИН / ИИН ${account.bin}`).and.contain('Оплатить до: 10.03.2026');
    const act = await readPdf(await app.files.pdf(docs.find((d) => d.kind === 'act')!));
    expect(act.text).to.contain('Шесть тысяч двести тридцать четыре тенге 56 тиын').and.contain('в том числе НДС 16%');
    const vat = await readPdf(await app.files.pdf(docs.find((d) => d.kind === 'vat_invoice')!));
    expect(vat.text).to.contain('СЧЕТ-ФАКТУРА №').and.contain('Услуги связи: вызовы за 02.2026');
    expect((invoice.input as { totals: { gross: number } }).totals.gross).to.equal(6_234_56);
  });

  it('issues nothing for an account without a valid БИН/ИИН or address, and says so', async () => {
    const period = '2034-06';
    const { account } = await buildCustomer(app.deps.db);
    await app.deps.db.query('UPDATE accounts SET bin = NULL WHERE id = ?', [account.id]);
    await charge(app.deps.db, account, period, { calls: 10_00 });
    const run = await runMonth(app, period);
    expect(run.missingRequisites).to.deep.equal([account.id]);
    expect(run.issued).to.equal(0);
  });
});

describe('the monthly documents job', () => {
  let app: Awaited<ReturnType<typeof startBillingApp>>;
  before(async () => {
    app = await startBillingApp();
  });
  after(() => app.close());

  it('runs on the 1st at 00:05 in Almaty and issues the month just ended', async () => {
    expect(issueMonthlyDocumentsJob.schedule).to.equal('5 0 1 * *');
    const { account } = await buildCustomer(app.deps.db);
    await charge(app.deps.db, account, '2039-07', { calls: 10_00 });
    app.clock.set(new Date('2039-08-01T00:05:00+05:00'));
    expect(await issueMonthlyDocumentsJob.run(app.deps)).to.equal(3);
    const docs = await app.deps.db.getRepository(IssuedDocument).findBy({ accountId: account.id });
    expect(docs.map((d) => [d.period, d.issuedOn])).to.deep.equal([['2039-07', '2039-08-01'], ['2039-07', '2039-08-01'], ['2039-07', '2039-08-01']]);
  });
});
