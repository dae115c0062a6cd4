import type { DataSource } from 'typeorm';
import { activeDuring, loadServicePeriods, planAt } from './account-services';
import type { OptionInfo, PriceList, TariffCatalog } from './tariffs';

export interface OptionState {
  option: OptionInfo;
  /** Monthly fee per unit with the current plan; undefined: not offered with it. */
  feeTiyn: number | undefined;
  quantity: number;
  /** Set when switched off and running to the end of the paid month. */
  endsAt: Date | null;
}

export interface Composition {
  planCode: string | null;
  prices: PriceList | null;
  pending: { code: string; from: Date } | null;
  options: OptionState[];
  monthlyTotalTiyn: number;
  ownThresholdTiyn: number | null;
}

/** What an account has now: its plan and prices, a plan change waiting for its date, and its options. */
export async function accountComposition(db: DataSource, catalog: TariffCatalog, options: OptionInfo[], accountId: number, now: Date): Promise<Composition> {
  const periods = (await loadServicePeriods(db, [accountId])).get(accountId) ?? [];
  const planCode = planAt(periods, now);
  const prices = planCode ? catalog.at(planCode, now) : null;
  const next = periods.find((p) => p.kind === 'plan' && p.from.getTime() > now.getTime());
  const active = activeDuring(periods, now, new Date(now.getTime() + 1)).filter((p) => p.kind === 'option');
  const states = options.map((option) => {
    const row = active.find((p) => p.code === option.code);
    const later = row?.to && !periods.some((p) => p.kind === 'option' && p.code === option.code && p.from.getTime() >= row.to!.getTime());
    return { option, feeTiyn: prices?.optionFees[option.code], quantity: row?.quantity ?? 0, endsAt: later ? row!.to : null };
  });
  const optionsTotal = states.reduce((sum, s) => sum + (s.endsAt ? 0 : (s.feeTiyn ?? 0) * s.quantity), 0);
  const [account]: { low_balance_threshold_tiyn: string | null }[] = await db.query('SELECT low_balance_threshold_tiyn FROM accounts WHERE id = ?', [accountId]);
  return {
    planCode,
    prices,
    pending: next ? { code: next.code, from: next.from } : null,
    options: states,
    monthlyTotalTiyn: (prices?.monthlyFeeTiyn ?? 0) + optionsTotal,
    ownThresholdTiyn: account?.low_balance_threshold_tiyn == null ? null : Number(account.low_balance_threshold_tiyn),
  };
}
