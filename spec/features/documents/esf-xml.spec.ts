import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildEsfXml, esfAmount } from '../../../app/features/documents/esf-xml';
import { el, escapeXml, renderXml } from '../../../app/features/documents/xml';
import { buildVatInvoice, buyer, items, seller } from './factory';

/** Parsed XML: shapes are checked by the assertions themselves. */
type Node = Record<string, any>;

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).to.equal(true);
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name: string) => name === 'product' });
  return parser.parse(xml);
}

const invoiceOf = (xml: string): Node => parse(xml)['esf:invoiceContainer'].invoiceSet['v2:invoice'];

describe('ESF XML (счет-фактура for ИС ЭСФ)', () => {
  it('nests invoiceContainer → invoiceSet → v2:invoice with the ESF namespaces', () => {
    const root = parse(buildEsfXml(buildVatInvoice()));
    expect(root['esf:invoiceContainer']['@_xmlns:esf']).to.equal('esf');
    const invoice = root['esf:invoiceContainer'].invoiceSet['v2:invoice'];
    expect(invoice['@_xmlns:v2']).to.equal('v2.esf');
    expect(invoice['@_xmlns:a']).to.equal('abstractInvoice.esf');
  });

  it('writes the header with dates as dd.MM.yyyy', () => {
    const invoice = invoiceOf(buildEsfXml(buildVatInvoice({ date: '2026-02-01', turnoverDate: '2026-01-31' })));
    expect(invoice).to.include({ invoiceType: 'ORDINARY_INVOICE', num: '26-000015', date: '01.02.2026', turnoverDate: '31.01.2026' });
    expect(invoice.operatorFullname).to.equal('Иванов И. И.');
    expect(invoice.deliveryTerm).to.deep.equal({ contractDate: '14.03.2025', contractNum: 'ВАТС-2025/117', hasContract: 'true' });
  });

  it('writes the seller and the customer with their requisites', () => {
    const invoice = invoiceOf(buildEsfXml(buildVatInvoice()));
    expect(invoice.sellers.seller).to.deep.equal({
      address: seller.address, bank: seller.bank, bik: 'HSBKKZKX', iik: 'KZ86125KZT5004100100', kbe: '17', name: seller.name, tin: '990601301525',
    });
    expect(invoice.customers.customer).to.deep.equal({ address: buyer.address, countryCode: 'KZ', name: buyer.name, tin: '890525350143' });
  });

  it('escapes quotes, ampersands and angle brackets in names and addresses', () => {
    const xml = buildEsfXml(buildVatInvoice());
    expect(xml).to.include('<name>ТОО «Рога &amp; Копыта» &quot;Юг&quot;</name>');
    expect(xml).to.include('д. 40 &lt;оф. 12&gt;</address>');
    expect(invoiceOf(xml).customers.customer.name).to.equal('ТОО «Рога & Копыта» "Юг"');
  });

  it('writes each product with VAT and the totals that are their sums', () => {
    const invoice = invoiceOf(buildEsfXml(buildVatInvoice()));
    const { productSet } = invoice;
    expect(productSet.currencyCode).to.equal('KZT');
    expect(productSet.products.product).to.have.length(items.length);
    expect(productSet.products.product[2]).to.deep.equal({
      description: 'Исходящие вызовы на мобильные номера',
      ndsAmount: '2127.59',
      ndsRate: '16',
      priceWithTax: '15425.00',
      priceWithoutTax: '13297.41',
      quantity: '1234',
      truOriginCode: '6',
      turnoverSize: '13297.41',
      unitNomenclature: '355',
      unitPrice: '10.78',
    });
    expect(productSet).to.include({
      totalExciseAmount: '0.00', totalNdsAmount: '4265.52', totalPriceWithTax: '30924.99', totalPriceWithoutTax: '26659.47', totalTurnoverSize: '26659.47',
    });
    const sum = (key: string) => productSet.products.product.reduce((s: number, p: Node) => s + Math.round(Number(p[key]) * 100), 0);
    expect(esfAmount(sum('ndsAmount'))).to.equal(productSet.totalNdsAmount);
    expect(esfAmount(sum('priceWithTax'))).to.equal(productSet.totalPriceWithTax);
    expect(esfAmount(sum('priceWithoutTax'))).to.equal(productSet.totalPriceWithoutTax);
  });

  it('states the rate in force: 12% for a 2025 turnover', () => {
    const invoice = invoiceOf(buildEsfXml(buildVatInvoice({ vat: { ratePercent: 12, pricesIncludeVat: false }, turnoverDate: '2025-12-31' })));
    expect(invoice.productSet.products.product[0]).to.include({ ndsRate: '12', ndsAmount: '1200.00', priceWithoutTax: '10000.00', priceWithTax: '11200.00' });
  });

  it('leaves out the rate and carries no VAT for a seller who is not a VAT payer', () => {
    const invoice = invoiceOf(buildEsfXml(buildVatInvoice({ vat: { ratePercent: null, pricesIncludeVat: true } })));
    const product = invoice.productSet.products.product[0];
    expect(product).not.to.have.property('ndsRate');
    expect(product.ndsAmount).to.equal('0.00');
    expect(invoice.productSet.totalNdsAmount).to.equal('0.00');
  });

  it('refuses text XML cannot carry, and a document that does not reconcile', () => {
    expect(() => buildEsfXml(buildVatInvoice({ buyer: { ...buyer, name: 'ТОО \u0001 Ошибка' } }))).to.throw(/XML cannot carry/);
    const doc = buildVatInvoice();
    expect(() => buildEsfXml({ ...doc, totals: { ...doc.totals, net: 1 } })).to.throw(/VAT invoice is not valid/);
  });
});

describe('XML writer', () => {
  it('escapes the five special characters', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).to.equal('a &amp; b &lt; c &gt; d &quot; e &apos; f');
  });

  it('leaves out elements without content and writes empty lists as empty elements', () => {
    const xml = renderXml(el('root', [el('a', undefined), el('b', []), el('c', 'x', { id: '1 & 2' })]));
    expect(xml).to.equal('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<root>\n  <b/>\n  <c id="1 &amp; 2">x</c>\n</root>\n');
  });

  it('refuses names that are not XML names', () => {
    expect(() => el('1bad', 'x')).to.throw(/not an XML element name/);
    expect(() => el('a b', 'x')).to.throw(/not an XML element name/);
  });
});
