import type { Deps } from '../../deps';
import { NotificationsService } from '../notifications/service';
import { activeDuring, loadServicePeriods, syncCurrentPlans, type ServicePeriod } from './account-services';
import { postMany, type NewLedgerEntry } from './ledger';
import { balanceCrossings, noticeLowBalances } from './low-balance';
import { monthOf, monthRange } from './months';
import { TariffCatalog } from './tariffs';

/**
 * The fees of one account for a month: the plan and each option active on any day of it, in full
 * (not prorated), at the prices of the plan version in force when the service began that month.
 */
export function monthlyFees(accountId: number, periods: ServicePeriod[], month: string, catalog: TariffCatalog, now: Date): NewLedgerEntry[] {
  const { from, to } = monthRange(month);
  const until = new Date(Math.min(to.getTime(), now.getTime() + 1));
  const active = activeDuring(periods, from, until);
  const plan = active.find((p) => p.kind === 'plan');
  if (!plan) return [];
  const startOf = (p: ServicePeriod) => new Date(Math.max(from.getTime(), p.from.getTime()));
  const planPrices = catalog.at(plan.code, startOf(plan));
  if (!planPrices) return [];
  const entry = (code: string, amount: number, at: Date, category: string, reason: string): NewLedgerEntry => ({
    accountId, kind: 'charge', amountTiyn: -amount, occurredAt: at, reason, sourceKey: `fee:${month}:${code}`, category, createdAt: now,
  });
  const out = [entry(plan.code, planPrices.monthlyFeeTiyn, startOf(plan), 'subscription', 'billing.reasons.fee')];
  const options = new Map<string, ServicePeriod>();
  for (const o of active.filter((p) => p.kind === 'option')) options.set(o.code, options.get(o.code) ?? o);
  for (const [code, option] of options) {
    const prices = catalog.at(plan.code, startOf(option));
    const fee = prices?.optionFees[code];
    if (fee !== undefined) out.push(entry(code, fee * option.quantity, startOf(option), `option:${code}`, `billing.reasons.option.${code}`));
  }
  return out;
}

/** Charges this month's fees to every active account (each fee once: its source key is per month and code). */
export async function chargeMonthlyFees(deps: Pick<Deps, 'db' | 'clock' | 'mailer' | 'logger'>, batchSize = 500): Promise<number> {
  const { db, clock } = deps;
  const now = clock.now();
  const month = monthOf(now);
  const catalog = await TariffCatalog.load(db);
  const notices = new NotificationsService(db, deps.mailer, clock, deps.logger);
  await syncCurrentPlans(db, now);
  let afterId = 0;
  let charged = 0;
  for (;;) {
    const rows: { id: number }[] = await db.query(`SELECT id FROM accounts WHERE id > ? AND status = 'active' ORDER BY id LIMIT ?`, [afterId, batchSize]);
    if (!rows.length) return charged;
    afterId = rows[rows.length - 1].id;
    const periods = await loadServicePeriods(db, rows.map((r) => r.id));
    const fees = rows.flatMap((r) => monthlyFees(r.id, periods.get(r.id) ?? [], month, catalog, now));
    const batch = await postMany(db, fees);
    charged += batch.posted.length;
    await noticeLowBalances(db, notices, catalog, balanceCrossings(batch), now);
  }
}
