import type { EntityManager } from 'typeorm';
import { audit } from '../audit/service';
import type { InvoiceStanding } from './invoice-standing';

export const SUSPENDED_FOR_DEBT = 'billing.suspended_for_debt';
export const SUSPENSION_LIFTED = 'billing.suspension_lifted';

/** Suspends an active account for an unpaid invoice, with an audit row; false when it was not active. */
export async function suspendForDebt(em: EntityManager, accountId: number, invoice: InvoiceStanding, now: Date): Promise<boolean> {
  const result: { affectedRows: number } = await em.query("UPDATE accounts SET status = 'suspended' WHERE id = ? AND status = 'active'", [accountId]);
  if (result.affectedRows === 0) return false;
  await audit(em, now, { action: SUSPENDED_FOR_DEBT, accountId, targetType: 'document', targetId: invoice.id, details: { invoice: invoice.numberText, dueDate: invoice.dueDate } });
  return true;
}

/**
 * Lifts a suspension that billing imposed (the latest billing suspension row is not followed by a lift) and
 * clears a termination mark; a suspension support set for another reason is left alone. True when lifted.
 */
export async function liftDebtSuspension(em: EntityManager, accountId: number, actorUserId: number | null, now: Date): Promise<boolean> {
  const [account]: { status: string }[] = await em.query('SELECT status FROM accounts WHERE id = ? FOR UPDATE', [accountId]);
  await em.query('UPDATE accounts SET termination_marked_at = NULL WHERE id = ?', [accountId]);
  if (account?.status !== 'suspended') return false;
  const [last]: { action: string }[] = await em.query(
    'SELECT action FROM audit_log WHERE account_id = ? AND action IN (?, ?) ORDER BY id DESC LIMIT 1',
    [accountId, SUSPENDED_FOR_DEBT, SUSPENSION_LIFTED],
  );
  if (last?.action !== SUSPENDED_FOR_DEBT) return false;
  await em.query("UPDATE accounts SET status = 'active' WHERE id = ?", [accountId]);
  await audit(em, now, { action: SUSPENSION_LIFTED, accountId, actorUserId });
  return true;
}
