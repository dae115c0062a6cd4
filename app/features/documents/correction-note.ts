import { formatDate } from './format';
import type { AccountingDocument } from './schemas';

/** "Исправленный счет-фактура к № 26-000012 от 31.01.2026" under a correction's title; undefined on an original. */
export function correctionNote(doc: Pick<AccountingDocument, 'corrects'>, what: string): string | undefined {
  return doc.corrects && `${what} к № ${doc.corrects.number} от ${formatDate(doc.corrects.date)}`;
}
