import { formatDate } from './format';
import { netUnitPrice } from './lines';
import { validDocument, vatInvoiceDocumentSchema, type VatInvoiceDocument } from './schemas';
import { el, renderXml } from './xml';

/**
 * Work and services, in the ESF's "признак происхождения" (truOriginCode) classifier: 6.
 * Elements inside each ESF type follow the schema's order, which is alphabetical.
 */
const TRU_ORIGIN_SERVICES = '6';

/** Tiyn as the ESF writes money: tenge with a dot and two decimals, 1234567 → "12345.67". */
export function esfAmount(tiyn: number): string {
  const sign = tiyn < 0 ? '-' : '';
  const abs = Math.abs(tiyn);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The VAT invoice as ESF XML for import into ИС ЭСФ: invoiceContainer → invoiceSet → v2:invoice.
 * productSet/ndsRateType is left out on purpose: its only value, WITHOUT_NDS_NOT_KZ, is for turnover
 * outside Kazakhstan; a domestic invoice states VAT per product (ndsRate, ndsAmount) instead.
 * A correction is an исправленный счет-фактура: FIXED_INVOICE with relatedInvoice naming the one it replaces,
 * carrying the full corrected amounts (an ADDITIONAL_INVOICE would carry only the difference).
 */
export function buildEsfXml(input: VatInvoiceDocument): string {
  const doc = validDocument(vatInvoiceDocumentSchema, input, 'VAT invoice');
  const { seller, buyer, totals } = doc;
  const rate = doc.vat.ratePercent;
  const invoice = el('v2:invoice', [
    el('date', formatDate(doc.date)),
    el('invoiceType', doc.corrects ? 'FIXED_INVOICE' : 'ORDINARY_INVOICE'),
    el('num', doc.number),
    el('operatorFullname', doc.signedBy.name),
    el('relatedInvoice', doc.corrects && [
      el('date', formatDate(doc.corrects.date)),
      el('num', doc.corrects.number),
      el('registrationNumber', doc.corrects.esfRegistrationNumber),
    ]),
    el('turnoverDate', formatDate(doc.turnoverDate)),
    el('customers', [
      el('customer', [el('address', buyer.address), el('countryCode', 'KZ'), el('name', buyer.name), el('tin', buyer.bin)]),
    ]),
    el('deliveryTerm', [
      el('contractDate', formatDate(doc.contract.date)),
      el('contractNum', doc.contract.number),
      el('hasContract', 'true'),
    ]),
    el('productSet', [
      el('currencyCode', 'KZT'),
      el('products', doc.lines.map((line) => el('product', [
        el('description', line.name),
        el('ndsAmount', esfAmount(line.vat)),
        el('ndsRate', rate === null ? undefined : String(rate)),
        el('priceWithTax', esfAmount(line.gross)),
        el('priceWithoutTax', esfAmount(line.net)),
        el('quantity', String(Number(line.quantity.toFixed(3)))),
        el('truOriginCode', TRU_ORIGIN_SERVICES),
        el('turnoverSize', esfAmount(line.net)),
        el('unitNomenclature', line.unitCode),
        el('unitPrice', esfAmount(netUnitPrice(line, doc.vat))),
      ]))),
      el('totalExciseAmount', esfAmount(0)),
      el('totalNdsAmount', esfAmount(totals.vat)),
      el('totalPriceWithTax', esfAmount(totals.gross)),
      el('totalPriceWithoutTax', esfAmount(totals.net)),
      el('totalTurnoverSize', esfAmount(totals.net)),
    ]),
    el('sellers', [
      el('seller', [
        el('address', seller.address),
        el('bank', seller.bank),
        el('bik', seller.bik),
        el('iik', seller.iik),
        el('kbe', seller.kbe),
        el('name', seller.name),
        el('tin', seller.bin),
      ]),
    ]),
  ], { 'xmlns:a': 'abstractInvoice.esf', 'xmlns:v2': 'v2.esf' });
  return renderXml(el('esf:invoiceContainer', [el('invoiceSet', [invoice])], { 'xmlns:esf': 'esf' }));
}
