import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { callDirections } from '../calls/schemas';
import { CallHistoryService } from '../calls/service';
import { SERIES } from './chart';
import { localDay } from './local-time';
import { presentReport } from './presenter';
import { readStatsQuery } from './schemas';
import { StatsService } from './service';

/** Employees get statistics too, narrowed (like their history) to the extensions assigned to them. */
const view = { account: 'calls.view_own' } as const;

/** Call statistics: a period's calls by day, hour, number and extension, charts drawn by the server. */
export function registerStatsRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const history = new CallHistoryService(deps.db);
  const stats = new StatsService(deps.db, deps.clock);

  r.get('/a/:accountId/stats', view, async (req, res) => {
    const scope = await history.scope(req.account!, req.user!.id);
    const extensions = await history.extensions(scope);
    const today = localDay(deps.clock.now(), scope.timeZone);
    const { query, values, errors } = readStatsQuery(req.query as Record<string, unknown>, extensions.map((e) => e.id), scope.timeZone, today);
    const report = await stats.report(scope, query);
    const t = (key: string, params?: Record<string, string | number>) => req.t(key, params);
    res.render('stats/index', {
      title: req.t('stats.title'),
      account: req.account,
      values,
      errors: Object.keys(errors).length ? errors : undefined,
      period: query,
      timeZone: scope.timeZone,
      ownOnly: scope.extensionIds !== 'all',
      series: SERIES,
      directions: callDirections.map((value) => ({ value, selected: value === values.direction })),
      extensionOptions: extensions.map((e) => ({ value: String(e.id), label: `${e.exten} ${e.name}`, selected: values.extension === String(e.id) })),
      ...presentReport(report, await stats.names(scope.accountId, report, extensions), t),
    });
  });
}
