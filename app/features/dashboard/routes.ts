import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { canFlags } from '../accounts/policy';
import { presentAccount } from '../accounts/presenter';
import { findAccount, membershipsOf, tariffNameOf } from '../accounts/service';
import { isPbxOnline } from './pbx-status';
import { accountGate } from '../../pbx/flows/account-gate';
import { NotificationsService } from '../notifications/service';
import { dashboardStorage } from '../storage/presenter';

/** The landing page after sign-in: staff to the console, members to their account. */
export function registerDashboardRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const notices = new NotificationsService(deps.db, deps.mailer, deps.clock, deps.logger);
  r.get('/', 'signed-in', async (req, res) => {
    if (req.user!.staffRole) return res.redirect('/support');
    const memberships = await membershipsOf(deps.db, req.user!.id);
    if (memberships.length === 1) return res.redirect(`/a/${memberships[0].account.id}`);
    res.render('dashboard/choose-account', {
      memberships: memberships.map((m) => ({ account: presentAccount(m.account), role: m.role })),
    });
  });

  r.get('/a/:accountId', { account: 'account.view' }, async (req, res) => {
    const account = presentAccount(await findAccount(deps.db, req.account!.id));
    const pbxOnline = await isPbxOnline(deps.db, deps.clock.now());
    const tariffName = await tariffNameOf(deps.db, account.tariffCode, res.locals.locale);
    const gate = accountGate(account);
    const outOfFunds = account.status === 'active' && !gate.open && gate.reason === 'no_funds';
    const unreadNotices = await notices.unreadCount(account.id);
    const storage = await dashboardStorage(deps.db, account.id, req.t, res.locals.locale as string);
    res.render('dashboard/account', { account, tariffName, outOfFunds, unreadNotices, storage, role: req.account!.role, can: canFlags(req.account!.role, account.status), pbxOnline });
  });
}
