import type { DataSource, EntityManager } from 'typeorm';
import { periodBounds } from '../documents/period';

/** An issued invoice and whether money has covered it. */
export interface InvoiceStanding {
  id: number;
  numberText: string;
  period: string;
  turnoverDate: string;
  dueDate: string;
  grossTiyn: number;
  paid: boolean;
}

export type InvoiceState = 'paid' | 'unpaid' | 'overdue';

/** How an owner sees an invoice on a given day (Almaty): paid, unpaid, or overdue after its due date. */
export function invoiceState(invoice: InvoiceStanding, today: string): InvoiceState {
  if (invoice.paid) return 'paid';
  return today > invoice.dueDate ? 'overdue' : 'unpaid';
}

/**
 * The account's invoices, oldest first, each marked paid or not. Money pays the oldest debt first: an invoice
 * is paid when every credit so far (payments, positive corrections, whenever they came) covers every charge up
 * to the end of the invoice's month. So a later month's charges never make an earlier invoice unpaid, and a
 * balance of zero or more means every invoice is paid.
 */
export async function invoiceStandings(db: DataSource | EntityManager, accountId: number): Promise<InvoiceStanding[]> {
  const rows: { id: number; number_text: string; period: string; turnover_date: string; due_date: string; gross_tiyn: string | number }[] = await db.query(
    `SELECT id, number_text, period, DATE_FORMAT(turnover_date, '%Y-%m-%d') AS turnover_date, DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date, gross_tiyn
     FROM issued_documents WHERE account_id = ? AND kind = 'invoice'
       AND id NOT IN (SELECT corrects_document_id FROM issued_documents WHERE corrects_document_id IS NOT NULL) -- a corrected invoice is replaced by its correction
     ORDER BY period, id`,
    [accountId],
  );
  const [account]: { balance_tiyn: string | number }[] = await db.query('SELECT balance_tiyn FROM accounts WHERE id = ?', [accountId]);
  const allPaid = Number(account?.balance_tiyn ?? 0) >= 0;
  const covered = allPaid ? rows.map(() => true) : await coveredThrough(db, accountId, rows.map((row) => periodBounds(row.period).to));
  // Oldest first: once one invoice is unpaid, every later one is too.
  const firstUnpaid = covered.indexOf(false);
  return rows.map((row, i) => ({
    id: Number(row.id), numberText: row.number_text, period: row.period, turnoverDate: row.turnover_date,
    dueDate: row.due_date, grossTiyn: Number(row.gross_tiyn), paid: firstUnpaid < 0 || i < firstUnpaid,
  }));
}

/** The oldest invoice still unpaid after its due date, on `today` (YYYY-MM-DD). */
export async function oldestOverdueInvoice(db: DataSource | EntityManager, accountId: number, today: string): Promise<InvoiceStanding | undefined> {
  return (await invoiceStandings(db, accountId)).find((i) => !i.paid && today > i.dueDate);
}

/** For each end: whether every credit so far covers every charge before that end (one query for all ends). */
async function coveredThrough(db: DataSource | EntityManager, accountId: number, ends: Date[]): Promise<boolean[]> {
  if (!ends.length) return [];
  const [row]: Record<string, string | number | null>[] = await db.query(
    `SELECT ${ends.map((_, i) => `SUM(IF(amount_tiyn >= 0 OR occurred_at < ?, amount_tiyn, 0)) AS c${i}`).join(', ')} FROM ledger_entries WHERE account_id = ?`,
    [...ends, accountId],
  );
  return ends.map((_, i) => Number(row?.[`c${i}`] ?? 0) >= 0);
}
