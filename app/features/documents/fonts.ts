import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where Debian's fonts-dejavu-core puts DejaVu Sans: the one place documents look for their font. */
export const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';
const FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/**
 * The fonts embedded into every document (regular and bold), parsed once at start-up and shared by all
 * renders: parsing DejaVu is most of the cost of a document, so the monthly run must not repeat it.
 */
export interface DocumentFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
}

/** Reads and parses DejaVu Sans and DejaVu Sans Bold; throws a message naming the missing file and the package. */
export function loadDocumentFonts(dir: string = DEJAVU_DIR): DocumentFonts {
  return { regular: parse(path.join(dir, FILES.regular)), bold: parse(path.join(dir, FILES.bold)) };
}

function parse(file: string): fontkit.Font {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new Error(
      `documents need the font ${file} for Cyrillic text: install the Debian package fonts-dejavu-core ` +
        `(apt-get install fonts-dejavu-core) or pass the directory that holds ${FILES.regular} and ${FILES.bold}`,
      { cause },
    );
  }
  const font = fontkit.create(bytes);
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a single font`);
  return font;
}

/**
 * Starts a document with the fonts' glyph objects rebuilt: fontkit caches glyph objects across
 * layouts and pdfkit builds each PDF's text map (ToUnicode) from them, so after some documents a
 * later one copied as "БИК )S+KKZKX" instead of "БИК HSBKKZKX" while printing right. Parsing stays
 * shared; only the cheap glyph cache is dropped (measured: no slower per document).
 */
export function withFreshGlyphs(fonts: DocumentFonts): DocumentFonts {
  for (const font of [fonts.regular, fonts.bold]) (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  return fonts;
}
