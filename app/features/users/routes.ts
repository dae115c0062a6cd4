import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { AppError, ValidationError, notFound } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm } from '../../web/forms';
import { presentMember } from './presenter';
import { accountRoles } from './roles';
import { inviteForm, roleForm } from './schemas';
import { MembersService } from './service';

const manage = { account: 'users.manage' } as const;

function membershipIdOf(req: Request): number {
  const id = Number(req.params.membershipId);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}

/** The owner's page of users: invite, change role, deactivate, delete. */
export function registerUserRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const members = new MembersService(deps);
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });
  const base = (req: Request) => `/a/${req.account!.id}/users`;

  async function renderList(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const list = (await members.list(req.account!.id)).map((m) => ({ ...presentMember(m), isSelf: m.userId === req.user!.id }));
    res.render('users/index', { account: req.account, members: list, roles: accountRoles, values: {}, ...extra });
  }

  /** Runs a change; a broken rule (last owner) comes back to the list as a message, not an error page. */
  async function change(req: Request, res: Response, work: () => Promise<void>, doneKey: string) {
    try {
      await work();
      flash(req, 'success', doneKey);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      flash(req, 'error', err.messageKey);
    }
    res.redirect(base(req));
  }

  r.get('/a/:accountId/users', manage, (req, res) => renderList(req, res));

  r.post('/a/:accountId/users/invite', manage, async (req, res) => {
    const form = parseForm(inviteForm, req.body);
    if (!form.ok) {
      res.status(422);
      return renderList(req, res, { errors: form.errors, values: form.values });
    }
    try {
      await members.invite(req.account!.id, actor(req), form.data);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return renderList(req, res, { errors: err.fields, values: form.data });
    }
    flash(req, 'success', 'users.invited', { email: form.data.email });
    res.redirect(base(req));
  });

  r.post('/a/:accountId/users/:membershipId/role', manage, async (req, res) => {
    const form = parseForm(roleForm, req.body);
    if (!form.ok) throw new AppError(400, 'bad_request', 'validation.role');
    await change(req, res, () => members.changeRole(req.account!.id, actor(req), membershipIdOf(req), form.data.role), 'users.role_changed');
  });

  r.post('/a/:accountId/users/:membershipId/deactivate', manage, (req, res) =>
    change(req, res, () => members.setActive(req.account!.id, actor(req), membershipIdOf(req), false), 'users.deactivated'),
  );
  r.post('/a/:accountId/users/:membershipId/activate', manage, (req, res) =>
    change(req, res, () => members.setActive(req.account!.id, actor(req), membershipIdOf(req), true), 'users.reactivated'),
  );
  r.post('/a/:accountId/users/:membershipId/delete', manage, (req, res) =>
    change(req, res, () => members.remove(req.account!.id, actor(req), membershipIdOf(req)), 'users.removed'),
  );
}
