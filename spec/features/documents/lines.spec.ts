import { expect } from 'chai';
import { lineAmount, netUnitPrice, priceLines, reconcile } from '../../../app/features/documents/lines';
import { invoiceDocumentSchema, validDocument } from '../../../app/features/documents/schemas';
import { buildInvoice, items } from './factory';

describe('document lines and totals', () => {
  it('given prices with VAT included, takes VAT out of each line and sums the lines', () => {
    const { lines, totals } = priceLines(items, { ratePercent: 16, pricesIncludeVat: true });
    expect(lines.map((l) => [l.amount, l.net, l.vat, l.gross])).to.deep.equal([
      [1_000_000, 862_069, 137_931, 1_000_000],
      [249_999, 215_516, 34_483, 249_999],
      [1_542_500, 1_329_741, 212_759, 1_542_500],
      [300_000, 258_621, 41_379, 300_000],
    ]);
    expect(totals).to.deep.equal({ net: 2_665_947, vat: 426_552, gross: 3_092_499 });
  });

  it('given prices without VAT, adds VAT on each line', () => {
    const { lines, totals } = priceLines(items.slice(0, 1), { ratePercent: 12, pricesIncludeVat: false });
    expect(lines[0]).to.include({ amount: 1_000_000, net: 1_000_000, vat: 120_000, gross: 1_120_000 });
    expect(totals).to.deep.equal({ net: 1_000_000, vat: 120_000, gross: 1_120_000 });
  });

  it('given a seller who is not a VAT payer, carries no VAT', () => {
    const { totals } = priceLines(items, { ratePercent: null, pricesIncludeVat: true });
    expect(totals).to.deep.equal({ net: 3_092_499, vat: 0, gross: 3_092_499 });
  });

  it('multiplies fractional quantities and rounds the line half up', () => {
    expect(lineAmount(1.5, 333)).to.equal(500); // 499.5
    expect(lineAmount(0.25, 1_250)).to.equal(313); // 312.5
    expect(lineAmount(2.125, 1_000)).to.equal(2_125);
    expect(() => lineAmount(1.0005, 100)).to.throw(RangeError);
  });

  it('derives the unit price without VAT from the net amount when prices include VAT', () => {
    const { lines } = priceLines(items, { ratePercent: 16, pricesIncludeVat: true });
    expect(netUnitPrice(lines[3], { ratePercent: 16, pricesIncludeVat: true })).to.equal(129_311); // 2 586,21 / 2
    expect(netUnitPrice(lines[3], { ratePercent: 16, pricesIncludeVat: false })).to.equal(150_000);
  });

  it('reports a document whose lines or totals do not add up', () => {
    const doc = buildInvoice();
    expect(reconcile(doc)).to.deep.equal([]);
    const tampered = { ...doc, totals: { ...doc.totals, vat: doc.totals.vat + 1 } };
    expect(reconcile(tampered)).to.deep.equal(['totals.vat 426553 ≠ sum of lines 426552']);
    const wrongVat = { ...doc, lines: [{ ...doc.lines[0], vat: 1, net: doc.lines[0].gross - 1 }, ...doc.lines.slice(1)] };
    expect(reconcile(wrongVat).join('\n')).to.match(/line 1: VAT 1 ≠ 137931 at 16%/);
  });

  it('refuses a document with invalid requisites, listing every problem', () => {
    const doc = buildInvoice();
    const bad = { ...doc, seller: { ...doc.seller, bin: '123456789012', iik: 'KZ00125KZT5004100100', bik: 'HSBK' }, knp: '85' };
    expect(() => validDocument(invoiceDocumentSchema, bad, 'invoice')).to.throw(Error, /^invoice is not valid/);
    const message = (() => {
      try {
        validDocument(invoiceDocumentSchema, bad, 'invoice');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const path of ['seller.bin', 'seller.iik', 'seller.bik', 'knp']) expect(message).to.include(`at ${path}`);
  });
});
