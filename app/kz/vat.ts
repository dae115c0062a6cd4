/**
 * VAT (НДС) in integer tiyn.
 *
 * Rounding rule: VAT is computed and rounded for each document line, half up to the tiyn
 * (half away from zero for negative correction lines, so a reversal mirrors the original);
 * a document's totals are the sums of its lines, never recomputed from the total. So
 * sum of lines = total, always, and every line carries its own VAT as the ESF (ИС ЭСФ)
 * expects for each product.
 */

/** A VAT rate in force from `from` (inclusive, a calendar date in Almaty, YYYY-MM-DD) until the next entry. */
export interface VatRatePeriod {
  from: string;
  percent: number;
  basis: string;
}

/**
 * The standard rate by date. Data, not logic: billing will load this table from the database;
 * this constant is the default and the seed. Keep it sorted by `from`.
 */
export const VAT_RATES: readonly VatRatePeriod[] = [
  { from: '2009-01-01', percent: 12, basis: 'Налоговый кодекс РК: 12% с 01.01.2009' },
  { from: '2026-01-01', percent: 16, basis: 'Налоговый кодекс РК, Закон № 214-VIII от 18.07.2025' },
];

/** Net amount, VAT and gross amount of one line or of a whole document, in tiyn. */
export interface VatSplit {
  net: number;
  vat: number;
  gross: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The VAT rate in percent on a turnover date (YYYY-MM-DD); throws when the table has no rate that early. */
export function vatRateOn(turnoverDate: string, table: readonly VatRatePeriod[] = VAT_RATES): number {
  assertIsoDate(turnoverDate);
  let found: VatRatePeriod | undefined;
  for (const period of table) {
    assertIsoDate(period.from);
    if (found && period.from <= found.from) throw new Error('the VAT rate table must be sorted by date, without repeats');
    if (period.from <= turnoverDate) found = period;
  }
  if (!found) throw new RangeError(`no VAT rate is known for ${turnoverDate}`);
  return found.percent;
}

/** VAT on a net amount: net × rate, rounded half up to the tiyn. */
export function vatOnNet(netTiyn: number, percent: number): number {
  const bp = basisPoints(percent);
  return divideRounded(BigInt(whole(netTiyn)) * bp, 10_000n);
}

/** VAT included in a gross amount: gross × rate / (100 + rate), rounded half up to the tiyn. */
export function vatIncluded(grossTiyn: number, percent: number): number {
  const bp = basisPoints(percent);
  return divideRounded(BigInt(whole(grossTiyn)) * bp, 10_000n + bp);
}

/** A line priced without VAT: VAT is added on top. */
export function addVat(netTiyn: number, percent: number): VatSplit {
  const vat = vatOnNet(netTiyn, percent);
  return { net: netTiyn, vat, gross: netTiyn + vat };
}

/** A line priced with VAT included: VAT is taken out and the net amount is what remains. */
export function splitGross(grossTiyn: number, percent: number): VatSplit {
  const vat = vatIncluded(grossTiyn, percent);
  return { net: grossTiyn - vat, vat, gross: grossTiyn };
}

/** Document totals as the sums of its lines (the rule above: lines first, totals never re-rounded). */
export function sumSplits(lines: readonly VatSplit[]): VatSplit {
  const total = { net: 0, vat: 0, gross: 0 };
  for (const line of lines) {
    total.net += line.net;
    total.vat += line.vat;
    total.gross += line.gross;
  }
  if (![total.net, total.vat, total.gross].every(Number.isSafeInteger)) throw new RangeError('document total out of range');
  return total;
}

/** a / b rounded to the nearest integer, halves away from zero (b > 0). */
export function divideRounded(a: bigint, b: bigint): number {
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (2n * abs + b) / (2n * b);
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount out of range');
  return result;
}

function basisPoints(percent: number): bigint {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || percent < 0 || percent >= 100 || Math.abs(bp - percent * 100) > 1e-6) {
    throw new RangeError(`a VAT rate must be a percentage with at most two decimals, got ${percent}`);
  }
  return BigInt(bp);
}

function whole(tiyn: number): number {
  if (!Number.isSafeInteger(tiyn)) throw new RangeError(`expected a whole number of tiyn, got ${tiyn}`);
  return tiyn;
}

function assertIsoDate(value: string): void {
  const m = ISO_DATE.exec(value);
  const date = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!date || date.toISOString().slice(0, 10) !== value) throw new RangeError(`expected a date as YYYY-MM-DD, got "${value}"`);
}
