import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps';
import { AppError, notFound, ValidationError } from '../../errors';
import { inTransaction } from '../../db/data-source';
import { Account } from '../accounts/entities';
import { audit } from '../audit/service';
import { issueToken } from '../auth/tokens';
import { composeMail } from '../mail/compose';
import type { OutgoingMail } from '../mail/mailer';
import { Membership, User } from './entities';
import type { AccountRole } from './roles';

export interface Actor {
  userId: number;
  ip: string | null;
}

const lastOwner = () => new AppError(409, 'last_owner', 'users.errors.last_owner');

/** The owner's management of an account's users. Every write locks the account row so the last-owner rule holds under races. */
export class MembersService {
  constructor(private readonly deps: Deps) {}

  list(accountId: number) {
    return this.deps.db.getRepository(Membership).find({ where: { accountId }, relations: { user: true }, order: { id: 'ASC' } });
  }

  /** Adds a person to the account: an existing user at once, a new one through an invitation link. */
  async invite(accountId: number, actor: Actor, input: { email: string; name: string; role: AccountRole }): Promise<void> {
    const now = this.deps.clock.now();
    const ttl = this.deps.config.auth.activationTtlHours * 3600_000;
    const mail = await inTransaction(this.deps.db, async (em): Promise<OutgoingMail> => {
      const account = await this.lockAccount(em, accountId);
      let user = await em.getRepository(User).findOneBy({ email: input.email });
      if (user && (await em.getRepository(Membership).existsBy({ accountId, userId: user.id }))) {
        throw new ValidationError({ email: 'validation.already_member' });
      }
      const isNew = !user;
      user ??= await em.getRepository(User).save({ email: input.email, name: input.name, status: 'pending', locale: 'ru' });
      await em.getRepository(Membership).insert({ accountId, userId: user.id, role: input.role });
      await audit(em, now, { action: 'member.invited', accountId, actorUserId: actor.userId, targetType: 'user', targetId: user.id, details: { role: input.role }, ip: actor.ip });
      const params = { name: user.name, account: account.legalName };
      if (!isNew) return composeMail(user.email, user.locale, 'member_added', { ...params, link: this.deps.config.http.publicUrl });
      const token = await issueToken(em, user.id, 'invitation', now, ttl);
      const link = `${this.deps.config.http.publicUrl}/activate/${token}`;
      return composeMail(user.email, user.locale, 'invitation', { ...params, link, hours: this.deps.config.auth.activationTtlHours });
    });
    await this.deps.mailer.send(mail);
  }

  async changeRole(accountId: number, actor: Actor, membershipId: number, role: AccountRole): Promise<void> {
    await this.mutate(accountId, actor, membershipId, 'member.role_changed', async (em, m) => {
      if (m.role === 'owner' && role !== 'owner') await this.assertAnotherOwner(em, m);
      await em.getRepository(Membership).update(m.id, { role });
      return { from: m.role, to: role };
    });
  }

  async setActive(accountId: number, actor: Actor, membershipId: number, active: boolean): Promise<void> {
    const action = active ? 'member.reactivated' : 'member.deactivated';
    await this.mutate(accountId, actor, membershipId, action, async (em, m) => {
      if (!active && m.role === 'owner') await this.assertAnotherOwner(em, m);
      await em.getRepository(Membership).update(m.id, { status: active ? 'active' : 'deactivated' });
      return {};
    });
  }

  async remove(accountId: number, actor: Actor, membershipId: number): Promise<void> {
    await this.mutate(accountId, actor, membershipId, 'member.removed', async (em, m) => {
      if (m.role === 'owner') await this.assertAnotherOwner(em, m);
      await em.getRepository(Membership).delete(m.id);
      const user = await em.getRepository(User).findOneByOrFail({ id: m.userId });
      const elsewhere = await em.getRepository(Membership).existsBy({ userId: m.userId });
      // An invited person who never activated and belongs nowhere else leaves no trace but the audit row.
      if (user.status === 'pending' && !elsewhere) await em.getRepository(User).delete(user.id);
      return { email: user.email, role: m.role };
    });
  }

  private async mutate(
    accountId: number,
    actor: Actor,
    membershipId: number,
    action: string,
    change: (em: EntityManager, m: Membership) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (em) => {
      await this.lockAccount(em, accountId);
      const membership = await em.getRepository(Membership).findOneBy({ id: membershipId, accountId });
      if (!membership) throw notFound();
      const details = await change(em, membership);
      await audit(em, now, { action, accountId, actorUserId: actor.userId, targetType: 'user', targetId: membership.userId, details, ip: actor.ip });
    });
  }

  private async lockAccount(em: EntityManager, accountId: number): Promise<Account> {
    const account = await em.getRepository(Account).findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
    if (!account) throw notFound();
    return account;
  }

  private async assertAnotherOwner(em: EntityManager, m: Membership): Promise<void> {
    const owners = await em.getRepository(Membership).countBy({ accountId: m.accountId, role: 'owner', status: 'active' });
    const othersActive = m.status === 'active' ? owners - 1 : owners;
    if (othersActive < 1) throw lastOwner();
  }
}
