import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { notFound } from '../../errors';
import { presentAccount } from '../accounts/presenter';
import { presentAuditEntry } from '../audit/presenter';
import { presentMember } from '../users/presenter';
import { accountCard, searchAccounts } from './service';

const staff = { staff: ['support', 'superadmin'] } as const;

/** The console for our own support staff. */
export function registerSupportRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  r.get('/support', staff, (_req, res) => res.redirect('/support/accounts'));

  r.get('/support/accounts', staff, async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const page = Math.max(1, Math.min(10_000, Number(req.query.page) || 1));
    const result = await searchAccounts(deps.db, q, page);
    res.render('support/accounts', {
      q,
      page,
      pages: result.pages,
      total: result.total,
      prevPage: page > 1 ? page - 1 : null,
      nextPage: page < result.pages ? page + 1 : null,
      accounts: result.accounts.map(presentAccount),
    });
  });

  r.get('/support/accounts/:id', staff, async (req, res) => {
    const id = Number(req.params.id);
    const card = Number.isSafeInteger(id) ? await accountCard(deps.db, id) : undefined;
    if (!card) throw notFound();
    res.render('support/account', {
      account: presentAccount(card.account),
      members: card.members.map(presentMember),
      auditLog: card.auditLog.map(presentAuditEntry),
    });
  });
}
