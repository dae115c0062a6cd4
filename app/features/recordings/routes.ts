import type { Request } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { notFound } from '../../errors';
import { flash } from '../../web/flash';
import { canFlags } from '../accounts/policy';
import { callDirections, readCursor, readFilters, writeCursor } from '../calls/schemas';
import { CallHistoryService } from '../calls/service';
import { presentRecording, presentUsage, recordingFileName } from './presenter';
import { pageWindow, RecordingsService } from './service';
import { StoredFiles } from './stored-files';
import { storageUsage } from './usage';

/** Employees reach it too: the service narrows them to their own extensions' calls; accountants do not. */
const view = { account: 'calls.view_own' } as const;

/** Call recordings: filters, keyset paging, listening (with Range), download, delete. */
export function registerRecordingRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const history = new CallHistoryService(deps.db);
  const files = new StoredFiles(deps.config.pbx);
  const recordings = new RecordingsService(deps.db, files, () => deps.clock.now());

  /** The recording the member may reach, with their scope; anything else is "not found". */
  async function reachable(req: Request) {
    const id = Number(req.params.recordingId);
    const scope = await history.scope(req.account!, req.user!.id);
    const row = Number.isSafeInteger(id) && id > 0 ? await recordings.find(scope, id) : undefined;
    if (!row) throw notFound('recording');
    return { scope, row };
  }

  r.get('/a/:accountId/recordings', view, async (req, res) => {
    const account = req.account!;
    const scope = await history.scope(account, req.user!.id);
    const extensions = await history.extensions(scope);
    const { filters, values, errors } = readFilters(req.query as Record<string, unknown>, extensions.map((e) => e.id), scope.timeZone);
    delete filters.outcome;
    const page = await pageWindow(recordings, scope, filters, readCursor(req.query.cursor));
    const query = new URLSearchParams(Object.entries(values).filter(([k]) => !errors[k] && k !== 'outcome'));
    const href = (cursor: string) => `?${new URLSearchParams({ ...Object.fromEntries(query), cursor })}`;
    const first = page.rows[0];
    const last = page.rows[page.rows.length - 1];
    const locale = res.locals.locale as string;
    res.render('recordings/index', {
      title: req.t('recordings.title'),
      account,
      values,
      errors: Object.keys(errors).length ? errors : undefined,
      recordings: page.rows.map((row) => presentRecording(row, account.id, scope.timeZone)),
      usage: presentUsage(await storageUsage(deps.db, account.id), req.t, locale),
      timeZone: scope.timeZone,
      can: canFlags(account.role, account.status),
      directions: callDirections.map((value) => ({ value, selected: value === values.direction })),
      extensions: extensions.map((e) => ({ value: String(e.id), label: `${e.exten} ${e.name}`, selected: values.extension === String(e.id) })),
      newerHref: page.hasNewer && first ? href(writeCursor('newer', first)) : undefined,
      olderHref: page.hasOlder && last ? href(writeCursor('older', last)) : undefined,
    });
  });

  r.get('/a/:accountId/recordings/:recordingId/listen', view, async (req, res) => {
    const { scope, row } = await reachable(req);
    await files.send(req, res, { node: row.node, name: row.asteriskName }, { disposition: 'inline', filename: recordingFileName(row, scope.timeZone) });
  });

  r.get('/a/:accountId/recordings/:recordingId/download', view, async (req, res) => {
    const { scope, row } = await reachable(req);
    await files.send(req, res, { node: row.node, name: row.asteriskName }, { disposition: 'attachment', filename: recordingFileName(row, scope.timeZone) });
  });

  r.post('/a/:accountId/recordings/:recordingId/delete', { account: 'recordings.delete' }, async (req, res) => {
    const { row } = await reachable(req);
    await recordings.remove(req.account!.id, { userId: req.user!.id, ip: req.ip ?? null }, row);
    flash(req, 'success', 'recordings.deleted');
    res.redirect(`/a/${req.account!.id}/recordings`);
  });
}
