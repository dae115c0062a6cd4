import type { Request } from 'express';
import { notFound } from '../../errors';
import type { GuardedRoutes } from '../../web/access';
import { flash } from '../../web/flash';
import type { RouteDeps } from '../../web/routes';
import { can } from '../accounts/policy';
import { CallHistoryService } from '../calls/service';
import { AriRest } from './ari-rest';
import { registerClickToCallRoutes } from './click-to-call-routes';
import { endCall } from './end-call';
import { openEventStream } from './event-stream';
import { LiveHub } from './hub';
import { presentLiveCall } from './presenter';
import { callIdParam } from './schemas';
import { inScope, loadLiveCalls, type LiveCallRow } from './service';

/** Employees watch their own extensions' calls (as in the history); ending a call is for those who monitor. */
const view = { account: 'calls.view_own' } as const;
const monitor = { account: 'calls.monitor' } as const;

/** The words the page's script needs to draw a row the way the server does. */
const SCRIPT_TEXTS = ['live.state.ringing', 'live.state.menu', 'live.state.talking', 'live.state.held', 'live.recording_on', 'live.recording_off', 'live.end', 'live.end_confirm', 'live.empty', 'calls.direction.inbound', 'calls.direction.outbound', 'calls.direction.internal'];

/** Live monitoring: the page, its event stream, ending a call; click-to-call rides along. */
export function registerLiveRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const history = new CallHistoryService(deps.db);
  // Read per request: the configured nodes are the deployment's, tests point them at a fake.
  const ari = new AriRest(() => deps.config.pbx);
  const hub = new LiveHub((accountId) => loadLiveCalls(deps.db, accountId), deps.logger);
  const scopeOf = (req: Request) => history.scope(req.account!, req.user!.id);

  r.get('/a/:accountId/live', view, async (req, res) => {
    const scope = await scopeOf(req);
    const now = deps.clock.now();
    const calls = (await loadLiveCalls(deps.db, scope.accountId)).filter((c) => inScope(scope, c)).map((c) => presentLiveCall(c, now));
    const texts = Object.fromEntries(SCRIPT_TEXTS.map((key) => [key, req.t(key)]));
    res.render('live/index', {
      title: req.t('live.title'),
      account: req.account,
      calls,
      canEnd: can(req.account!.role, 'calls.monitor', req.account!.status),
      // Inside <script>: no "<" may close the element early.
      script: JSON.stringify({ events: `/a/${scope.accountId}/live/events`, endPath: `/a/${scope.accountId}/live/`, csrf: res.locals.csrfToken, texts }).replace(/</g, '\\u003c'),
    });
  });

  r.get('/a/:accountId/live/events', view, async (req, res) => {
    const scope = await scopeOf(req);
    const stream = openEventStream(req, res);
    const shown = new Set<number>();
    let started = false;
    const present = (call: LiveCallRow) => presentLiveCall(call, deps.clock.now());
    const subscription = hub.subscribe(scope.accountId, (change) => {
      if (!started) return;
      if (change.type === 'gone' || !inScope(scope, change.call)) {
        const id = change.type === 'gone' ? change.id : change.call.id;
        if (shown.delete(id)) stream.send('gone', { id });
        return;
      }
      shown.add(change.call.id);
      stream.send('call', present(change.call));
    });
    stream.onClose(() => subscription.close());
    const calls = (await subscription.ready).filter((c) => inScope(scope, c));
    for (const call of calls) shown.add(call.id);
    started = true;
    stream.send('snapshot', { calls: calls.map(present) });
  });

  r.post('/a/:accountId/live/:callId/end', monitor, async (req, res) => {
    const callId = callIdParam.safeParse(req.params.callId);
    if (!callId.success) throw notFound('call');
    const outcome = await endCall({ db: deps.db, clock: deps.clock, ari }, req.account!.id, callId.data, { userId: req.user!.id, ip: req.ip ?? null });
    flash(req, outcome === 'ended' ? 'success' : 'info', outcome === 'ended' ? 'live.ended' : 'live.already_over');
    res.redirect(303, `/a/${req.account!.id}/live`);
  });

  registerClickToCallRoutes(r, deps, ari);
}
