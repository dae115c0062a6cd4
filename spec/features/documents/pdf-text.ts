import { PDFParse } from 'pdf-parse';

/** The text of a PDF as a reader would copy it (whitespace collapsed), its page count and its metadata. */
export async function readPdf(pdf: Buffer): Promise<{ text: string; pages: number; info: Record<string, unknown> }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) }); // a copy: pdf.js may detach the array it is given
  try {
    const { text, total } = await parser.getText();
    const { info } = await parser.getInfo();
    return { text: text.replace(/\s+/g, ' '), pages: total, info: info as Record<string, unknown> };
  } finally {
    await parser.destroy();
  }
}

/** Names of the fonts embedded as font programs (FontFile2), read from the PDF's uncompressed objects. */
export function embeddedFonts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  if (!raw.includes('/FontFile2')) return [];
  return [...new Set([...raw.matchAll(/\/BaseFont \/([A-Z]{6}\+[\w-]+)/g)].map((m) => m[1]))];
}
