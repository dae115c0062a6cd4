import { addVat, divideRounded, splitGross, sumSplits, vatIncluded, vatOnNet, type VatSplit } from '../../kz/vat';

/** A line as billing knows it: what was sold, how much, at what price (tiyn, in the basis `VatTerms` states). */
export interface LineItem {
  name: string;
  unit: string;
  /** Unit code by the classifier of units (МКЕИ), e.g. "796" for штука; goes to the ESF as unitNomenclature. */
  unitCode?: string;
  quantity: number;
  unitPrice: number;
  /** Date the service was rendered (Р-1 column 3), YYYY-MM-DD. */
  renderedOn?: string;
}

/** How a document applies VAT: the rate in percent (null when the seller is not a VAT payer) and the price basis. */
export interface VatTerms {
  ratePercent: number | null;
  pricesIncludeVat: boolean;
}

/** A priced line: `amount` = quantity × unitPrice in the stated basis, then its net, VAT and gross in tiyn. */
export interface DocumentLine extends LineItem, VatSplit {
  amount: number;
}

/** Quantity × unit price in tiyn, rounded half up; quantities may carry up to three decimals. */
export function lineAmount(quantity: number, unitPrice: number): number {
  const milli = Math.round(quantity * 1000);
  if (!Number.isFinite(quantity) || Math.abs(milli - quantity * 1000) > 1e-6) {
    throw new RangeError(`a quantity may have at most three decimals, got ${quantity}`);
  }
  return divideRounded(BigInt(milli) * BigInt(unitPrice), 1000n);
}

/** Net, VAT and gross of one line amount under the document's VAT terms (rounded per line, see kz/vat.ts). */
export function splitAmount(amount: number, vat: VatTerms): VatSplit {
  if (vat.ratePercent === null) return { net: amount, vat: 0, gross: amount };
  return vat.pricesIncludeVat ? splitGross(amount, vat.ratePercent) : addVat(amount, vat.ratePercent);
}

/** Prices every line and sums the totals from the lines, so sum of lines = total by construction. */
export function priceLines(items: readonly LineItem[], vat: VatTerms): { lines: DocumentLine[]; totals: VatSplit } {
  const lines = items.map((item) => {
    const amount = lineAmount(item.quantity, item.unitPrice);
    return { ...item, amount, ...splitAmount(amount, vat) };
  });
  return { lines, totals: sumSplits(lines) };
}

/** Everything that does not add up in a priced document, as readable messages; empty when it reconciles. */
export function reconcile(doc: { vat: VatTerms; lines: readonly DocumentLine[]; totals: VatSplit }): string[] {
  const problems: string[] = [];
  doc.lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (line.amount !== lineAmount(line.quantity, line.unitPrice)) problems.push(`${where}: amount is not quantity × price`);
    if (line.net + line.vat !== line.gross) problems.push(`${where}: net + VAT ≠ gross`);
    if (doc.vat.ratePercent === null) {
      if (line.vat !== 0 || line.gross !== line.amount) problems.push(`${where}: a document without VAT carries VAT`);
      return;
    }
    const stated = doc.vat.pricesIncludeVat ? line.gross : line.net;
    const expected = doc.vat.pricesIncludeVat ? vatIncluded(line.gross, doc.vat.ratePercent) : vatOnNet(line.net, doc.vat.ratePercent);
    if (stated !== line.amount) problems.push(`${where}: amount is not the ${doc.vat.pricesIncludeVat ? 'gross' : 'net'} amount`);
    if (line.vat !== expected) problems.push(`${where}: VAT ${line.vat} ≠ ${expected} at ${doc.vat.ratePercent}%`);
  });
  const sums = sumSplits(doc.lines);
  for (const key of ['net', 'vat', 'gross'] as const) {
    if (sums[key] !== doc.totals[key]) problems.push(`totals.${key} ${doc.totals[key]} ≠ sum of lines ${sums[key]}`);
  }
  return problems;
}

/**
 * The unit price without VAT, as the VAT invoice and the ESF print it. With prices that include VAT it is
 * derived from the line's net amount (net ÷ quantity, rounded half up), so it is informative: the line's
 * net amount, not this price × quantity, is what the totals add up.
 */
export function netUnitPrice(line: DocumentLine, vat: VatTerms): number {
  if (vat.ratePercent === null || !vat.pricesIncludeVat) return line.unitPrice;
  return divideRounded(BigInt(line.net) * 1000n, BigInt(Math.round(line.quantity * 1000)));
}
