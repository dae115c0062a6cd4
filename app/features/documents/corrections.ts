import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../../config';
import { ValidationError } from '../../errors';
import { audit } from '../audit/service';
import { documentKinds, IssuedDocument, type DocumentKind } from './entities';
import { documentPaths, type DocumentFiles } from './files';
import { buyerOf, CUSTOMER_COLUMNS, customerOf, monthDocumentInputs, type CustomerRow, type MonthCharge } from './month-documents';
import { ensureCounters, lockCounter, numberText, saveCounter } from './numbering';
import { localDay, periodBounds } from './period';
import type { AccountingDocument } from './schemas';

export interface CorrectionDeps {
  db: DataSource;
  config: Config;
  files: DocumentFiles;
  now: () => Date;
}

export interface CorrectionActor {
  userId: number;
  ip: string | null;
}

/** The documents of an account's month that nothing corrects yet: the originals, or their latest corrections. */
export function latestDocuments(db: DataSource | EntityManager, accountId: number, period?: string): Promise<IssuedDocument[]> {
  const q = db.getRepository(IssuedDocument).createQueryBuilder('d')
    .where('d.accountId = :accountId', { accountId })
    .andWhere('NOT EXISTS (SELECT 1 FROM issued_documents c WHERE c.corrects_document_id = d.id)');
  if (period) q.andWhere('d.period = :period', { period });
  return q.orderBy('d.period', 'DESC').addOrderBy('d.kind', 'ASC').getMany();
}

/**
 * What the month's services cost now, per category, from the month's ledger: charges, then the month's
 * corrections. A net credit lowers the categories, largest first (a document line cannot be negative);
 * a net debit is a line of its own.
 */
export async function correctedCharges(db: DataSource | EntityManager, accountId: number, period: string): Promise<MonthCharge[]> {
  const { from, to } = periodBounds(period);
  const rows: { kind: string; category: string; total: string | number }[] = await db.query(
    `SELECT kind, category, SUM(amount_tiyn) AS total FROM ledger_entries
     WHERE account_id = ? AND kind IN ('charge', 'correction') AND occurred_at >= ? AND occurred_at < ?
     GROUP BY kind, category`,
    [accountId, from, to],
  );
  const charges = rows.filter((r) => r.kind === 'charge').map((r) => ({ category: r.category, amountTiyn: -Number(r.total) }));
  let credit = rows.filter((r) => r.kind === 'correction').reduce((sum, r) => sum + Number(r.total), 0);
  if (credit < 0) charges.push({ category: 'correction', amountTiyn: -credit });
  for (const charge of [...charges].sort((a, b) => b.amountTiyn - a.amountTiyn)) {
    if (credit <= 0) break;
    const taken = Math.min(credit, Math.max(charge.amountTiyn, 0));
    charge.amountTiyn -= taken;
    credit -= taken;
  }
  return charges.filter((c) => c.amountTiyn > 0);
}

/** What a correction changes: parties and money. Numbers and dates are the correction's own. */
function substance(input: Record<string, unknown>): string {
  const { seller, buyer, lines, totals, vat } = input as unknown as AccountingDocument;
  return canonical({ seller, buyer, lines, totals, vat });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Re-issues an account's month after its amounts or requisites changed: each latest document of the month gets
 * a new document with its own number from the same counters, pointing at it and recomputed from the month's
 * ledger and the account's current requisites. The documents it corrects never change. Returns the new
 * documents, none when nothing would change (so issuing twice issues once).
 */
export async function issueMonthCorrection(deps: CorrectionDeps, accountId: number, period: string, actor: CorrectionActor): Promise<IssuedDocument[]> {
  const seller = deps.config.billing.seller;
  if (!seller) throw new Error('seller requisites are not configured');
  const terms = { seller, knp: deps.config.billing.knp, invoiceDueDays: deps.config.billing.invoiceDueDays };
  const now = deps.now();
  const today = localDay(now);
  const year = Number(today.slice(0, 4));
  const [row]: CustomerRow[] = await deps.db.query(`SELECT ${CUSTOMER_COLUMNS} FROM accounts WHERE id = ?`, [accountId]);
  if (!row) throw new Error(`no account ${accountId}`);
  const customer = customerOf(row);
  const buyer = buyerOf(customer);
  if (!buyer) throw new ValidationError({ period: 'documents.corrections.no_requisites' });
  await ensureCounters(deps.db, documentKinds, year);

  const issued = await deps.db.transaction(async (em) => {
    // The counter locks serialize issuance, so the latest documents read after them stay the latest.
    const last = new Map<DocumentKind, number>();
    for (const kind of documentKinds) last.set(kind, await lockCounter(em, kind, year)); // one fixed order: no deadlocks
    const latest = await latestDocuments(em, accountId, period);
    if (!latest.length) throw new ValidationError({ period: 'documents.corrections.no_documents' });
    const charges = await correctedCharges(em, accountId, period);
    if (!charges.length) throw new ValidationError({ period: 'documents.corrections.nothing_left' });
    const inputs = monthDocumentInputs(customer, buyer, charges, period, terms);
    const fresh = latest.map((doc) => ({ doc, input: inputs.build(doc.kind, doc.numberText) as unknown as Record<string, unknown> }));
    if (fresh.every(({ doc, input }) => substance(input) === substance(doc.input))) return [];
    const rows: IssuedDocument[] = [];
    for (const { doc: corrected } of fresh) {
      const number = last.get(corrected.kind)! + 1;
      last.set(corrected.kind, number);
      const text = numberText(year, number);
      const printed = corrected.input as unknown as AccountingDocument & { esfRegistrationNumber?: string };
      const input = {
        ...inputs.build(corrected.kind, text),
        date: today,
        corrects: { number: corrected.numberText, date: printed.date, ...(printed.esfRegistrationNumber ? { esfRegistrationNumber: printed.esfRegistrationNumber } : {}) },
      };
      rows.push(em.getRepository(IssuedDocument).create({
        accountId, kind: corrected.kind, year, number, numberText: text, period,
        issuedOn: today, turnoverDate: inputs.turnoverDate,
        dueDate: corrected.kind === 'invoice' ? inputs.dueDate : null,
        vatRate: input.vat.ratePercent === null ? null : String(input.vat.ratePercent),
        netTiyn: input.totals.net, vatTiyn: input.totals.vat, grossTiyn: input.totals.gross,
        input: input as unknown as Record<string, unknown>,
        ...documentPaths(accountId, period, corrected.kind, text),
        correctsDocumentId: Number(corrected.id), createdAt: now,
      }));
    }
    await em.getRepository(IssuedDocument).save(rows);
    for (const kind of documentKinds) await saveCounter(em, kind, year, last.get(kind)!);
    for (const doc of rows) {
      await audit(em, now, {
        action: 'documents.correction_issued', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'issued_document', targetId: doc.id,
        details: { period, kind: doc.kind, number: doc.numberText, correctsDocumentId: doc.correctsDocumentId, grossTiyn: doc.grossTiyn },
      });
    }
    return rows;
  });
  for (const doc of issued) await deps.files.ensure(doc);
  return issued;
}
