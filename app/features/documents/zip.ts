import type { Writable } from 'node:stream';
import { createZip } from '../../zip';
import type { IssuedDocument } from './entities';
import type { DocumentFiles } from './files';
import { downloadName } from './presenter';

/** Streams a month's documents (each PDF, and the ESF XML of VAT invoices) as one zip into `out`. */
export async function writeMonthZip(out: Writable, docs: readonly IssuedDocument[], files: DocumentFiles): Promise<void> {
  const zip = createZip();
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  for (const doc of docs) {
    zip.append(await files.pdf(doc), { name: downloadName(doc, 'pdf') });
    if (doc.xmlPath) zip.append(await files.xml(doc), { name: downloadName(doc, 'xml') });
  }
  await zip.finalize();
  await done;
}
