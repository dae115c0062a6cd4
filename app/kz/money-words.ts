/** Grammatical gender of the counted noun: "один миллион" but "одна тысяча". */
export type Gender = 'masculine' | 'feminine';

const UNITS_MASCULINE = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_FEMININE = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = [
  'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать',
  'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать',
];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** Scale words from the highest down: forms for 1, 2–4, 5+ and the gender of each. */
const SCALES: { size: bigint; forms: [string, string, string]; gender: Gender }[] = [
  { size: 10n ** 12n, forms: ['триллион', 'триллиона', 'триллионов'], gender: 'masculine' },
  { size: 10n ** 9n, forms: ['миллиард', 'миллиарда', 'миллиардов'], gender: 'masculine' },
  { size: 10n ** 6n, forms: ['миллион', 'миллиона', 'миллионов'], gender: 'masculine' },
  { size: 10n ** 3n, forms: ['тысяча', 'тысячи', 'тысяч'], gender: 'feminine' },
];
const LARGEST = 10n ** 15n;

/** The Russian plural form for n: forms are for 1 (одна тысяча), 2–4 (две тысячи), 5+ (пять тысяч). */
export function pluralForm(n: number | bigint, forms: readonly [string, string, string]): string {
  const value = BigInt(n) < 0n ? -BigInt(n) : BigInt(n);
  const lastTwo = Number(value % 100n);
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

function triadWords(n: number, gender: Gender): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]);
  else words.push(TENS[Math.floor(rest / 10)], (gender === 'feminine' ? UNITS_FEMININE : UNITS_MASCULINE)[rest % 10]);
  return words.filter(Boolean);
}

/** A non-negative whole number in Russian words, lower case: 21000 → "двадцать одна тысяча". */
export function integerInWords(n: number | bigint, gender: Gender = 'masculine'): string {
  let rest = toWhole(n);
  if (rest === 0n) return 'ноль';
  if (rest >= LARGEST) throw new RangeError(`number too large to write in words: ${n}`);
  const words: string[] = [];
  for (const scale of SCALES) {
    const count = rest / scale.size;
    rest %= scale.size;
    if (count === 0n) continue;
    words.push(...triadWords(Number(count), scale.gender), pluralForm(count, scale.forms));
  }
  words.push(...triadWords(Number(rest), gender));
  return words.join(' ');
}

/**
 * An amount in tiyn as Kazakh payment documents write it:
 * 12345678 → "Сто двадцать три тысячи четыреста пятьдесят шесть тенге 78 тиын".
 * Тенге is indeclinable and masculine ("один тенге", "две тысячи тенге"); тиын is always two digits.
 */
export function amountInWords(tiyn: number | bigint): string {
  const total = toWhole(tiyn);
  const words = `${integerInWords(total / 100n)} тенге ${String(total % 100n).padStart(2, '0')} тиын`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An amount in tiyn as "123 456,78": groups of three split by a space, comma before the tiyn. */
export function formatAmount(tiyn: number | bigint): string {
  const value = BigInt(checkInteger(tiyn));
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const tenge = String(abs / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${tenge},${String(abs % 100n).padStart(2, '0')}`;
}

function checkInteger(n: number | bigint): number | bigint {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`expected a whole number of tiyn, got ${n}`);
  return n;
}

function toWhole(n: number | bigint): bigint {
  const value = BigInt(checkInteger(n));
  if (value < 0n) throw new RangeError(`a negative amount cannot be written in words: ${n}`);
  return value;
}
