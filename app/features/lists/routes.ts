import multer from 'multer';
import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { AppError, ValidationError, notFound } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import type { CallerList } from './entities';
import { readListCsv, writeListCsv } from './csv';
import { CallerListsService } from './service';
import { addEntryForm, listName } from './schemas';

const manage = { account: 'telephony.manage' } as const;
const MAX_CSV_BYTES = 512 * 1024;
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5 } }).single('file');

const listOf = (value: unknown): CallerList => (value === 'white' ? 'white' : 'black');

/** Black and white lists: add, remove, comment, CSV import and export. */
export function registerListRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const lists = new CallerListsService(deps.db, () => deps.clock.now());
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });
  const pagePath = (req: Request, list: CallerList) => `/a/${req.account!.id}/lists?list=${list}`;

  async function render(req: Request, res: Response, list: CallerList, extra: { errors?: FieldErrors; values?: Record<string, unknown>; importProblems?: unknown[]; importSummary?: object } = {}) {
    const entries = (await lists.entries(req.account!.id, list)).map((e) => ({ id: e.id, e164: e.e164, comment: e.comment, addedAt: e.createdAt }));
    res.render('lists/index', { account: req.account, list, entries, values: { list, ...extra.values }, errors: extra.errors, importProblems: extra.importProblems, importSummary: extra.importSummary, maxKb: MAX_CSV_BYTES / 1024 });
  }

  r.get('/a/:accountId/lists', manage, (req, res) => render(req, res, listOf(req.query.list)));

  r.post('/a/:accountId/lists/add', manage, async (req, res) => {
    const form = parseForm(addEntryForm, req.body);
    const list = listOf(req.body?.list);
    if (!form.ok) {
      res.status(422);
      return render(req, res, list, { errors: form.errors, values: form.values });
    }
    try {
      await lists.add(req.account!.id, actor(req), form.data.list, form.data.number, form.data.comment);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return render(req, res, list, { errors: err.fields, values: req.body });
    }
    flash(req, 'success', 'lists.added');
    res.redirect(pagePath(req, form.data.list));
  });

  r.post('/a/:accountId/lists/:entryId/delete', manage, async (req, res) => {
    const id = Number(req.params.entryId);
    if (!Number.isSafeInteger(id) || !(await lists.remove(req.account!.id, actor(req), id))) throw notFound();
    flash(req, 'success', 'lists.removed');
    res.redirect(pagePath(req, listOf(req.body?.list)));
  });

  r.get('/a/:accountId/lists/export.csv', manage, async (req, res) => {
    const list = listOf(req.query.list);
    res.attachment(`${list}-list.csv`).type('text/csv; charset=utf-8');
    res.send(writeListCsv(await lists.entries(req.account!.id, list)));
  });

  r.post('/a/:accountId/lists/import', manage, (req, res, next) =>
    upload(req, res, (err: unknown) => (err ? next(new AppError(413, 'upload_refused', 'lists.upload_too_large', { kb: MAX_CSV_BYTES / 1024 })) : next())),
  async (req, res) => {
    const list = listName.safeParse(req.body?.list).success ? listOf(req.body.list) : 'black';
    const text = req.file && req.file.size > 0 ? decodeCsv(req.file.buffer) : undefined;
    const parsed = text === undefined ? undefined : tryRead(text);
    if (!parsed) {
      res.status(422);
      return render(req, res, list, { errors: { file: req.file?.size ? 'lists.file_not_csv' : 'lists.file_missing' } });
    }
    const result = await lists.import(req.account!.id, actor(req), list, parsed.rows);
    const summary = { added: result.added, skipped: result.skipped, unreadable: parsed.problems.length };
    if (parsed.problems.length) return render(req, res, list, { importSummary: summary, importProblems: parsed.problems });
    flash(req, 'success', 'lists.imported', summary);
    res.redirect(pagePath(req, list));
  });
}

/** UTF-8 as it should be; Excel in Russian locales still saves CSV as Windows-1251. Binary data is refused. */
function decodeCsv(buffer: Buffer): string | undefined {
  if (buffer.includes(0)) return undefined;
  const utf8 = buffer.toString('utf8');
  if (Buffer.from(utf8, 'utf8').equals(buffer)) return utf8;
  return new TextDecoder('windows-1251').decode(buffer);
}

function tryRead(text: string) {
  try {
    return readListCsv(text);
  } catch {
    return undefined;
  }
}
