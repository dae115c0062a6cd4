import { formatAmount } from '../../kz/money-words';

const MONTHS_GENITIVE = [
  'января', 'февраля', 'марта', 'апреля', 'мая', 'июня',
  'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря',
];
const NBSP = '\u00a0';

function parts(isoDate: string): [string, string, string] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`expected a date as YYYY-MM-DD, got "${isoDate}"`);
  return [m[1], m[2], m[3]];
}

/** 2026-01-31 → "31.01.2026", the form of dates in Kazakh documents and in the ESF. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = parts(isoDate);
  return `${d}.${m}.${y}`;
}

/** 2026-01-31 → "31 января 2026 г.", as document titles write it. */
export function formatDateLong(isoDate: string): string {
  const [y, m, d] = parts(isoDate);
  return `${Number(d)} ${MONTHS_GENITIVE[Number(m) - 1]} ${y} г.`;
}

/** A quantity with a decimal comma and no trailing zeros: 1 → "1", 1.5 → "1,5", 1234 → "1 234". */
export function formatQuantity(quantity: number): string {
  const [whole, fraction] = String(Number(quantity.toFixed(3))).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return fraction ? `${grouped},${fraction}` : grouped;
}

/** An amount in tiyn for a printed table: "123 456,78" with non-breaking spaces, so a cell never splits it. */
export function printAmount(tiyn: number): string {
  return formatAmount(tiyn).replace(/ /g, NBSP);
}

/** "НДС 16%" or "без НДС": how a document names its VAT. */
export function vatLabel(ratePercent: number | null): string {
  return ratePercent === null ? 'без НДС' : `НДС ${String(ratePercent).replace('.', ',')}%`;
}
