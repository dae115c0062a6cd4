import type { DocumentFonts } from './fonts';
import { formatDate, formatQuantity, printAmount } from './format';
import { correctionNote } from './correction-note';
import { contentWidth, ensureRoom, gap, paragraph, signatures, totals } from './pdf/blocks';
import { BOLD, REGULAR, renderPdf, type Pdf } from './pdf/document';
import { drawTable, headerRow, type HeaderCell } from './pdf/table';
import { actDocumentSchema, validDocument, type ActDocument } from './schemas';
import { amountDueInWords, statedTotal, totalRows, vatClause } from './summary';

const SIZE = 8;
const WIDTHS = [6, 32, 10, 16, 7, 9, 10, 10];
const TITLE = 'АКТ ВЫПОЛНЕННЫХ РАБОТ (ОКАЗАННЫХ УСЛУГ)';

/** Акт выполненных работ (оказанных услуг), form Р-1 (order of the Minister of Finance No. 562, appendix 50), landscape A4. */
export async function renderActPdf(input: ActDocument, fonts: DocumentFonts): Promise<Buffer> {
  const doc = validDocument(actDocumentSchema, input, 'act of services rendered');
  const meta = { fonts, layout: 'landscape' as const, title: `${TITLE} № ${doc.number}`, author: doc.seller.name, date: doc.date };
  return renderPdf(meta, (pdf) => {
    formHeading(pdf);
    partiesTable(pdf, doc);
    gap(pdf, 6);
    numberAndDate(pdf, doc);
    gap(pdf, 6);
    paragraph(pdf, TITLE, 11, { bold: true, align: 'center' });
    const note = correctionNote(doc, 'Исправленный акт');
    if (note) paragraph(pdf, note, 9, { bold: true, align: 'center' });
    gap(pdf, 6);
    linesTable(pdf, doc);
    gap(pdf, 3);
    totals(pdf, totalRows(doc).slice(1), SIZE, (contentWidth(pdf) * WIDTHS[7]) / 100);
    gap(pdf, 4);
    paragraph(pdf, `Всего оказано услуг на сумму: ${amountDueInWords(doc)}, ${vatClause(doc)}`, SIZE, { bold: true });
    gap(pdf, 4);
    paragraph(pdf, 'Сведения об использовании запасов, полученных от заказчика: не использовались', SIZE);
    paragraph(pdf, 'Приложение: Перечень документации, в том числе отчет(ы) о маркетинговых, научных исследованиях, консультационных и прочих услугах (обязательны при его (их) наличии) на ____ страниц', SIZE);
    gap(pdf, 14);
    ensureRoom(pdf, 90);
    signatures(pdf, [
      { role: 'Сдал (Исполнитель)', position: doc.signedBy.position, name: doc.signedBy.name },
      { role: 'Принял (Заказчик)', position: doc.acceptedBy?.position, name: doc.acceptedBy?.name },
    ], SIZE);
    stampsAndAcceptanceDate(pdf);
  });
}

/** The form's reference in the top right corner, as the order prescribes. */
function formHeading(pdf: Pdf): void {
  const width = 190;
  const x = pdf.page.width - pdf.page.margins.right - width;
  const top = pdf.y;
  pdf.font(REGULAR).fontSize(7).text('Приложение 50\nк приказу Министра финансов\nРеспублики Казахстан\nот 20 декабря 2012 года № 562', x, top, { width, align: 'right' });
  pdf.font(BOLD).fontSize(8).text('Форма Р-1', x, pdf.y + 2, { width, align: 'right' });
  pdf.x = pdf.page.margins.left;
  pdf.y += 4;
}

function partiesTable(pdf: Pdf, doc: ActDocument): void {
  const party = (p: { name: string; address: string }) => ({
    text: [{ text: `${p.name}, ${p.address}` }, { text: 'полное наименование, адрес, данные о средствах связи', size: 6 }],
  });
  drawTable(pdf, {
    widths: [14, 64, 8, 14],
    aligns: ['left', 'left', 'center', 'center'],
    header: [],
    fontSize: SIZE,
    rows: [
      [{ text: 'Заказчик', bold: true }, party(doc.buyer), { text: 'ИИН/БИН', bold: true }, { text: doc.buyer.bin, bold: true }],
      [{ text: 'Исполнитель', bold: true }, party(doc.seller), { text: 'ИИН/БИН', bold: true }, { text: doc.seller.bin, bold: true }],
      [{ text: 'Договор (контракт)', bold: true }, { text: `№ ${doc.contract.number} от ${formatDate(doc.contract.date)}`, span: 3 }],
    ],
  });
}

/** The small "Номер документа / Дата составления" box on the right above the title. */
function numberAndDate(pdf: Pdf, doc: ActDocument): void {
  const width = 220;
  drawTable(pdf, {
    left: pdf.page.width - pdf.page.margins.right - width,
    width,
    widths: [1, 1],
    aligns: ['center', 'center'],
    header: headerRow(['Номер документа', 'Дата составления']),
    fontSize: SIZE,
    rows: [[doc.number, formatDate(doc.date)]],
  });
}

const LINES_HEADER: HeaderCell[] = [
  { text: 'Номер по порядку', col: 0, rowSpan: 2 },
  { text: 'Наименование работ (услуг) (в разрезе их подвида в соответствии с технической спецификацией, заданием, графиком выполнения работ (услуг) при их наличии)', col: 1, rowSpan: 2 },
  { text: 'Дата выполнения работ (оказания услуг)', col: 2, rowSpan: 2 },
  { text: 'Сведения об отчете о научных исследованиях, маркетинговых, консультационных и прочих услугах (дата, номер, количество страниц) (при их наличии)', col: 3, rowSpan: 2 },
  { text: 'Единица измерения', col: 4, rowSpan: 2 },
  { text: 'Выполнено работ (оказано услуг)', col: 5, colSpan: 3 },
  { text: 'количество', col: 5, row: 1 },
  { text: 'цена за единицу', col: 6, row: 1 },
  { text: 'стоимость', col: 7, row: 1 },
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n, col) => ({ text: String(n), col, row: 2 })),
];

function linesTable(pdf: Pdf, doc: ActDocument): void {
  const rendered = (on?: string) => (on ? formatDate(on) : `${formatDate(doc.period.from)}–${formatDate(doc.period.to)}`);
  drawTable(pdf, {
    widths: WIDTHS,
    aligns: ['center', 'left', 'center', 'center', 'center', 'right', 'right', 'right'],
    header: LINES_HEADER,
    fontSize: SIZE,
    headerFontSize: 7,
    rows: [
      ...doc.lines.map((line, i) => [
        String(i + 1),
        line.name,
        rendered(line.renderedOn),
        '',
        line.unit,
        formatQuantity(line.quantity),
        printAmount(line.unitPrice),
        printAmount(line.amount),
      ]),
      [{ text: 'Итого', span: 5, align: 'right', bold: true }, { text: 'х', align: 'center' }, { text: 'х', align: 'center' }, { text: printAmount(statedTotal(doc)), bold: true }],
    ],
  });
}

function stampsAndAcceptanceDate(pdf: Pdf): void {
  const half = contentWidth(pdf) / 2;
  const left = pdf.page.margins.left;
  const y = pdf.y + 6;
  pdf.font(BOLD).fontSize(SIZE).text('М.П.', left, y);
  pdf.text('Дата подписания (принятия) работ (услуг) ____________________', left + half, y, { width: half - 16 });
  pdf.text('М.П.', left + half, pdf.y + 6);
  pdf.x = left;
}
