import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import { ValidationError } from '../../errors';
import { formatAmount } from '../../kz/money-words';
import { audit } from '../audit/service';
import { startOfLocalDay } from '../calls/period';
import { localDay } from '../documents/period';
import type { NotificationsService } from '../notifications/service';
import { postEntry } from './ledger';
import { BILLING_TIME_ZONE } from './months';
import { LedgerEntry } from './ledger-entities';
import { oldestOverdueInvoice } from './invoice-standing';
import type { CorrectionInput, PaymentInput } from './schemas';
import { liftDebtSuspension } from './suspension';

export interface Actor {
  userId: number;
  ip: string | null;
}

/** Payments and corrections support staff enter, and what they do to a suspension. */
export class PaymentsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly notices: NotificationsService,
  ) {}

  /** Records a bank payment once per bank reference; lifts a debt suspension when nothing overdue remains. */
  async recordPayment(accountId: number, actor: Actor, payment: PaymentInput): Promise<void> {
    const now = this.clock.now();
    if (payment.paidOn > localDay(now)) throw new ValidationError({ paidOn: 'billing.validation.date_future' });
    const posted = await this.db.transaction(async (em) => {
      const entry = await postEntry(em, {
        accountId, kind: 'payment', amountTiyn: payment.amount, category: 'payment',
        occurredAt: startOfLocalDay(payment.paidOn, BILLING_TIME_ZONE),
        reason: `Оплата: ${payment.payer}, платежное поручение № ${payment.bankReference}`,
        sourceKey: `payment:${payment.bankReference}`, authorUserId: actor.userId, createdAt: now,
      });
      if (entry) await audit(em, now, { action: 'billing.payment_recorded', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'ledger_entry', targetId: entry.id, details: { ...payment } });
      return entry;
    });
    if (!posted) throw new ValidationError({ bankReference: 'billing.validation.reference_taken' });
    await this.notices.notify(accountId, {
      kind: 'payment_received', params: { amount: formatAmount(payment.amount), date: payment.paidOn }, dedupeKey: `payment:${posted.id}`,
    });
    await this.settle(accountId, actor);
  }

  /** A correction is a new entry with its reason and author; entries are never edited. */
  async recordCorrection(accountId: number, actor: Actor, correction: CorrectionInput): Promise<void> {
    const now = this.clock.now();
    if (correction.correctionOn && correction.correctionOn > localDay(now)) throw new ValidationError({ correctionOn: 'billing.validation.date_future' });
    const occurredAt = correction.correctionOn ? startOfLocalDay(correction.correctionOn, BILLING_TIME_ZONE) : now;
    await this.db.transaction(async (em) => {
      const entry = await postEntry(em, {
        accountId, kind: 'correction', amountTiyn: correction.correctionAmount, category: 'correction', occurredAt,
        reason: correction.reason, sourceKey: `correction:${randomUUID()}`, authorUserId: actor.userId, createdAt: now,
      });
      await audit(em, now, { action: 'billing.correction_recorded', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'ledger_entry', targetId: entry?.id, details: { ...correction } });
    });
    await this.settle(accountId, actor);
  }

  /** The account's newest entries, for the support console and the owner's billing page. */
  entries(accountId: number, limit = 200): Promise<LedgerEntry[]> {
    return this.db.getRepository(LedgerEntry).find({ where: { accountId }, order: { occurredAt: 'DESC', id: 'DESC' }, take: limit });
  }

  private async settle(accountId: number, actor: Actor): Promise<void> {
    const now = this.clock.now();
    if (await oldestOverdueInvoice(this.db, accountId, localDay(now))) return;
    const lifted = await this.db.transaction((em) => liftDebtSuspension(em, accountId, actor.userId, now));
    if (lifted) {
      await this.notices.notify(accountId, { kind: 'suspension_lifted', dedupeKey: `suspension-lifted:${now.getTime()}`, emailRoles: ['owner', 'accountant'] });
    }
  }
}
