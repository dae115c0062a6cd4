import { expect } from 'chai';
import { addVat, splitGross, sumSplits, VAT_RATES, vatIncluded, vatOnNet, vatRateOn, type VatRatePeriod } from '../../app/kz/vat';

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('VAT by date', () => {
  it('is 12% on 2025-12-31 and 16% from 2026-01-01 (Law 214-VIII)', () => {
    expect(vatRateOn('2025-12-31')).to.equal(12);
    expect(vatRateOn('2026-01-01')).to.equal(16);
    expect(vatRateOn('2026-07-15')).to.equal(16);
    expect(vatRateOn('2009-01-01')).to.equal(12);
  });

  it('reads the rates from the table it is given, as billing will from the database', () => {
    const table: VatRatePeriod[] = [...VAT_RATES, { from: '2027-01-01', percent: 18, basis: 'test' }];
    expect(vatRateOn('2026-12-31', table)).to.equal(16);
    expect(vatRateOn('2027-01-01', table)).to.equal(18);
  });

  it('refuses a date before the table, a malformed date and an unsorted table', () => {
    expect(() => vatRateOn('2008-12-31')).to.throw(RangeError, /no VAT rate/);
    expect(() => vatRateOn('2026-02-30')).to.throw(RangeError);
    expect(() => vatRateOn('31.12.2025')).to.throw(RangeError);
    expect(() => vatRateOn('2026-06-01', [...VAT_RATES].reverse())).to.throw(/sorted/);
  });
});

describe('VAT amounts in tiyn', () => {
  it('adds VAT on a net amount', () => {
    expect(addVat(1_000_000, 16)).to.deep.equal({ net: 1_000_000, vat: 160_000, gross: 1_160_000 });
    expect(vatOnNet(1_000_000, 12)).to.equal(120_000);
  });

  it('takes VAT out of a gross amount', () => {
    expect(splitGross(1_160_000, 16)).to.deep.equal({ net: 1_000_000, vat: 160_000, gross: 1_160_000 });
    expect(splitGross(1_000_000, 16)).to.deep.equal({ net: 862_069, vat: 137_931, gross: 1_000_000 });
    expect(vatIncluded(1_120_000, 12)).to.equal(120_000);
  });

  it('rounds half up to the tiyn, and halves of negative amounts away from zero', () => {
    expect(vatIncluded(14, 12)).to.equal(2); // 14 × 12 / 112 = 1.5
    expect(vatOnNet(5, 10)).to.equal(1); // 0.5
    expect(vatOnNet(15, 10)).to.equal(2); // 1.5
    expect(vatOnNet(14, 10)).to.equal(1); // 1.4
    expect(vatOnNet(-5, 10)).to.equal(-1);
    expect(vatOnNet(3, 16)).to.equal(0); // 0.48
  });

  it('rounds each line, so the totals are the sums of the lines', () => {
    // Three lines of 1 тенге with 12% included: 10.71 → 11 tiyn each, 33 in all (the total alone would give 32).
    const lines = [splitGross(100, 12), splitGross(100, 12), splitGross(100, 12)];
    expect(sumSplits(lines)).to.deep.equal({ net: 267, vat: 33, gross: 300 });
  });

  it('reconciles for any set of lines: net + VAT = gross on each line and in the totals', () => {
    const next = random(20260101);
    for (let doc = 0; doc < 500; doc++) {
      const percent = next() < 0.5 ? 12 : 16;
      const lines = Array.from({ length: 1 + Math.floor(next() * 12) }, () => {
        const amount = Math.floor(next() * 100_000_000);
        return next() < 0.5 ? splitGross(amount, percent) : addVat(amount, percent);
      });
      const totals = sumSplits(lines);
      for (const line of lines) expect(line.net + line.vat).to.equal(line.gross);
      expect(totals.net + totals.vat).to.equal(totals.gross);
      expect(totals.vat).to.equal(lines.reduce((s, l) => s + l.vat, 0));
    }
  });

  it('refuses fractions of a tiyn and impossible rates', () => {
    expect(() => vatOnNet(10.5, 16)).to.throw(RangeError);
    expect(() => vatOnNet(100, -1)).to.throw(RangeError);
    expect(() => vatOnNet(100, 12.345)).to.throw(RangeError);
  });
});
