import type { Membership } from './entities';

/** A member of an account as pages and the API show it. */
export function presentMember(m: Membership) {
  return {
    membershipId: m.id,
    userId: m.userId,
    name: m.user?.name ?? '',
    email: m.user?.email ?? '',
    login: m.user?.login ?? null,
    role: m.role,
    status: m.status,
    pending: m.user?.status === 'pending',
    since: m.createdAt,
  };
}
