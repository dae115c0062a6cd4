import type { DocumentFonts } from './fonts';
import { formatDate, formatQuantity, printAmount } from './format';
import { correctionNote } from './correction-note';
import { fieldRows, gap, paragraph, signatures } from './pdf/blocks';
import { renderPdf, type Pdf } from './pdf/document';
import { drawTable, type HeaderCell } from './pdf/table';
import { netUnitPrice } from './lines';
import { validDocument, vatInvoiceDocumentSchema, type VatInvoiceDocument } from './schemas';

const SIZE = 8;

/** A printable copy of the счет-фактура (the original is the ESF in ИС ЭСФ), landscape A4. */
export async function renderVatInvoicePdf(input: VatInvoiceDocument, fonts: DocumentFonts): Promise<Buffer> {
  const doc = validDocument(vatInvoiceDocumentSchema, input, 'VAT invoice');
  const title = `${doc.corrects ? 'ИСПРАВЛЕННЫЙ ' : ''}СЧЕТ-ФАКТУРА № ${doc.number} от ${formatDate(doc.date)}`;
  const note = correctionNote(doc, 'Исправленный счет-фактура');
  return renderPdf({ fonts, layout: 'landscape', title, author: doc.seller.name, date: doc.date }, (pdf) => {
    paragraph(pdf, 'Печатная копия электронного счета-фактуры', 7, { align: 'right' });
    paragraph(pdf, title, 12, { bold: true, align: 'center' });
    if (note) paragraph(pdf, note, 9, { bold: true, align: 'center' });
    gap(pdf, 4);
    const heading: [string, string][] = [['Дата совершения оборота:', formatDate(doc.turnoverDate)]];
    if (doc.esfRegistrationNumber) heading.push(['Регистрационный номер в ИС ЭСФ:', doc.esfRegistrationNumber]);
    fieldRows(pdf, heading, SIZE, 170);
    gap(pdf, 4);
    partiesTable(pdf, doc);
    gap(pdf, 6);
    fieldRows(pdf, [
      ['Договор (контракт) на поставку:', `№ ${doc.contract.number} от ${formatDate(doc.contract.date)}`],
      ['Условия оплаты по договору:', 'безналичный расчет'],
      ['Период оказания услуг:', `с ${formatDate(doc.period.from)} по ${formatDate(doc.period.to)}`],
      ['Валюта:', 'казахстанский тенге, KZT'],
    ], SIZE, 170);
    gap(pdf, 6);
    linesTable(pdf, doc);
    gap(pdf, 18);
    signatures(pdf, [
      { role: 'Руководитель организации', position: doc.signedBy.position, name: doc.signedBy.name },
      { role: 'Главный бухгалтер', position: doc.chiefAccountant?.position, name: doc.chiefAccountant?.name },
    ], SIZE);
    gap(pdf, 6);
    paragraph(pdf, 'М.П.', SIZE, { bold: true });
  });
}

function partiesTable(pdf: Pdf, doc: VatInvoiceDocument): void {
  const { seller, buyer } = doc;
  const label = (text: string) => ({ text, bold: true });
  const bank = (name?: string, bik?: string) => (name ? `${name}${bik ? `, БИК ${bik}` : ''}` : '—');
  drawTable(pdf, {
    widths: [13, 37, 13, 37],
    header: [
      { text: 'Поставщик', col: 0, colSpan: 2 },
      { text: 'Получатель', col: 2, colSpan: 2 },
    ],
    fontSize: SIZE,
    rows: [
      [label('Наименование'), { text: seller.name, bold: true }, label('Наименование'), { text: buyer.name, bold: true }],
      [label('БИН'), seller.bin, label('БИН/ИИН'), buyer.bin],
      [label('Адрес'), seller.address, label('Адрес'), buyer.address],
      [label('ИИК'), seller.iik, label('ИИК'), buyer.iik ?? '—'],
      [label('Банк'), bank(seller.bank, seller.bik), label('Банк'), bank(buyer.bank, buyer.bik)],
      [label('КБе'), seller.kbe, label('КБе'), buyer.kbe ?? '—'],
    ],
  });
}

const LINES_HEADER: HeaderCell[] = [
  { text: '№ п/п', col: 0, rowSpan: 2 },
  { text: 'Наименование товаров (работ, услуг)', col: 1, rowSpan: 2 },
  { text: 'Ед. изм.', col: 2, rowSpan: 2 },
  { text: 'Кол-во (объем)', col: 3, rowSpan: 2 },
  { text: 'Цена (тариф) за единицу без НДС', col: 4, rowSpan: 2 },
  { text: 'Стоимость товаров (работ, услуг) без НДС', col: 5, rowSpan: 2 },
  { text: 'НДС', col: 6, colSpan: 2 },
  { text: 'ставка', col: 6, row: 1 },
  { text: 'сумма', col: 7, row: 1 },
  { text: 'Всего стоимость реализации', col: 8, rowSpan: 2 },
  { text: 'Размер оборота по реализации', col: 9, rowSpan: 2 },
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n, col) => ({ text: String(n), col, row: 2 })),
];

function linesTable(pdf: Pdf, doc: VatInvoiceDocument): void {
  const rate = doc.vat.ratePercent === null ? 'Без НДС' : `${String(doc.vat.ratePercent).replace('.', ',')}%`;
  drawTable(pdf, {
    widths: [4, 30, 6, 7, 9, 10, 6, 9, 10, 9],
    aligns: ['center', 'left', 'center', 'right', 'right', 'right', 'center', 'right', 'right', 'right'],
    header: LINES_HEADER,
    fontSize: SIZE,
    headerFontSize: 7,
    rows: [
      ...doc.lines.map((line, i) => [
        String(i + 1),
        line.name,
        line.unit,
        formatQuantity(line.quantity),
        printAmount(netUnitPrice(line, doc.vat)),
        printAmount(line.net),
        rate,
        printAmount(line.vat),
        printAmount(line.gross),
        printAmount(line.net),
      ]),
      [
        { text: 'Всего по счету', span: 5, align: 'right', bold: true },
        { text: printAmount(doc.totals.net), bold: true },
        { text: 'х', align: 'center' },
        { text: printAmount(doc.totals.vat), bold: true },
        { text: printAmount(doc.totals.gross), bold: true },
        { text: printAmount(doc.totals.net), bold: true },
      ],
    ],
  });
}
