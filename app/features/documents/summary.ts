import { amountInWords } from '../../kz/money-words';
import { printAmount, vatLabel } from './format';
import type { AccountingDocument } from './schemas';

/** The total in the basis the prices are stated in: with VAT when prices include it, without otherwise. */
export function statedTotal(doc: AccountingDocument): number {
  return doc.vat.ratePercent !== null && !doc.vat.pricesIncludeVat ? doc.totals.net : doc.totals.gross;
}

/** The rows under a lines table: "Итого", then "в том числе НДС 16%" or "НДС 16%" + "Всего к оплате", or "без НДС". */
export function totalRows(doc: AccountingDocument): [string, string][] {
  const rate = doc.vat.ratePercent;
  if (rate === null) return [['Итого:', printAmount(doc.totals.gross)], ['Без НДС:', '—']];
  if (doc.vat.pricesIncludeVat) {
    return [['Итого:', printAmount(doc.totals.gross)], [`В том числе ${vatLabel(rate)}:`, printAmount(doc.totals.vat)]];
  }
  return [
    ['Итого:', printAmount(doc.totals.net)],
    [`${vatLabel(rate)}:`, printAmount(doc.totals.vat)],
    ['Всего с НДС:', printAmount(doc.totals.gross)],
  ];
}

/** "Всего к оплате: Сто двадцать три тысячи … тенге 78 тиын" — always the gross amount, VAT included. */
export function amountDueInWords(doc: AccountingDocument): string {
  return amountInWords(doc.totals.gross);
}

/** "в том числе НДС 16%: 1 234,56" or "без НДС", for a sentence after an amount in words. */
export function vatClause(doc: AccountingDocument): string {
  const rate = doc.vat.ratePercent;
  return rate === null ? 'без НДС' : `в том числе ${vatLabel(rate)}: ${printAmount(doc.totals.vat)}`;
}
