import type { DataSource } from 'typeorm';
import { formatAmount } from '../../kz/money-words';
import type { NotificationsService } from '../notifications/service';
import type { PostedBatch } from './ledger';
import type { TariffCatalog } from './tariffs';

export interface BalanceCrossing {
  accountId: number;
  before: number;
  after: number;
  /** The source key of the entry that moved the balance: makes the notice once per crossing. */
  sourceKey: string;
}

/** Each account's balance move in a posted batch, keyed by the last entry that moved it. */
export function balanceCrossings(batch: PostedBatch): BalanceCrossing[] {
  const lastKey = new Map(batch.posted.map((p) => [p.accountId, p.sourceKey]));
  return [...batch.balances].map(([accountId, move]) => ({ accountId, ...move, sourceKey: lastKey.get(accountId)! }));
}

/**
 * Tells prepaid accounts whose balance just fell below their threshold (the account's own, else
 * its plan's), and those whose balance plus credit limit just reached zero (calls are refused now).
 */
export async function noticeLowBalances(db: DataSource, notices: NotificationsService, catalog: TariffCatalog, crossings: BalanceCrossing[], now: Date): Promise<number> {
  const falling = crossings.filter((c) => c.after < c.before);
  if (!falling.length) return 0;
  const accounts: { id: number; payment_method: string; credit_limit_tiyn: string; low_balance_threshold_tiyn: string | null; tariff_code: string | null }[] = await db.query(
    'SELECT id, payment_method, credit_limit_tiyn, low_balance_threshold_tiyn, tariff_code FROM accounts WHERE id IN (?)', [falling.map((c) => c.accountId)]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  let sent = 0;
  for (const c of falling) {
    const account = byId.get(c.accountId);
    if (!account || account.payment_method !== 'prepaid') continue;
    const threshold = account.low_balance_threshold_tiyn !== null
      ? Number(account.low_balance_threshold_tiyn)
      : (account.tariff_code ? catalog.at(account.tariff_code, now)?.lowBalanceThresholdTiyn : undefined) ?? 0;
    const params = { balance: `${formatAmount(c.after)} ₸`, threshold: `${formatAmount(threshold)} ₸` };
    const emailRoles = ['owner', 'accountant'] as const;
    if (c.before >= threshold && c.after < threshold) {
      if (await notices.notify(c.accountId, { kind: 'low_balance', params, dedupeKey: `low-balance:${c.sourceKey}`, level: 'warning', emailRoles })) sent++;
    }
    const credit = Number(account.credit_limit_tiyn);
    if (c.before + credit > 0 && c.after + credit <= 0) {
      if (await notices.notify(c.accountId, { kind: 'funds_exhausted', params, dedupeKey: `funds-exhausted:${c.sourceKey}`, level: 'warning', emailRoles })) sent++;
    }
  }
  return sent;
}
