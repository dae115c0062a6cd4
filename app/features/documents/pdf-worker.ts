import { parentPort } from 'node:worker_threads';
import type { IssuedDocument } from './entities';
import { renderDocumentPdf } from './files';
import { loadDocumentFonts } from './fonts';

/** A drawing thread of PdfWorkerPool: parses the fonts once, then draws each document it is sent. */
export interface DrawRequest { id: number; doc: Pick<IssuedDocument, 'kind' | 'input'> }
export type DrawReply = { id: number; pdf: Uint8Array } | { id: number; error: { message: string; stack?: string } };

if (parentPort) {
  const port = parentPort;
  const fonts = loadDocumentFonts();
  port.on('message', async ({ id, doc }: DrawRequest) => {
    let reply: DrawReply;
    try {
      reply = { id, pdf: await renderDocumentPdf(doc, fonts) };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      reply = { id, error: { message: error.message, stack: error.stack } };
    }
    port.postMessage(reply);
  });
}
