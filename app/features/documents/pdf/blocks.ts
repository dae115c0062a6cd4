import { BOLD, REGULAR, type Pdf } from './document';

/** Width between the left and right margins. */
export const contentWidth = (doc: Pdf) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Leaves room for the next block to fit, starting a new page when it would not. */
export function ensureRoom(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Vertical space in points. */
export function gap(doc: Pdf, points: number): void {
  doc.y += points;
}

/** A line of text across the page; `bold` and `align` as printed documents use them for titles and notes. */
export function paragraph(doc: Pdf, text: string, size: number, options: { bold?: boolean; align?: 'left' | 'center' | 'right' } = {}): void {
  doc.font(options.bold ? BOLD : REGULAR).fontSize(size);
  doc.text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), align: options.align ?? 'left' });
}

/** A horizontal rule across the page: thick under titles, as Kazakh invoices draw it. */
export function rule(doc: Pdf, thickness = 1.5): void {
  const y = doc.y + 2;
  doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(thickness).stroke();
  doc.y = y + 4;
}

/** "Поставщик:   БИН 123…, ТОО …": bold labels in one column, wrapped values beside them. */
export function fieldRows(doc: Pdf, rows: [string, string][], size: number, labelWidth: number): void {
  const left = doc.page.margins.left;
  const valueWidth = contentWidth(doc) - labelWidth;
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font(BOLD).fontSize(size).text(label, left, y, { width: labelWidth - 4 });
    const labelBottom = doc.y;
    doc.font(REGULAR).fontSize(size).text(value, left + labelWidth, y, { width: valueWidth });
    doc.y = Math.max(labelBottom, doc.y) + 3;
  }
  doc.x = left;
}

/** Right-aligned totals under a table: each label ends where the amount column begins. */
export function totals(doc: Pdf, rows: [string, string][], size: number, amountWidth: number): void {
  ensureRoom(doc, rows.length * (size + 4));
  const right = doc.page.width - doc.page.margins.right;
  const labelWidth = contentWidth(doc) - amountWidth;
  for (const [label, amount] of rows) {
    const y = doc.y;
    doc.font(BOLD).fontSize(size);
    doc.text(label, doc.page.margins.left, y, { width: labelWidth - 6, align: 'right' });
    doc.text(amount, right - amountWidth, y, { width: amountWidth - 3, align: 'right' });
    doc.y = y + doc.currentLineHeight(true) + 2;
  }
  doc.x = doc.page.margins.left;
}

/** One signature place: a side ("Исполнитель"), then a line to sign on, then the name; captions below. */
export interface SignatureSpec {
  role: string;
  position?: string;
  name?: string;
}

const CAPTIONS = ['должность', 'подпись', 'расшифровка подписи'];
const SHARES = [0.36, 0.28, 0.36];

/** Signature lines side by side (handed over / accepted), each with "должность / подпись / расшифровка" captions. */
export function signatures(doc: Pdf, specs: SignatureSpec[], size: number): void {
  ensureRoom(doc, 5 * size + 24);
  const left = doc.page.margins.left;
  const slot = contentWidth(doc) / Math.max(specs.length, 1.6); // one signature takes a good part of the line, not all of it
  const widths = SHARES.map((f) => f * (slot - 16) - 6);
  const parts = specs.map((spec) => [spec.position ?? '', '', spec.name ? `/${spec.name}/` : '']);
  doc.font(REGULAR).fontSize(size);
  const heights = parts.map((texts) => texts.map((text, j) => doc.heightOfString(text || ' ', { width: widths[j] })));
  const top = doc.y;
  doc.font(BOLD).fontSize(size);
  const roleHeight = Math.max(...specs.map((spec) => doc.heightOfString(spec.role, { width: slot - 16 })));
  const lineY = top + roleHeight + Math.max(...heights.flat()) + 6; // one line for all sides, below the tallest text
  specs.forEach((spec, i) => {
    let x = left + i * slot;
    doc.font(BOLD).fontSize(size).text(spec.role, x, top, { width: slot - 16 });
    parts[i].forEach((text, j) => {
      // text sits on the line and wraps upwards, so a long position never runs into the captions
      doc.font(REGULAR).fontSize(size).text(text, x, lineY - heights[i][j] - 1, { width: widths[j], align: 'center' });
      doc.moveTo(x, lineY).lineTo(x + widths[j], lineY).lineWidth(0.5).stroke();
      doc.fontSize(size - 2).text(CAPTIONS[j], x, lineY + 1, { width: widths[j], align: 'center' });
      x += widths[j] + 6;
    });
  });
  doc.x = left;
  doc.y = lineY + size + 6;
}
