import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { IssuedDocument } from '../../../app/features/documents/entities';
import { renderDocumentPdf } from '../../../app/features/documents/files';
import { loadDocumentFonts } from '../../../app/features/documents/fonts';
import { PdfWorkerPool } from '../../../app/features/documents/pdf-workers';
import { readPdf } from '../documents/pdf-text';
import { buildCustomer, charge, runMonth, startBillingApp } from './world';

type App = Awaited<ReturnType<typeof startBillingApp>>;

/** OS threads of this process: a worker thread that was not ended stays in the count. */
const threads = () => readdirSync('/proc/self/task').length;

describe('drawing document PDFs in worker threads', () => {
  let app: App;
  before(async () => {
    app = await startBillingApp();
  });
  after(() => app.close());

  async function monthOf(period: string, paymentMethod: 'postpaid' | 'prepaid' = 'postpaid') {
    const { account } = await buildCustomer(app.deps.db, paymentMethod);
    await charge(app.deps.db, account, period, { calls: 1_234_56, subscription: 5_000_00 });
    return account;
  }
  const docsOf = (accountId: number, period: string) =>
    app.deps.db.getRepository(IssuedDocument).find({ where: { accountId, period }, order: { kind: 'ASC' } });

  // pdfkit's text layer (ToUnicode) depends on what the shared parsed font drew before, so drawing is compared
  // between a fresh worker and freshly parsed fonts drawing the same documents in the same order.
  it('draws every kind of document with the same bytes and text as drawing in-process', async () => {
    const period = '2035-01';
    const account = await monthOf(period);
    await runMonth(app, period, { pdfWorkers: 0 });
    const docs = await docsOf(account.id, period);
    expect(docs.map((d) => d.kind)).to.have.members(['invoice', 'act', 'vat_invoice']);
    const fresh = loadDocumentFonts();
    const pool = new PdfWorkerPool(1);
    try {
      for (const doc of docs) {
        const [drawn, inProcess] = [await pool.draw(doc), await renderDocumentPdf(doc, fresh)];
        expect((await readPdf(drawn)).text, doc.kind).to.equal((await readPdf(inProcess)).text);
        expect(drawn.equals(inProcess), `${doc.kind} bytes`).to.equal(true);
      }
    } finally {
      await pool.close();
    }
  });

  it('a monthly run drawing in threads writes every missing file, and ends its threads', async () => {
    const period = '2035-02';
    const accounts = [await monthOf(period), await monthOf(period, 'prepaid'), await monthOf(period)];
    await runMonth(app, period, { pdfWorkers: 0 }); // warms the thread pools node starts lazily
    const docs = (await Promise.all(accounts.map((a) => docsOf(a.id, period)))).flat();
    expect(docs).to.have.length(3 + 2 + 3);
    await Promise.all(docs.map((d) => rm(path.join(app.storageDir, d.pdfPath))));

    const before = threads();
    const run = await runMonth(app, period, { pdfWorkers: 3, batchSize: 2 });
    expect(threads(), 'no drawing thread outlives the run').to.equal(before);
    expect(run.issued).to.equal(0);
    expect(run.rendered).to.equal(docs.length);
    const titles = { invoice: 'Счет на оплату', act: 'АКТ', vat_invoice: 'СЧЕТ-ФАКТУРА' } as const;
    for (const doc of docs) {
      const { text, pages } = await readPdf(await readFile(path.join(app.storageDir, doc.pdfPath)));
      expect(pages, `${doc.kind} of ${doc.accountId}`).to.equal(1);
      expect(text.toUpperCase()).to.contain(titles[doc.kind as keyof typeof titles].toUpperCase());
    }
  });

  it('a document that cannot be drawn fails the run with the error in-process drawing gives, and the threads still end', async () => {
    const period = '2035-03';
    const account = await monthOf(period);
    await runMonth(app, period, { pdfWorkers: 0 });
    const invoice = (await docsOf(account.id, period)).find((d) => d.kind === 'invoice')!;
    await app.deps.db.getRepository(IssuedDocument).update(invoice.id, { input: { ...invoice.input, number: 42 } });
    await rm(path.join(app.storageDir, invoice.pdfPath));
    const broken = (await app.deps.db.getRepository(IssuedDocument).findOneByOrFail({ id: invoice.id }));
    const inProcess = await renderDocumentPdf(broken, loadDocumentFonts()).then(() => null, (err: Error) => err);
    expect(inProcess?.message).to.match(/invoice for payment is not valid/);

    const before = threads();
    const failure = await runMonth(app, period, { pdfWorkers: 2 }).then(() => null, (err: Error) => err);
    expect(threads(), 'no drawing thread outlives the failed run').to.equal(before);
    expect(failure?.message).to.equal(inProcess!.message);
  });

  it('a pool fails what it was asked to draw once closed', async () => {
    const pool = new PdfWorkerPool(1);
    await pool.close();
    const err = await pool.draw({ kind: 'act', input: {} }).then(() => null, (e: Error) => e);
    expect(err?.message).to.match(/closed/);
  });
});
