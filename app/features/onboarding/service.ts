import type { Deps } from '../../deps';
import { ValidationError, conflict } from '../../errors';
import { inTransaction } from '../../db/data-source';
import { Account, Tariff } from '../accounts/entities';
import { audit } from '../audit/service';
import { AgreementAcceptance } from '../users/entities';
import { steps } from './schemas';

export type StepData = Record<string, unknown>;
const fieldsOfStep: Record<string, (keyof Account)[]> = {
  organisation: ['kind', 'legalName', 'bin', 'address'],
  contact: ['contactName', 'contactPhone', 'contactEmail'],
  payment: ['paymentMethod'],
  tariff: ['tariffCode'],
};

/** The trial user's step-by-step way to joining the offer; progress is saved on the account after every step. */
export class OnboardingService {
  constructor(private readonly deps: Deps) {}

  publicTariffs() {
    return this.deps.db.getRepository(Tariff).find({ where: { isPublic: true }, order: { monthlyFeeTiyn: 'ASC' } });
  }

  /** Saves one step (1-based) and moves the wizard on; a step ahead of the saved progress is refused. */
  async saveStep(accountId: number, step: number, data: StepData, actor: { userId: number; ip: string | null }): Promise<void> {
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (em) => {
      const account = await em.getRepository(Account).findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account || account.status !== 'trial') throw conflict('not_trial', 'onboarding.errors.not_trial');
      if (step > account.onboardingStep) throw conflict('step_ahead', 'onboarding.errors.step_ahead');
      const name = steps[step - 1].name;
      if (name === 'tariff' && !(await em.getRepository(Tariff).existsBy({ code: String(data.tariffCode), isPublic: true }))) {
        throw new ValidationError({ tariffCode: 'validation.choose' });
      }
      if (name === 'accept') return this.accept(em, account, actor, now);
      const changes = Object.fromEntries(fieldsOfStep[name].map((f) => [f, data[f]]));
      await em.getRepository(Account).update(account.id, { ...changes, onboardingStep: Math.max(account.onboardingStep, step + 1) });
      await audit(em, now, { action: `onboarding.${name}_saved`, accountId, actorUserId: actor.userId, ip: actor.ip, details: changes });
    });
  }

  private async accept(em: import('typeorm').EntityManager, account: Account, actor: { userId: number; ip: string | null }, now: Date) {
    const version = this.deps.config.documents.offerVersion;
    await em.getRepository(Account).update(account.id, { status: 'active', offerVersion: version, offerAcceptedAt: now });
    await em.getRepository(AgreementAcceptance).insert({ userId: actor.userId, accountId: account.id, document: 'offer', version, acceptedAt: now, ip: actor.ip });
    await audit(em, now, { action: 'account.offer_accepted', accountId: account.id, actorUserId: actor.userId, ip: actor.ip, details: { version } });
  }
}
