import type { DataSource } from 'typeorm';
import { loadServicePeriods, planAt } from './account-services';
import type { RatedClass } from './destinations';
import { entries } from './ledger';
import type { LedgerEntry } from './ledger-entities';
import { monthRange } from './months';
import type { TariffCatalog } from './tariffs';

export interface ClassUsage {
  destinationClass: RatedClass;
  calls: number;
  minutes: number;
  includedMinutes: number;
  amountTiyn: number;
}

export interface MonthUsage {
  month: string;
  byClass: ClassUsage[];
  includedTotal: number;
  includedLeft: number;
  callChargesTiyn: number;
  feeChargesTiyn: number;
  balanceTiyn: number;
  entries: LedgerEntry[];
}

/** An account's month: minutes by destination class, included minutes left, charges, balance and entries. */
export async function monthUsage(db: DataSource, catalog: TariffCatalog, accountId: number, month: string, now: Date): Promise<MonthUsage> {
  const rows: { destination_class: RatedClass; calls: string; minutes: string; included: string; amount: string }[] = await db.query(
    `SELECT destination_class, COUNT(*) AS calls, SUM(minutes) AS minutes, SUM(included_minutes) AS included, SUM(amount_tiyn) AS amount
       FROM call_ratings WHERE account_id = ? AND month = ? GROUP BY destination_class ORDER BY destination_class`,
    [accountId, month],
  );
  const byClass = rows.map((r) => ({ destinationClass: r.destination_class, calls: Number(r.calls), minutes: Number(r.minutes), includedMinutes: Number(r.included), amountTiyn: -Number(r.amount) || 0 }));
  const range = monthRange(month);
  const periods = (await loadServicePeriods(db, [accountId])).get(accountId) ?? [];
  const at = new Date(Math.min(now.getTime(), range.to.getTime() - 1));
  const plan = planAt(periods, at);
  const includedTotal = (plan && catalog.at(plan, at)?.includedMinutes) || 0;
  const includedUsed = byClass.reduce((sum, c) => sum + c.includedMinutes, 0);
  const list = await entries(db, accountId, range);
  const charged = (pick: (e: LedgerEntry) => boolean) => -list.filter((e) => e.kind === 'charge' && pick(e)).reduce((sum, e) => sum + Number(e.amountTiyn), 0);
  const [account]: { balance_tiyn: string }[] = await db.query('SELECT balance_tiyn FROM accounts WHERE id = ?', [accountId]);
  return {
    month,
    byClass,
    includedTotal,
    includedLeft: Math.max(0, includedTotal - includedUsed),
    callChargesTiyn: charged((e) => e.category === 'calls'),
    feeChargesTiyn: charged((e) => e.category === 'subscription' || e.category.startsWith('option:')),
    balanceTiyn: Number(account?.balance_tiyn ?? 0),
    entries: list.reverse(),
  };
}
