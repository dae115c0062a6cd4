import { expect } from 'chai';
import { amountInWords, formatAmount, integerInWords, pluralForm } from '../../app/kz/money-words';

const tenge = (n: number) => n * 100;

describe('money in words (тенге, тиын)', () => {
  it('writes the sample from a Kazakh invoice', () => {
    expect(amountInWords(12_345_678)).to.equal('Сто двадцать три тысячи четыреста пятьдесят шесть тенге 78 тиын');
  });

  const cases: [number, string][] = [
    [0, 'Ноль'],
    [1, 'Один'],
    [2, 'Два'],
    [5, 'Пять'],
    [10, 'Десять'],
    [20, 'Двадцать'],
    [21, 'Двадцать один'],
    [22, 'Двадцать два'],
    [40, 'Сорок'],
    [90, 'Девяносто'],
    [100, 'Сто'],
    [101, 'Сто один'],
    [111, 'Сто одиннадцать'],
    [200, 'Двести'],
    [999, 'Девятьсот девяносто девять'],
    [1000, 'Одна тысяча'],
    [1001, 'Одна тысяча один'],
    [2000, 'Две тысячи'],
    [3000, 'Три тысячи'],
    [4000, 'Четыре тысячи'],
    [5000, 'Пять тысяч'],
    [11_000, 'Одиннадцать тысяч'],
    [12_000, 'Двенадцать тысяч'],
    [14_000, 'Четырнадцать тысяч'],
    [21_000, 'Двадцать одна тысяча'],
    [22_000, 'Двадцать две тысячи'],
    [25_000, 'Двадцать пять тысяч'],
    [111_000, 'Сто одиннадцать тысяч'],
    [101_000, 'Сто одна тысяча'],
    [1_000_000, 'Один миллион'],
    [2_000_000, 'Два миллиона'],
    [5_000_000, 'Пять миллионов'],
    [11_000_000, 'Одиннадцать миллионов'],
    [21_000_000, 'Двадцать один миллион'],
    [1_001_001, 'Один миллион одна тысяча один'],
    [2_002_002, 'Два миллиона две тысячи два'],
    [1_000_000_000, 'Один миллиард'],
    [2_000_000_000, 'Два миллиарда'],
    [12_000_000_000, 'Двенадцать миллиардов'],
    [1_000_000_000_000, 'Один триллион'],
  ];
  for (const [amount, words] of cases) {
    it(`writes ${amount} тенге as "${words} тенге 00 тиын"`, () => {
      expect(amountInWords(tenge(amount))).to.equal(`${words} тенге 00 тиын`);
    });
  }

  it('writes each of 11–19 as one word', () => {
    const teens = ['одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
    teens.forEach((word, i) => expect(integerInWords(11 + i)).to.equal(word));
    teens.forEach((word, i) => expect(integerInWords((11 + i) * 1000)).to.equal(`${word} тысяч`));
  });

  it('writes a large amount with every scale', () => {
    expect(amountInWords(99_999_999_999_999n)).to.equal(
      'Девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов ' +
        'девятьсот девяносто девять тысяч девятьсот девяносто девять тенге 99 тиын',
    );
    expect(amountInWords(tenge(3_204_050_607))).to.equal(
      'Три миллиарда двести четыре миллиона пятьдесят тысяч шестьсот семь тенге 00 тиын',
    );
  });

  it('writes tiyn as two digits, also when there are no tenge', () => {
    expect(amountInWords(1)).to.equal('Ноль тенге 01 тиын');
    expect(amountInWords(10)).to.equal('Ноль тенге 10 тиын');
    expect(amountInWords(99)).to.equal('Ноль тенге 99 тиын');
    expect(amountInWords(100_001)).to.equal('Одна тысяча тенге 01 тиын');
    expect(amountInWords(199)).to.equal('Один тенге 99 тиын');
  });

  it('uses the feminine forms only where the noun asks for them', () => {
    expect(integerInWords(1, 'feminine')).to.equal('одна');
    expect(integerInWords(2, 'feminine')).to.equal('две');
    expect(integerInWords(1)).to.equal('один');
    expect(integerInWords(2_001_002)).to.equal('два миллиона одна тысяча два');
  });

  it('picks the plural form by the last two digits', () => {
    const forms = ['тысяча', 'тысячи', 'тысяч'] as const;
    const expected: [number, string][] = [[1, 'тысяча'], [2, 'тысячи'], [4, 'тысячи'], [5, 'тысяч'], [11, 'тысяч'], [14, 'тысяч'], [21, 'тысяча'], [104, 'тысячи'], [111, 'тысяч'], [112, 'тысяч'], [0, 'тысяч']];
    for (const [n, form] of expected) expect(pluralForm(n, forms), String(n)).to.equal(form);
  });

  it('refuses negative, fractional and too large amounts', () => {
    expect(() => amountInWords(-1)).to.throw(RangeError);
    expect(() => amountInWords(12.5)).to.throw(RangeError);
    expect(() => amountInWords(Number.NaN)).to.throw(RangeError);
    expect(() => amountInWords(10n ** 17n)).to.throw(RangeError);
  });
});

describe('money in figures (123 456,78)', () => {
  const cases: [number | bigint, string][] = [
    [0, '0,00'],
    [5, '0,05'],
    [99_999, '999,99'],
    [100_000, '1 000,00'],
    [12_345_678, '123 456,78'],
    [100_000_000, '1 000 000,00'],
    [123_456_789_012, '1 234 567 890,12'],
    [-150, '-1,50'],
    [99_999_999_999_999n, '999 999 999 999,99'],
  ];
  for (const [tiyn, text] of cases) {
    it(`formats ${tiyn} tiyn as "${text}"`, () => expect(formatAmount(tiyn)).to.equal(text));
  }

  it('refuses fractions of a tiyn', () => {
    expect(() => formatAmount(1.5)).to.throw(RangeError);
  });
});
