import type { IssuedDocument } from './entities';

/** One issued document for pages: what it is, its number, amounts, what it corrects and where to download it. */
export function presentDocument(doc: IssuedDocument, correctsNumberText: string | null = null) {
  const base = `/a/${doc.accountId}/documents/${doc.id}`;
  return {
    id: Number(doc.id),
    kind: doc.kind,
    numberText: doc.numberText,
    period: doc.period,
    date: doc.turnoverDate,
    dueDate: doc.dueDate,
    vatRate: doc.vatRate === null ? null : Number(doc.vatRate),
    grossTiyn: Number(doc.grossTiyn),
    vatTiyn: Number(doc.vatTiyn),
    pdfUrl: `${base}.pdf`,
    xmlUrl: doc.xmlPath ? `${base}.xml` : null,
    correctsNumberText,
  };
}

/** The download name of a document's file: kind, number and month, in Latin letters for every mail client. */
export function downloadName(doc: Pick<IssuedDocument, 'kind' | 'numberText' | 'period'>, ext: 'pdf' | 'xml'): string {
  return `${doc.kind}-${doc.numberText}-${doc.period}.${ext}`;
}
