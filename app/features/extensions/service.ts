import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { ValidationError } from '../../errors';
import { audit } from '../audit/service';
import { PhoneNumber } from '../numbers/entities';
import { formatE164 } from '../numbers/presenter';
import { Membership } from '../users/entities';
import { DeletedExtension } from './deleted-entity';
import { Extension } from './entities';
import type { CreateExtensionInput, ForwardTarget, UpdateExtensionInput } from './schemas';
import { generateSipPassword, sipMd5Cred, sipUsernameFor } from './sip';

export interface Actor {
  userId: number;
  ip: string | null;
}

// TypeORM stamps updated_at with second precision on update; provisioning compares it with provisioned_at to the millisecond.
const STAMP = () => 'CURRENT_TIMESTAMP(3)';

const FORWARDS = ['forwardAlways', 'forwardBusy', 'forwardNoAnswer', 'forwardUnavailable'] as const;

/**
 * Employees' phones. Every write changes updated_at and leaves provisioned_at alone: the pbx
 * process provisions phones whose updated_at is newer, so the web process never calls ARI.
 */
export class ExtensionsService {
  constructor(private readonly db: DataSource, private readonly now: () => Date) {}

  /** The account's extensions by number; with userId, only that member's. */
  list(accountId: number, userId?: number): Promise<Extension[]> {
    return this.db.getRepository(Extension).find({ where: { accountId, ...(userId ? { userId } : {}) }, order: { exten: 'ASC' } });
  }

  /** One extension of this account, or null (another account's is not found). */
  find(accountId: number, id: number): Promise<Extension | null> {
    return this.db.getRepository(Extension).findOneBy({ id, accountId });
  }

  /** The active members an extension may belong to, and the account's own numbers. */
  async options(accountId: number) {
    const members = await this.db.getRepository(Membership).find({ where: { accountId, status: 'active' }, relations: { user: true } });
    const numbers = await this.db.getRepository(PhoneNumber).find({ where: { accountId }, order: { e164: 'ASC' } });
    return {
      members: members.map((m) => ({ id: m.userId, name: m.user?.name || m.user?.login || String(m.userId) })),
      numbers: numbers.map((n) => ({ e164: n.e164, display: formatE164(n.e164) })),
    };
  }

  /** Creates an extension with a fresh SIP password, returned this once and stored only as md5_cred. */
  async create(accountId: number, actor: Actor, input: CreateExtensionInput): Promise<{ extension: Extension; password: string }> {
    return inTransaction(this.db, async (em) => {
      if (await em.getRepository(Extension).existsBy({ accountId, exten: input.exten })) throw new ValidationError({ exten: 'telephony.extensions.exten_taken' });
      await this.checkMember(em, accountId, input.userId);
      const sipUsername = sipUsernameFor(accountId, input.exten);
      const password = generateSipPassword();
      const extension = await em.getRepository(Extension).save({
        accountId, exten: input.exten, name: input.name, userId: input.userId, sipUsername, sipMd5Cred: sipMd5Cred(sipUsername, password),
      }).catch((err: unknown) => {
        // Two admins creating the same number at once: the unique key decides, the loser gets the field message.
        if ((err as { driverError?: { code?: string } }).driverError?.code === 'ER_DUP_ENTRY') throw new ValidationError({ exten: 'telephony.extensions.exten_taken' });
        throw err;
      });
      await audit(em, this.now(), { action: 'extension.created', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'extension', targetId: extension.id, details: { exten: input.exten } });
      return { extension, password };
    });
  }

  /** Saves name, owner, forwarding, voicemail and caller number; false when the extension is not the account's. */
  async update(accountId: number, actor: Actor, id: number, input: UpdateExtensionInput): Promise<boolean> {
    return inTransaction(this.db, async (em) => {
      const ext = await em.getRepository(Extension).findOneBy({ id, accountId });
      if (!ext) return false;
      await this.checkMember(em, accountId, input.userId);
      const forwards = await this.forwards(em, ext, input);
      if (input.outboundCallerNumber && !(await em.getRepository(PhoneNumber).existsBy({ accountId, e164: input.outboundCallerNumber }))) {
        throw new ValidationError({ outboundCallerNumber: 'telephony.extensions.caller_unknown' });
      }
      await em.getRepository(Extension).update(ext.id, {
        name: input.name, userId: input.userId, ...forwards, forwardNoAnswerSeconds: input.forwardNoAnswerSeconds,
        voicemailEnabled: input.voicemailEnabled, outboundCallerNumber: input.outboundCallerNumber, updatedAt: STAMP,
      });
      await audit(em, this.now(), { action: 'extension.updated', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'extension', targetId: ext.id });
      return true;
    });
  }

  /** A new SIP password (the old one stops working once the pbx syncs); undefined when not the account's. */
  async resetPassword(accountId: number, actor: Actor, id: number): Promise<{ extension: Extension; password: string } | undefined> {
    return inTransaction(this.db, async (em) => {
      const ext = await em.getRepository(Extension).findOneBy({ id, accountId });
      if (!ext) return undefined;
      const password = generateSipPassword();
      await em.getRepository(Extension).update(ext.id, { sipMd5Cred: sipMd5Cred(ext.sipUsername, password), updatedAt: STAMP });
      await audit(em, this.now(), { action: 'extension.sip_password_reset', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'extension', targetId: ext.id });
      return { extension: ext, password };
    });
  }

  /** Deletes the row and leaves a deleted_extensions trace from which the pbx removes the phone. */
  async remove(accountId: number, actor: Actor, id: number): Promise<boolean> {
    return inTransaction(this.db, async (em) => {
      const ext = await em.getRepository(Extension).findOneBy({ id, accountId });
      if (!ext) return false;
      await em.getRepository(DeletedExtension).insert({ accountId, extensionId: ext.id, exten: ext.exten, sipUsername: ext.sipUsername, deletedAt: this.now(), removedAt: null });
      await em.getRepository(Extension).delete(ext.id);
      await audit(em, this.now(), { action: 'extension.deleted', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'extension', targetId: ext.id, details: { exten: ext.exten } });
      return true;
    });
  }

  private async checkMember(em: EntityManager, accountId: number, userId: number | null): Promise<void> {
    if (userId === null) return;
    if (!(await em.getRepository(Membership).existsBy({ accountId, userId, status: 'active' }))) throw new ValidationError({ userId: 'telephony.extensions.user_unknown' });
  }

  /** Forward targets as stored: E.164, or the number of another extension of the same account. */
  private async forwards(em: EntityManager, ext: Extension, input: UpdateExtensionInput) {
    const errors: Record<string, string> = {};
    const out: Partial<Record<(typeof FORWARDS)[number], string | null>> = {};
    for (const field of FORWARDS) {
      const target: ForwardTarget = input[field];
      out[field] = target === null ? null : 'e164' in target ? target.e164 : target.exten;
      if (target === null || 'e164' in target) continue;
      if (target.exten === ext.exten) errors[field] = 'telephony.extensions.forward_self';
      else if (!(await em.getRepository(Extension).existsBy({ accountId: ext.accountId, exten: target.exten }))) errors[field] = 'telephony.extensions.forward_unknown_exten';
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return out;
  }
}
