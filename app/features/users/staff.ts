import type { Deps } from '../../deps';
import { inTransaction } from '../../db/data-source';
import { ValidationError } from '../../errors';
import { audit } from '../audit/service';
import { issueToken } from '../auth/tokens';
import { composeMail } from '../mail/compose';
import { User } from './entities';
import type { StaffRole } from './roles';

/** Creates a platform staff member with no password: they choose login and password from the link. */
export async function createStaff(deps: Deps, input: { email: string; name: string; role: StaffRole }): Promise<string> {
  const now = deps.clock.now();
  const ttl = deps.config.auth.activationTtlHours * 3600_000;
  const token = await inTransaction(deps.db, async (em) => {
    if (await em.getRepository(User).existsBy({ email: input.email })) throw new ValidationError({ email: 'validation.email_taken' });
    const user = await em.getRepository(User).save({ email: input.email, name: input.name, staffRole: input.role, status: 'pending' });
    await audit(em, now, { action: 'staff.created', targetType: 'user', targetId: user.id, details: { role: input.role, via: 'cli' } });
    return issueToken(em, user.id, 'activation', now, ttl);
  });
  const link = `${deps.config.http.publicUrl}/activate/${token}`;
  await deps.mailer.send(composeMail(input.email, 'ru', 'staff_invitation', { name: input.name, link, hours: deps.config.auth.activationTtlHours }));
  return link;
}

/** Changes or removes (null) a user's staff role. */
export async function setStaffRole(deps: Deps, email: string, role: StaffRole | null): Promise<boolean> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (em) => {
    const user = await em.getRepository(User).findOneBy({ email });
    if (!user) return false;
    await em.getRepository(User).update(user.id, { staffRole: role });
    await audit(em, now, { action: 'staff.role_changed', targetType: 'user', targetId: user.id, details: { from: user.staffRole, to: role, via: 'cli' } });
    return true;
  });
}
