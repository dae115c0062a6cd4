import type { DataSource, EntityManager } from 'typeorm';
import type { DocumentKind } from './entities';

/** Makes sure a counter row exists for each kind in the year; outside any transaction, so creating it never blocks a run. */
export async function ensureCounters(db: DataSource, kinds: readonly DocumentKind[], year: number): Promise<void> {
  for (const kind of kinds) await db.query('INSERT IGNORE INTO document_counters (kind, year, last_number) VALUES (?, ?, 0)', [kind, year]);
}

/**
 * The last number used for a kind in a year, with its counter row locked until the caller's transaction ends:
 * numbers are taken and documents inserted under that lock, so concurrent runs queue and a rolled-back
 * transaction gives its numbers back. Callers lock kinds in one fixed order (documentKinds) to avoid deadlocks.
 */
export async function lockCounter(em: EntityManager, kind: DocumentKind, year: number): Promise<number> {
  const rows: { last_number: number }[] = await em.query('SELECT last_number FROM document_counters WHERE kind = ? AND year = ? FOR UPDATE', [kind, year]);
  if (!rows.length) throw new Error(`no document counter for ${kind} ${year}: call ensureCounters first`);
  return Number(rows[0].last_number);
}

/** Stores the last number used, in the transaction that holds the lock. */
export async function saveCounter(em: EntityManager, kind: DocumentKind, year: number, lastNumber: number): Promise<void> {
  await em.query('UPDATE document_counters SET last_number = ? WHERE kind = ? AND year = ?', [lastNumber, kind, year]);
}

/** How a number is printed: the year's last two digits and six digits, e.g. 26-000015. */
export function numberText(year: number, number: number): string {
  return `${String(year).slice(2)}-${String(number).padStart(6, '0')}`;
}
