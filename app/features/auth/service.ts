import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps';
import { ValidationError } from '../../errors';
import { inTransaction } from '../../db/data-source';
import { Account } from '../accounts/entities';
import { audit } from '../audit/service';
import { composeMail } from '../mail/compose';
import { AgreementAcceptance, Membership, User } from '../users/entities';
import type { Locale } from '../users/roles';
import { hashPassword, verifyPassword } from './passwords';
import { checkToken, issueToken, useToken, voidTokens, type TokenCheck } from './tokens';
import { Throttle } from './throttle';

export interface SignUpInput {
  email: string;
  name: string;
  organisation: string;
  locale: Locale;
}

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'deactivated' } | { ok: false; reason: 'locked'; until: Date };

const ACTIVATION_PURPOSES = ['activation', 'invitation'] as const;

/** Sign-up, activation, sign-in checks and passwords: the account's front door. */
export class AuthService {
  private readonly throttle: Throttle;

  constructor(private readonly deps: Deps) {
    this.throttle = new Throttle(deps.db);
  }

  private now() {
    return this.deps.clock.now();
  }

  private link(path: string) {
    return `${this.deps.config.http.publicUrl}${path}`;
  }

  /** Creates a pending user with a trial account and e-mails the activation link. */
  async signUp(input: SignUpInput, ip: string | null): Promise<User> {
    const now = this.now();
    const ttl = this.deps.config.auth.activationTtlHours * 3600_000;
    const { user, token } = await inTransaction(this.deps.db, async (em) => {
      if (await em.getRepository(User).existsBy({ email: input.email })) {
        throw new ValidationError({ email: 'validation.email_taken' });
      }
      const user = await em.getRepository(User).save({ email: input.email, name: input.name, locale: input.locale, status: 'pending' });
      const account = await em.getRepository(Account).save({ legalName: input.organisation || input.name, status: 'trial' });
      await em.getRepository(Membership).insert({ accountId: account.id, userId: user.id, role: 'owner' });
      await em.getRepository(AgreementAcceptance).insert({
        userId: user.id,
        accountId: account.id,
        document: 'cabinet_agreement',
        version: this.deps.config.documents.cabinetAgreementVersion,
        acceptedAt: now,
        ip,
      });
      await audit(em, now, { action: 'user.signed_up', accountId: account.id, actorUserId: user.id, targetType: 'user', targetId: user.id, ip });
      return { user, token: await issueToken(em, user.id, 'activation', now, ttl) };
    });
    await this.sendActivation(user, token);
    return user;
  }

  private async sendActivation(user: User, token: string) {
    const hours = this.deps.config.auth.activationTtlHours;
    await this.deps.mailer.send(composeMail(user.email, user.locale, 'activation', { name: user.name, link: this.link(`/activate/${token}`), hours }));
  }

  /** A fresh activation link for a pending user; older links stop working. Silent for unknown addresses. */
  async resendActivation(email: string): Promise<void> {
    const now = this.now();
    const ttl = this.deps.config.auth.activationTtlHours * 3600_000;
    const sent = await inTransaction(this.deps.db, async (em) => {
      const user = await em.getRepository(User).findOneBy({ email });
      if (!user || user.status !== 'pending') return undefined;
      await voidTokens(em, user.id, 'activation', now);
      return { user, token: await issueToken(em, user.id, 'activation', now, ttl) };
    });
    if (sent) await this.sendActivation(sent.user, sent.token);
  }

  /** What an activation or invitation link is: valid, used, expired or unknown. */
  checkActivation(raw: string): Promise<TokenCheck> {
    return checkToken(this.deps.db.manager, raw, [...ACTIVATION_PURPOSES], this.now());
  }

  /** Sets the login and password chosen on the activation page; the user may sign in from now on. */
  async activate(raw: string, login: string, password: string, ip: string | null): Promise<TokenCheck['state'] | 'activated'> {
    const now = this.now();
    const passwordHash = await hashPassword(password);
    return inTransaction(this.deps.db, async (em) => {
      const check = await checkToken(em, raw, [...ACTIVATION_PURPOSES], now);
      if (check.state !== 'valid') return check.state;
      const users = em.getRepository(User);
      if (await users.existsBy({ login })) throw new ValidationError({ login: 'validation.login_taken' });
      if (!(await useToken(em, check.token, now))) return 'used';
      await users.update(check.token.userId, { login, passwordHash, status: 'active', activatedAt: now });
      await audit(em, now, { action: 'user.activated', actorUserId: check.token.userId, targetType: 'user', targetId: check.token.userId, ip });
      return 'activated';
    });
  }

  /** Checks credentials with lockout per user and per address; counts failures, resets on success. */
  async authenticate(loginOrEmail: string, password: string, ip: string): Promise<SignInResult> {
    const now = this.now();
    const { lockoutUserFailures, lockoutIpFailures, lockoutMinutes } = this.deps.config.auth;
    const ipKey = `signin:ip:${ip}`;
    const ipLock = await this.throttle.lockedUntil(ipKey, now);
    if (ipLock) return { ok: false, reason: 'locked', until: ipLock };
    const identifier = loginOrEmail.trim().toLowerCase();
    const user = await this.deps.db.getRepository(User).findOne({ where: identifier.includes('@') ? { email: identifier } : { login: identifier } });
    const userKey = user ? `signin:user:${user.id}` : undefined;
    const userLock = userKey ? await this.throttle.lockedUntil(userKey, now) : null;
    if (userLock) return { ok: false, reason: 'locked', until: userLock };
    const valid = user?.status !== 'pending' && (await verifyPassword(user?.passwordHash ?? null, password));
    if (!valid || !user) {
      const rule = (limit: number) => ({ limit, windowMinutes: lockoutMinutes, lockMinutes: lockoutMinutes });
      const locks = await Promise.all([
        this.throttle.fail(ipKey, rule(lockoutIpFailures), now),
        userKey ? this.throttle.fail(userKey, rule(lockoutUserFailures), now) : null,
      ]);
      const until = locks.find((l) => l);
      await this.recordSignInFailure(user, ip, now);
      return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
    }
    if (user.status === 'deactivated') return { ok: false, reason: 'deactivated' };
    if (userKey) await this.throttle.reset(userKey);
    await inTransaction(this.deps.db, async (em) => {
      await em.getRepository(User).update(user.id, { lastLoginAt: now });
      await audit(em, now, { action: 'user.signed_in', actorUserId: user.id, targetType: 'user', targetId: user.id, ip });
    });
    return { ok: true, user };
  }

  private async recordSignInFailure(user: User | null, ip: string, now: Date) {
    if (!user) return;
    await audit(this.deps.db.manager, now, { action: 'user.sign_in_failed', actorUserId: null, targetType: 'user', targetId: user.id, ip });
  }

  /** E-mails a reset link when the address belongs to an active user; says nothing either way. */
  async requestPasswordReset(email: string, ip: string | null): Promise<void> {
    const now = this.now();
    const ttl = this.deps.config.auth.passwordResetTtlMinutes * 60_000;
    const sent = await inTransaction(this.deps.db, async (em) => {
      const user = await em.getRepository(User).findOneBy({ email });
      if (!user || user.status !== 'active') return undefined;
      await voidTokens(em, user.id, 'password_reset', now);
      await audit(em, now, { action: 'user.password_reset_requested', actorUserId: null, targetType: 'user', targetId: user.id, ip });
      return { user, token: await issueToken(em, user.id, 'password_reset', now, ttl) };
    });
    if (!sent) return;
    const minutes = this.deps.config.auth.passwordResetTtlMinutes;
    const link = this.link(`/password/reset/${sent.token}`);
    await this.deps.mailer.send(composeMail(sent.user.email, sent.user.locale, 'password_reset', { name: sent.user.name, link, minutes }));
  }

  checkReset(raw: string): Promise<TokenCheck> {
    return checkToken(this.deps.db.manager, raw, ['password_reset'], this.now());
  }

  /** Sets a new password from a reset link and lifts the user's lockout. */
  async resetPassword(raw: string, password: string, ip: string | null): Promise<TokenCheck['state'] | 'reset'> {
    const now = this.now();
    const passwordHash = await hashPassword(password);
    const result = await inTransaction(this.deps.db, async (em) => {
      const check = await checkToken(em, raw, ['password_reset'], now);
      if (check.state !== 'valid') return { state: check.state };
      if (!(await useToken(em, check.token, now))) return { state: 'used' as const };
      await em.getRepository(User).update(check.token.userId, { passwordHash });
      await audit(em, now, { action: 'user.password_reset', actorUserId: check.token.userId, targetType: 'user', targetId: check.token.userId, ip });
      return { state: 'reset' as const, userId: check.token.userId };
    });
    if (result.state === 'reset') await this.throttle.reset(`signin:user:${result.userId}`);
    return result.state;
  }

  /** Changes a signed-in user's password after checking the current one. */
  async changePassword(userId: number, current: string, password: string, ip: string | null): Promise<void> {
    const now = this.now();
    const user = await this.deps.db.getRepository(User).findOneByOrFail({ id: userId });
    if (!(await verifyPassword(user.passwordHash, current))) throw new ValidationError({ currentPassword: 'validation.password_wrong' });
    const passwordHash = await hashPassword(password);
    await inTransaction(this.deps.db, async (em: EntityManager) => {
      await em.getRepository(User).update(userId, { passwordHash });
      await audit(em, now, { action: 'user.password_changed', actorUserId: userId, targetType: 'user', targetId: userId, ip });
    });
  }
}
