import type { LedgerEntry } from './ledger-entities';
import { invoiceState, type InvoiceStanding } from './invoice-standing';

const TRANSLATION_KEY = /^[a-z_]+(\.[a-z0-9_]+)+$/;

/** A ledger entry for pages; a reason that is a translation key is translated by the page, other text shown as is. */
export function presentEntry(entry: LedgerEntry) {
  return {
    id: Number(entry.id),
    kind: entry.kind,
    amountTiyn: Number(entry.amountTiyn),
    occurredAt: entry.occurredAt,
    reasonKey: TRANSLATION_KEY.test(entry.reason) ? entry.reason : null,
    reason: entry.reason,
    category: entry.category,
    byStaff: entry.authorUserId !== null,
  };
}

/** An invoice with its state on `today`, linking to its PDF. */
export function presentInvoice(accountId: number, invoice: InvoiceStanding, today: string) {
  return { ...invoice, state: invoiceState(invoice, today), pdfUrl: `/a/${accountId}/documents/${invoice.id}.pdf` };
}
