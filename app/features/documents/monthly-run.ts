import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { documentKinds, IssuedDocument, type DocumentKind } from './entities';
import { documentPaths, type DocumentFiles } from './files';
import { buyerOf, CUSTOMER_COLUMNS, customerOf, kindsFor, monthDocumentInputs, type Customer, type CustomerRow, type MonthCharge } from './month-documents';
import { ensureCounters, lockCounter, numberText, saveCounter } from './numbering';
import { localDay, periodBounds } from './period';
import { openPdfDrawing, type PdfDrawing } from './pdf-workers';

export interface MonthlyRunDeps {
  db: DataSource;
  config: Config;
  logger: Logger;
  files: DocumentFiles;
  now: () => Date;
}

export interface MonthlyRunOptions {
  batchSize?: number;
  /** Called after a batch is committed and before its files are written: tests crash the run here. */
  afterCommit?: (batch: number) => void | Promise<void>;
  /** Threads drawing PDFs (default: os.availableParallelism()); 0 or 1 draws in the run's own thread. */
  pdfWorkers?: number;
}

export interface MonthlyRunSummary {
  issued: number;
  rendered: number;
  accountsBilled: number;
  /** Accounts with charges but no valid БИН/ИИН or address: nothing is issued until support fixes them. */
  missingRequisites: number[];
}

/**
 * Issues the month's documents for every account with charges, in batches by account id. Safe to run twice and
 * concurrently: documents are unique per (account, kind, period) and numbers are taken under the counter lock in
 * the batch's transaction, so numbers stay continuous. A crashed run resumes: issued batches are skipped and
 * files that were never written are rendered from the stored input.
 */
export async function issueMonthlyDocuments(deps: MonthlyRunDeps, period: string, options: MonthlyRunOptions = {}): Promise<MonthlyRunSummary> {
  const seller = deps.config.billing.seller;
  if (!seller) throw new Error('seller requisites are not configured (SELLER_NAME, SELLER_BIN, SELLER_ADDRESS, SELLER_IIK, SELLER_BANK, SELLER_BIK, SELLER_SIGNER_NAME)');
  const terms = { seller, knp: deps.config.billing.knp, invoiceDueDays: deps.config.billing.invoiceDueDays };
  const bounds = periodBounds(period);
  const year = Number(bounds.lastDay.slice(0, 4));
  await ensureCounters(deps.db, documentKinds, year);
  const summary: MonthlyRunSummary = { issued: 0, rendered: 0, accountsBilled: 0, missingRequisites: [] };
  const drawing = openPdfDrawing(options.pdfWorkers);
  try {
    const batchSize = options.batchSize ?? 200;
    let afterId = 0;
    for (let batch = 1; ; batch++) {
      const accounts: CustomerRow[] = await deps.db.query(
        `SELECT ${CUSTOMER_COLUMNS} FROM accounts WHERE id > ? ORDER BY id LIMIT ?`,
        [afterId, batchSize],
      );
      if (!accounts.length) break;
      afterId = accounts[accounts.length - 1].id;
      const charges = await monthCharges(deps.db, accounts.map((a) => a.id), bounds);
      const plans = accounts.flatMap((row) => {
        const customer = customerOf(row);
        const owed = charges.get(row.id);
        if (!owed) return [];
        const buyer = buyerOf(customer);
        if (!buyer) {
          summary.missingRequisites.push(row.id);
          return [];
        }
        return [{ customer, inputs: monthDocumentInputs(customer, buyer, owed, period, terms) }];
      });
      summary.accountsBilled += plans.length;
      summary.issued += await deps.db.transaction((em) => issueBatch(em, plans, period, year, deps.now()));
      await options.afterCommit?.(batch);
      summary.rendered += await renderMissing(deps, accounts.map((a) => a.id), period, drawing);
    }
  } finally {
    await drawing.close();
  }
  if (summary.missingRequisites.length) deps.logger.warn({ period, accounts: summary.missingRequisites.slice(0, 100), count: summary.missingRequisites.length }, 'documents not issued: account lacks БИН/ИИН or address');
  deps.logger.info({ period, issued: summary.issued, rendered: summary.rendered, accountsBilled: summary.accountsBilled }, 'monthly documents run finished');
  return summary;
}

type Plan = { customer: Customer; inputs: ReturnType<typeof monthDocumentInputs> };

/** Inserts the documents a batch still lacks, numbering them under the counter locks; returns how many. */
async function issueBatch(em: EntityManager, plans: readonly Plan[], period: string, year: number, now: Date): Promise<number> {
  if (!plans.length) return 0;
  const kinds = documentKinds.filter((k) => plans.some((p) => kindsFor(p.customer.paymentMethod).includes(k)));
  const last = new Map<DocumentKind, number>();
  for (const kind of kinds) last.set(kind, await lockCounter(em, kind, year));
  const existing: { account_id: number; kind: DocumentKind }[] = await em.query(
    'SELECT account_id, kind FROM issued_documents WHERE period = ? AND account_id IN (?)',
    [period, plans.map((p) => p.customer.id)],
  );
  const done = new Set(existing.map((e) => `${e.account_id}:${e.kind}`));
  const issuedOn = localDay(now);
  const rows: Partial<IssuedDocument>[] = [];
  for (const { customer, inputs } of plans) {
    for (const kind of kindsFor(customer.paymentMethod)) {
      if (done.has(`${customer.id}:${kind}`)) continue;
      const number = last.get(kind)! + 1;
      last.set(kind, number);
      const text = numberText(year, number);
      const input = inputs.build(kind, text);
      rows.push({
        accountId: customer.id, kind, year, number, numberText: text, period,
        issuedOn, turnoverDate: inputs.turnoverDate,
        dueDate: kind === 'invoice' ? inputs.dueDate : null,
        vatRate: input.vat.ratePercent === null ? null : String(input.vat.ratePercent),
        netTiyn: input.totals.net, vatTiyn: input.totals.vat, grossTiyn: input.totals.gross,
        input: input as unknown as Record<string, unknown>,
        ...documentPaths(customer.id, period, kind, text),
        correctsDocumentId: null, createdAt: now,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await em.getRepository(IssuedDocument).insert(rows.slice(i, i + 500) as never);
  for (const kind of kinds) await saveCounter(em, kind, year, last.get(kind)!);
  return rows.length;
}

/** Sums of the month's charges per account and category, as positive tiyn. */
async function monthCharges(db: DataSource, accountIds: number[], bounds: { from: Date; to: Date }): Promise<Map<number, MonthCharge[]>> {
  const rows: { account_id: number; category: string; total: string | number }[] = await db.query(
    `SELECT account_id, category, -SUM(amount_tiyn) AS total FROM ledger_entries
     WHERE account_id IN (?) AND kind = 'charge' AND occurred_at >= ? AND occurred_at < ?
     GROUP BY account_id, category HAVING total > 0`,
    [accountIds, bounds.from, bounds.to],
  );
  const byAccount = new Map<number, MonthCharge[]>();
  for (const row of rows) {
    const list = byAccount.get(row.account_id) ?? [];
    list.push({ category: row.category, amountTiyn: Number(row.total) });
    byAccount.set(row.account_id, list);
  }
  return byAccount;
}

/**
 * Writes the files of the batch's documents for the month that are not on disk yet, `drawing.lanes` at a time.
 * The first failure stops taking new documents; the ones in flight finish, then the run fails with that error.
 */
async function renderMissing(deps: MonthlyRunDeps, accountIds: number[], period: string, drawing: PdfDrawing): Promise<number> {
  const docs = await deps.db.getRepository(IssuedDocument).createQueryBuilder('d')
    .where('d.period = :period AND d.accountId IN (:...accountIds)', { period, accountIds })
    .getMany();
  let rendered = 0;
  let next = 0;
  const failures: unknown[] = [];
  const lane = async () => {
    while (next < docs.length && !failures.length) {
      const doc = docs[next++];
      try {
        if (await deps.files.ensure(doc, drawing.draw)) rendered++;
      } catch (err) {
        failures.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(drawing.lanes, docs.length) }, lane));
  if (failures.length) throw failures[0];
  return rendered;
}
