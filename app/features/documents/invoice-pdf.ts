import type { DocumentFonts } from './fonts';
import { formatDate, formatDateLong, formatQuantity, printAmount } from './format';
import { correctionNote } from './correction-note';
import { contentWidth, fieldRows, gap, paragraph, rule, signatures, totals } from './pdf/blocks';
import { renderPdf, type Pdf } from './pdf/document';
import { drawTable, headerRow } from './pdf/table';
import { invoiceDocumentSchema, validDocument, type InvoiceDocument } from './schemas';
import { amountDueInWords, statedTotal, totalRows } from './summary';

const SIZE = 9;
const WIDTHS = [5, 47, 10, 8, 15, 15];

/** Счет на оплату as a portrait A4 PDF: sample payment order, title, parties, lines, totals, amount in words, signature. */
export async function renderInvoicePdf(input: InvoiceDocument, fonts: DocumentFonts): Promise<Buffer> {
  const doc = validDocument(invoiceDocumentSchema, input, 'invoice for payment');
  const title = `Счет на оплату № ${doc.number} от ${formatDateLong(doc.date)}`;
  return renderPdf({ fonts, layout: 'portrait', title, author: doc.seller.name, date: doc.date }, (pdf) => {
    paragraph(pdf, 'Оплата данного счета означает согласие с условиями договора.', 7, { align: 'center' });
    gap(pdf, 6);
    paymentOrderSample(pdf, doc);
    gap(pdf, 12);
    paragraph(pdf, title, 14, { bold: true });
    const note = correctionNote(doc, 'Исправленный счет на оплату');
    if (note) paragraph(pdf, note, SIZE, { bold: true });
    rule(pdf);
    gap(pdf, 4);
    fieldRows(pdf, parties(doc), SIZE, 80);
    gap(pdf, 6);
    linesTable(pdf, doc);
    gap(pdf, 4);
    totals(pdf, totalRows(doc), SIZE, (contentWidth(pdf) * WIDTHS[5]) / 100);
    gap(pdf, 6);
    paragraph(pdf, `Всего наименований ${doc.lines.length}, на сумму ${printAmount(statedTotal(doc))} KZT`, SIZE);
    paragraph(pdf, `Всего к оплате: ${amountDueInWords(doc)}`, SIZE, { bold: true });
    rule(pdf);
    gap(pdf, 14);
    signatures(pdf, [{ role: 'Исполнитель', position: doc.signedBy.position, name: doc.signedBy.name }], SIZE);
  });
}

/** The "Образец платежного поручения" box the buyer's accountant copies into a payment order. */
function paymentOrderSample(pdf: Pdf, doc: InvoiceDocument): void {
  const { seller } = doc;
  paragraph(pdf, 'Образец платежного поручения', SIZE, { bold: true });
  gap(pdf, 2);
  drawTable(pdf, {
    widths: [50, 30, 20],
    header: [],
    fontSize: SIZE,
    rows: [
      [
        { text: [{ text: 'Бенефициар:', bold: true }, { text: seller.name, bold: true }, { text: `БИН: ${seller.bin}` }] },
        { text: [{ text: 'ИИК', bold: true }, { text: seller.iik, bold: true }], align: 'center' },
        { text: [{ text: 'Кбе', bold: true }, { text: seller.kbe, bold: true }], align: 'center' },
      ],
      [
        { text: [{ text: 'Банк бенефициара:' }, { text: seller.bank }] },
        { text: [{ text: 'БИК', bold: true }, { text: seller.bik, bold: true }], align: 'center' },
        { text: [{ text: 'Код назначения платежа', bold: true }, { text: doc.knp, bold: true }], align: 'center' },
      ],
    ],
  });
}

function parties(doc: InvoiceDocument): [string, string][] {
  const rows: [string, string][] = [
    ['Поставщик:', `БИН / ИИН ${doc.seller.bin}, ${doc.seller.name}, ${doc.seller.address}`],
    ['Покупатель:', `БИН / ИИН ${doc.buyer.bin}, ${doc.buyer.name}, ${doc.buyer.address}`],
    ['Договор:', `№ ${doc.contract.number} от ${formatDate(doc.contract.date)}`],
    ['Период:', `с ${formatDate(doc.period.from)} по ${formatDate(doc.period.to)}`],
  ];
  if (doc.payBy) rows.push(['Оплатить до:', formatDate(doc.payBy)]);
  return rows;
}

function linesTable(pdf: Pdf, doc: InvoiceDocument): void {
  drawTable(pdf, {
    widths: WIDTHS,
    aligns: ['center', 'left', 'right', 'center', 'right', 'right'],
    header: headerRow(['№', 'Наименование', 'Кол-во', 'Ед.', 'Цена', 'Сумма']),
    fontSize: SIZE,
    rows: doc.lines.map((line, i) => [
      String(i + 1),
      line.name,
      formatQuantity(line.quantity),
      line.unit,
      printAmount(line.unitPrice),
      printAmount(line.amount),
    ]),
  });
}
