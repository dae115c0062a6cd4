import type { Request, RequestHandler, Router } from 'express';
import type { DataSource } from 'typeorm';
import { forbidden, notFound, signInRequired } from '../errors';
import { can, type AccountAction } from '../features/accounts/policy';
import { Membership } from '../features/users/entities';
import type { StaffRole } from '../features/users/roles';

/** Who may use a route. There is no default: every route states one. */
export type Access =
  | 'public'
  | 'guest'
  | 'signed-in'
  | { staff: readonly StaffRole[] }
  | { account: AccountAction };

function requireSignedIn(req: Request): void {
  if (!req.user) throw signInRequired();
}

function staffGuard(roles: readonly StaffRole[]): RequestHandler {
  return (req, _res, next) => {
    requireSignedIn(req);
    if (!req.user!.staffRole || !roles.includes(req.user!.staffRole)) throw notFound();
    next();
  };
}

/** Loads the member's role on /a/:accountId; someone else's account is "not found", never "forbidden". */
function accountGuard(db: DataSource, action: AccountAction): RequestHandler {
  return async (req, _res, next) => {
    requireSignedIn(req);
    const accountId = Number(req.params.accountId);
    if (!Number.isSafeInteger(accountId) || accountId <= 0) throw notFound();
    const membership = await db.getRepository(Membership).findOne({
      where: { accountId, userId: req.user!.id, status: 'active' },
      relations: { account: true },
    });
    if (!membership?.account) throw notFound();
    const { account } = membership;
    req.account = { id: account.id, legalName: account.legalName, status: account.status, role: membership.role, timeZone: account.timeZone };
    if (!can(membership.role, action, account.status)) throw forbidden();
    next();
  };
}

function guardsFor(db: DataSource, access: Access): RequestHandler[] {
  if (access === 'public') return [];
  if (access === 'guest') return [(req, res, next) => (req.user ? res.redirect('/') : next())];
  if (access === 'signed-in') return [(req, _res, next) => (requireSignedIn(req), next())];
  if ('staff' in access) return [staffGuard(access.staff)];
  return [accountGuard(db, access.account)];
}

type Method = 'get' | 'post';

/** A router whose every route must say who may use it. */
export function guardedRoutes(router: Router, db: DataSource) {
  const add = (method: Method) => (path: string, access: Access, ...handlers: RequestHandler[]) => {
    router[method](path, ...guardsFor(db, access), ...handlers);
  };
  return { get: add('get'), post: add('post') };
}

export type GuardedRoutes = ReturnType<typeof guardedRoutes>;
