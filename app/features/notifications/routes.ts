import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { NotificationsService } from './service';

/** The account's notices: newest first, marked read when the member says so. */
export function registerNotificationRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const notices = new NotificationsService(deps.db, deps.mailer, deps.clock, deps.logger);

  r.get('/a/:accountId/notifications', { account: 'account.view' }, async (req, res) => {
    const items = (await notices.list(req.account!.id)).map((n) => ({ kind: n.kind, params: n.params, level: n.level, createdAt: n.createdAt, unread: n.readAt === null }));
    res.render('notifications/index', { account: req.account, items });
  });

  r.post('/a/:accountId/notifications/read', { account: 'account.view' }, async (req, res) => {
    await notices.markAllRead(req.account!.id);
    res.redirect(`/a/${req.account!.id}/notifications`);
  });
}
