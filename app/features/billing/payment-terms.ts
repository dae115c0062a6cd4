import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { formatAmount } from '../../kz/money-words';
import type { Logger } from '../../logger';
import { audit } from '../audit/service';
import { addDays, addMonths, localDay } from '../documents/period';
import type { Mailer } from '../mail/mailer';
import type { NotificationsService } from '../notifications/service';
import { oldestOverdueInvoice, type InvoiceStanding } from './invoice-standing';
import { suspendForDebt } from './suspension';

export interface PaymentTermsDeps {
  db: DataSource;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  notices: NotificationsService;
  now: Date;
}

export interface PaymentTermsSummary {
  noticed: number;
  suspended: number;
  markedForTermination: number;
}

const BILLED_ROLES = ['owner', 'accountant'] as const;

/**
 * One day of the late-payment timeline, for every account with an invoice unpaid after its due date:
 * the day after the due date a notice; after config.billing.graceDays more days the account is suspended;
 * two months after the invoice's date it is marked for termination and support is told. Each step happens
 * once (notice keys, status checks, the mark), so running the day twice changes nothing.
 */
export async function enforcePaymentTerms(deps: PaymentTermsDeps): Promise<PaymentTermsSummary> {
  const today = localDay(deps.now);
  const summary: PaymentTermsSummary = { noticed: 0, suspended: 0, markedForTermination: 0 };
  let afterId = 0;
  for (;;) {
    // A balance of zero or more pays every invoice, so only accounts in debt can have an overdue one.
    const rows: { id: number; status: string; marked: Date | null }[] = await deps.db.query(
      `SELECT a.id, a.status, a.termination_marked_at AS marked FROM accounts a
       WHERE a.id > ? AND a.balance_tiyn < 0 AND a.status IN ('active', 'suspended')
         AND EXISTS (SELECT 1 FROM issued_documents d WHERE d.account_id = a.id AND d.kind = 'invoice' AND d.due_date < ?)
       ORDER BY a.id LIMIT 500`,
      [afterId, today],
    );
    if (!rows.length) return summary;
    afterId = rows[rows.length - 1].id;
    for (const account of rows) {
      const invoice = await oldestOverdueInvoice(deps.db, account.id, today);
      if (invoice) await applyTimeline(deps, account, invoice, today, summary);
    }
  }
}

async function applyTimeline(deps: PaymentTermsDeps, account: { id: number; status: string; marked: Date | null }, invoice: InvoiceStanding, today: string, summary: PaymentTermsSummary) {
  const suspendAfter = addDays(invoice.dueDate, deps.config.billing.graceDays);
  const params = { number: invoice.numberText, amount: formatAmount(invoice.grossTiyn), dueDate: invoice.dueDate, suspendOn: addDays(suspendAfter, 1) };
  if (await deps.notices.notify(account.id, { kind: 'invoice_overdue', params, dedupeKey: `invoice-overdue:${invoice.id}`, level: 'warning', emailRoles: BILLED_ROLES })) summary.noticed++;
  if (today > suspendAfter && account.status === 'active') {
    const suspended = await deps.db.transaction((em) => suspendForDebt(em, account.id, invoice, deps.now));
    if (suspended) {
      summary.suspended++;
      await deps.notices.notify(account.id, { kind: 'account_suspended', params, dedupeKey: `suspended:${invoice.id}:${today}`, level: 'warning', emailRoles: BILLED_ROLES });
    }
  }
  if (today >= addMonths(invoice.turnoverDate, 2) && !account.marked) {
    if (await markForTermination(deps, account.id, invoice)) summary.markedForTermination++;
  }
}

async function markForTermination(deps: PaymentTermsDeps, accountId: number, invoice: InvoiceStanding): Promise<boolean> {
  const marked = await deps.db.transaction(async (em) => {
    const result: { affectedRows: number } = await em.query('UPDATE accounts SET termination_marked_at = ? WHERE id = ? AND termination_marked_at IS NULL', [deps.now, accountId]);
    if (result.affectedRows === 0) return false;
    await audit(em, deps.now, { action: 'billing.marked_for_termination', accountId, targetType: 'document', targetId: invoice.id, details: { invoice: invoice.numberText } });
    return true;
  });
  if (!marked) return false;
  await deps.notices.notify(accountId, { kind: 'termination_warning', params: { number: invoice.numberText, amount: formatAmount(invoice.grossTiyn) }, dedupeKey: `termination:${invoice.id}`, level: 'warning', emailRoles: BILLED_ROLES });
  await tellSupport(deps, accountId, invoice);
  return true;
}

async function tellSupport(deps: PaymentTermsDeps, accountId: number, invoice: InvoiceStanding): Promise<void> {
  const staff: { email: string }[] = await deps.db.query("SELECT email FROM users WHERE staff_role IN ('support', 'superadmin') AND status = 'active'");
  const link = `${deps.config.http.publicUrl}/support/accounts/${accountId}/payments`;
  for (const { email } of staff) {
    await deps.mailer
      .send({
        to: email,
        subject: `Клиент #${accountId}: два месяца без оплаты, к расторжению`,
        text: `Счет № ${invoice.numberText} на ${formatAmount(invoice.grossTiyn)} тг не оплачен два месяца. Договор может быть расторгнут: ${link}\n`,
      })
      .catch((err: unknown) => deps.logger.error({ err, accountId }, 'termination e-mail to support failed'));
  }
}
