import { BOLD, REGULAR, type Pdf } from './document';

export type Align = 'left' | 'center' | 'right';
/** One line of a cell; a cell's runs stack top to bottom. */
export interface TextRun {
  text: string;
  bold?: boolean;
  /** Font size for this line only, e.g. a small caption under a value. */
  size?: number;
}
export interface Cell {
  text: string | TextRun[];
  span?: number;
  align?: Align;
  bold?: boolean;
}
/** A header cell placed on a grid, so headers can span rows and columns (Р-1 "Выполнено работ" over three). */
export interface HeaderCell {
  text: string;
  col: number;
  row?: number;
  colSpan?: number;
  rowSpan?: number;
}
export interface TableSpec {
  /** Relative column widths, scaled to the width between the margins. */
  widths: number[];
  aligns?: Align[];
  header: HeaderCell[];
  rows: (string | Cell)[][];
  fontSize: number;
  headerFontSize?: number;
  /** Where the table starts and how wide it is; by default from margin to margin. */
  left?: number;
  width?: number;
}

const PAD = 3;

/** Simple one-row header from column titles. */
export function headerRow(titles: string[]): HeaderCell[] {
  return titles.map((text, col) => ({ text, col }));
}

/** Draws a bordered table from the current y across the page; long tables continue on new pages under the header. */
export function drawTable(doc: Pdf, spec: TableSpec): void {
  const left = spec.left ?? doc.page.margins.left;
  const width = spec.width ?? doc.page.width - doc.page.margins.right - left;
  const total = spec.widths.reduce((a, b) => a + b, 0);
  const xs = [left];
  for (const w of spec.widths) xs.push(xs[xs.length - 1] + (w / total) * width);
  const box = (col: number, span = 1) => ({ x: xs[col], w: xs[col + span] - xs[col] });
  const headerSize = spec.headerFontSize ?? spec.fontSize;
  let y = doc.y;
  y = drawHeader(doc, spec.header, box, headerSize, y);
  doc.lineWidth(0.5).strokeColor('black');
  for (const row of spec.rows) {
    const cells = placeRow(row, spec.aligns ?? []);
    const height = Math.max(...cells.map((c) => measure(doc, c.cell, box(c.col, c.span).w, spec.fontSize))) + 2 * PAD;
    if (y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      y = drawHeader(doc, spec.header, box, headerSize, doc.page.margins.top);
    }
    for (const c of cells) {
      const { x, w } = box(c.col, c.span);
      doc.rect(x, y, w, height).stroke();
      writeCell(doc, c.cell, x, y + PAD, w, spec.fontSize, c.align);
    }
    y += height;
  }
  doc.x = doc.page.margins.left;
  doc.y = y;
}

function placeRow(row: (string | Cell)[], aligns: Align[]) {
  let col = 0;
  return row.map((input) => {
    const cell: Cell = typeof input === 'string' ? { text: input } : input;
    const placed = { cell, col, span: cell.span ?? 1, align: cell.align ?? aligns[col] ?? 'left' };
    col += placed.span;
    return placed;
  });
}

type Boxes = (col: number, span?: number) => { x: number; w: number };

function drawHeader(doc: Pdf, header: HeaderCell[], box: Boxes, size: number, top: number): number {
  if (header.length === 0) return top;
  const rows = Math.max(...header.map((h) => (h.row ?? 0) + (h.rowSpan ?? 1)));
  const heights = new Array<number>(rows).fill(size + 2 * PAD);
  const need = (h: HeaderCell) => measure(doc, { text: h.text, bold: true }, box(h.col, h.colSpan).w, size) + 2 * PAD;
  for (const h of header.filter((c) => (c.rowSpan ?? 1) === 1)) heights[h.row ?? 0] = Math.max(heights[h.row ?? 0], need(h));
  for (const h of header.filter((c) => (c.rowSpan ?? 1) > 1)) {
    const first = h.row ?? 0;
    const last = first + (h.rowSpan ?? 1) - 1;
    const have = heights.slice(first, last + 1).reduce((a, b) => a + b, 0);
    if (need(h) > have) heights[last] += need(h) - have;
  }
  const rowTop = (r: number) => top + heights.slice(0, r).reduce((a, b) => a + b, 0);
  doc.lineWidth(0.5).strokeColor('black');
  for (const h of header) {
    const { x, w } = box(h.col, h.colSpan);
    const y = rowTop(h.row ?? 0);
    const height = rowTop((h.row ?? 0) + (h.rowSpan ?? 1)) - y;
    doc.rect(x, y, w, height).fillAndStroke('#eeeeee', 'black').fillColor('black');
    const textHeight = measure(doc, { text: h.text, bold: true }, w, size);
    writeCell(doc, { text: h.text, bold: true }, x, y + (height - textHeight) / 2, w, size, 'center');
  }
  return rowTop(rows);
}

function runs(cell: Cell): TextRun[] {
  return typeof cell.text === 'string' ? [{ text: cell.text, bold: cell.bold }] : cell.text;
}

/** Height of a cell's text inside a column of width `w` (without padding). */
export function measure(doc: Pdf, cell: Cell, w: number, size: number): number {
  return runs(cell).reduce((sum, run) => {
    doc.font(run.bold ? BOLD : REGULAR).fontSize(run.size ?? size);
    return sum + doc.heightOfString(run.text || ' ', { width: w - 2 * PAD });
  }, 0);
}

function writeCell(doc: Pdf, cell: Cell, x: number, y: number, w: number, size: number, align: Align): void {
  let top = y;
  for (const run of runs(cell)) {
    doc.font(run.bold ? BOLD : REGULAR).fontSize(run.size ?? size);
    doc.text(run.text, x + PAD, top, { width: w - 2 * PAD, align });
    top += doc.heightOfString(run.text || ' ', { width: w - 2 * PAD });
  }
}
