import PDFDocument from 'pdfkit';
import { withFreshGlyphs, type DocumentFonts } from '../fonts';

export type Pdf = PDFKit.PDFDocument;
export const REGULAR = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';

/** What every document PDF shares: its fonts, page orientation and the metadata that keeps it reproducible. */
export interface PdfOptions {
  fonts: DocumentFonts;
  layout: 'portrait' | 'landscape';
  title: string;
  author: string;
  /** The document date (YYYY-MM-DD): it becomes the PDF creation date, so the same input gives the same bytes. */
  date: string;
}

/** Margins in points (1 mm ≈ 2.83 pt): a wider left margin leaves room to file the paper. */
const MARGINS = { top: 34, bottom: 34, left: 48, right: 28 };

/** Builds a PDF with the embedded DejaVu fonts, lets `draw` lay out the pages, numbers them and returns the bytes. */
export function renderPdf(options: PdfOptions, draw: (doc: Pdf) => void): Promise<Buffer> {
  const created = new Date(`${options.date}T00:00:00+05:00`);
  if (Number.isNaN(created.getTime())) throw new RangeError(`document date must be YYYY-MM-DD, got "${options.date}"`);
  withFreshGlyphs(options.fonts);
  const doc = new PDFDocument({
    // pdfkit takes an already parsed fontkit font as a font source; its types only admit a name or path.
    font: options.fonts.regular as unknown as string,
    size: 'A4',
    layout: options.layout,
    margins: MARGINS,
    bufferPages: true,
    info: { Title: options.title, Author: options.author, Creator: 'vpbx', CreationDate: created, ModDate: created },
  });
  doc.registerFont(REGULAR, options.fonts.regular as unknown as string);
  doc.registerFont(BOLD, options.fonts.bold as unknown as string);
  doc.font(REGULAR);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  numberPages(doc);
  doc.end();
  return done;
}

/** "Страница 1 из 2" at the foot of each page, only when a document runs over one page. */
function numberPages(doc: Pdf): void {
  const { start, count } = doc.bufferedPageRange();
  if (count < 2) return;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    doc.font(REGULAR).fontSize(7).text(`Страница ${i - start + 1} из ${count}`, doc.page.margins.left, doc.page.height - 22, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
      align: 'right',
    });
    doc.page.margins.bottom = bottom;
  }
}
