import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderActPdf } from './act-pdf';
import type { DocumentKind, IssuedDocument } from './entities';
import { buildEsfXml } from './esf-xml';
import { loadDocumentFonts, type DocumentFonts } from './fonts';
import { renderInvoicePdf } from './invoice-pdf';
import type { ActDocument, InvoiceDocument, VatInvoiceDocument } from './schemas';
import { renderVatInvoicePdf } from './vat-invoice-pdf';

/** Where a document's files lie, relative to the storage directory: one folder per account and month. */
export function documentPaths(accountId: number, period: string, kind: DocumentKind, numberText: string) {
  const base = `documents/${accountId}/${period}/${kind}-${numberText}`;
  return { pdfPath: `${base}.pdf`, xmlPath: kind === 'vat_invoice' ? `${base}.xml` : null };
}

/** The PDF of a document, rendered from its frozen input. */
export function renderDocumentPdf(doc: Pick<IssuedDocument, 'kind' | 'input'>, fonts: DocumentFonts): Promise<Buffer> {
  if (doc.kind === 'invoice') return renderInvoicePdf(doc.input as unknown as InvoiceDocument, fonts);
  if (doc.kind === 'act') return renderActPdf(doc.input as unknown as ActDocument, fonts);
  return renderVatInvoicePdf(doc.input as unknown as VatInvoiceDocument, fonts);
}

type Stored = Pick<IssuedDocument, 'kind' | 'input' | 'pdfPath' | 'xmlPath'>;

/** Reads and renders a document's files under one storage directory; a missing file is rendered again from the input. */
export class DocumentFiles {
  private readonly fonts: () => DocumentFonts;

  /** Without `fonts`, DejaVu is parsed on the first render only: files are rendered at issue, so a read seldom needs them. */
  constructor(
    private readonly storageDir: string,
    fonts?: () => DocumentFonts,
  ) {
    let parsed: DocumentFonts | undefined;
    this.fonts = fonts ?? (() => (parsed ??= loadDocumentFonts()));
  }

  /** Writes whichever of the document's files is missing; true when something was written. `draw` may draw elsewhere (a worker pool). */
  async ensure(doc: Stored, draw?: (doc: Stored) => Promise<Buffer>): Promise<boolean> {
    let wrote = false;
    if (!(await this.exists(doc.pdfPath))) {
      await this.write(doc.pdfPath, await (draw ? draw(doc) : renderDocumentPdf(doc, this.fonts())));
      wrote = true;
    }
    if (doc.xmlPath && !(await this.exists(doc.xmlPath))) {
      await this.write(doc.xmlPath, Buffer.from(buildEsfXml(doc.input as unknown as VatInvoiceDocument), 'utf8'));
      wrote = true;
    }
    return wrote;
  }

  /** The PDF bytes, rendered first if the file is gone. */
  async pdf(doc: Stored): Promise<Buffer> {
    await this.ensure(doc);
    return readFile(this.absolute(doc.pdfPath));
  }

  /** The ESF XML bytes of a VAT invoice. */
  async xml(doc: Stored): Promise<Buffer> {
    if (!doc.xmlPath) throw new Error(`a ${doc.kind} has no XML`);
    await this.ensure(doc);
    return readFile(this.absolute(doc.xmlPath));
  }

  private absolute(relative: string): string {
    return path.resolve(this.storageDir, relative);
  }

  private async exists(relative: string): Promise<boolean> {
    return access(this.absolute(relative)).then(() => true, () => false);
  }

  /** Written beside and renamed into place, so a crash never leaves half a file under the final name. */
  private async write(relative: string, bytes: Buffer): Promise<void> {
    const file = this.absolute(relative);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, file);
  }
}
