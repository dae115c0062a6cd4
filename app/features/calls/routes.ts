import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import { can } from '../accounts/policy';
import type { RouteDeps } from '../../web/routes';
import { callDispositions } from './entities';
import { CSV_BOM, csvHeader, csvLine } from './csv';
import { presentCall } from './presenter';
import { callDirections, readCursor, readFilters, writeCursor } from './schemas';
import { CallHistoryService, COUNT_CAP, pageWindow } from './service';

/** Employees reach it too: the service narrows them to their own extensions' calls. */
const view = { account: 'calls.view_own' } as const;

/** Call history: filters, keyset paging, CSV export. */
export function registerCallHistoryRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const history = new CallHistoryService(deps.db);

  async function load(req: Request) {
    const scope = await history.scope(req.account!, req.user!.id);
    const extensions = await history.extensions(scope);
    const read = readFilters(req.query as Record<string, unknown>, extensions.map((e) => e.id), scope.timeZone);
    return { scope, extensions, ...read };
  }

  r.get('/a/:accountId/calls', view, async (req, res) => {
    const { scope, extensions, filters, values, errors } = await load(req);
    const page = await pageWindow(history, scope, filters, readCursor(req.query.cursor));
    const total = await history.count(scope, filters);
    const query = new URLSearchParams(Object.entries(values).filter(([k]) => !errors[k]));
    const href = (extra: Record<string, string>) => `?${new URLSearchParams({ ...Object.fromEntries(query), ...extra })}`;
    const first = page.rows[0];
    const last = page.rows[page.rows.length - 1];
    res.render('calls/index', {
      title: req.t('calls.title'),
      account: req.account,
      values,
      errors: Object.keys(errors).length ? errors : undefined,
      calls: page.rows.map((row) => presentCall(row, scope.timeZone)),
      total,
      totalKnown: total <= COUNT_CAP,
      countCap: COUNT_CAP,
      timeZone: scope.timeZone,
      directions: options(callDirections, values.direction),
      outcomes: options(callDispositions, values.outcome),
      extensions: extensions.map((e) => ({ value: String(e.id), label: `${e.exten} ${e.name}`, selected: values.extension === String(e.id) })),
      newerHref: page.hasNewer && first ? href({ cursor: writeCursor('newer', first) }) : undefined,
      olderHref: page.hasOlder && last ? href({ cursor: writeCursor('older', last) }) : undefined,
      csvHref: `/a/${req.account!.id}/calls.csv${href({})}`,
      canCallBack: can(req.account!.role, 'telephony.view_own', req.account!.status),
    });
  });

  r.get('/a/:accountId/calls.csv', view, async (req, res) => {
    const { scope, filters } = await load(req);
    const t = (key: string) => req.t(key);
    res.attachment(`calls-${req.account!.id}.csv`).type('text/csv; charset=utf-8');
    res.write(CSV_BOM + csvHeader(t));
    for await (const batch of history.batches(scope, filters)) {
      const chunk = batch.map((row) => csvLine(presentCall(row, scope.timeZone), t)).join('');
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  });
}

const options = (all: readonly string[], chosen: string | undefined) => all.map((value) => ({ value, selected: value === chosen }));

/** Waits for the socket to take what was written, or for the client to go away. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (res.off('drain', done), res.off('close', done), resolve());
    res.on('drain', done).on('close', done);
  });
}
