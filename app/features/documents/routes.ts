import type { Request } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { notFound } from '../../errors';
import { registerCorrectionRoutes } from './correction-routes';
import { IssuedDocument } from './entities';
import { DocumentFiles } from './files';
import { isPeriod } from './period';
import { downloadName, presentDocument } from './presenter';
import { writeMonthZip } from './zip';

const view = { account: 'documents.view' } as const;

/** Issued invoices, acts and VAT invoices: the list by month, each file, and a month as one zip. */
export function registerDocumentRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const files = new DocumentFiles(deps.config.media.storageDir);
  const repo = () => deps.db.getRepository(IssuedDocument);

  async function ownDocument(req: Request): Promise<IssuedDocument> {
    const id = Number(req.params.id);
    const doc = Number.isSafeInteger(id) && id > 0 ? await repo().findOneBy({ id, accountId: req.account!.id }) : null;
    if (!doc) throw notFound();
    return doc;
  }

  r.get('/a/:accountId/documents', view, async (req, res) => {
    const docs = await repo().find({ where: { accountId: req.account!.id }, order: { period: 'DESC', kind: 'ASC', id: 'ASC' }, take: 600 });
    const months = new Map<string, ReturnType<typeof presentDocument>[]>();
    const numbers = new Map(docs.map((d) => [Number(d.id), d.numberText]));
    for (const doc of docs) {
      const corrects = doc.correctsDocumentId === null ? null : (numbers.get(Number(doc.correctsDocumentId)) ?? null);
      months.set(doc.period, [...(months.get(doc.period) ?? []), presentDocument(doc, corrects)]);
    }
    res.render('documents/index', {
      account: req.account,
      months: [...months].map(([period, items]) => ({ period, items, zipUrl: `/a/${req.account!.id}/documents/month/${period}.zip` })),
    });
  });

  r.get('/a/:accountId/documents/:id.pdf', view, async (req, res) => {
    const doc = await ownDocument(req);
    res.type('application/pdf').attachment(downloadName(doc, 'pdf')).send(await files.pdf(doc));
  });

  r.get('/a/:accountId/documents/:id.xml', view, async (req, res) => {
    const doc = await ownDocument(req);
    if (!doc.xmlPath) throw notFound();
    res.type('application/xml').attachment(downloadName(doc, 'xml')).send(await files.xml(doc));
  });

  r.get('/a/:accountId/documents/month/:period.zip', view, async (req, res) => {
    const period = String(req.params.period);
    if (!isPeriod(period)) throw notFound();
    const docs = await repo().find({ where: { accountId: req.account!.id, period }, order: { kind: 'ASC', id: 'ASC' } });
    if (!docs.length) throw notFound();
    res.type('application/zip').attachment(`documents-${period}.zip`);
    await writeMonthZip(res, docs, files);
  });

  registerCorrectionRoutes(r, deps, files);
}
