import type { Composition } from './account-composition';
import { destinationClasses } from './destinations';
import { billingDay as day, monthOf } from './months';
import type { OptionInfo, PriceList, TariffSummary } from './tariffs';
import type { MonthUsage } from './usage';

type Locale = 'ru' | 'kk' | 'en';

/** A price list for pages: rates in class order, each option's price or null when not offered. */
export function presentPriceList(p: PriceList, options: OptionInfo[], locale: Locale, now: Date) {
  return {
    versionId: p.versionId,
    from: day(p.validFrom),
    pending: p.validFrom.getTime() > now.getTime(),
    monthlyFeeTiyn: p.monthlyFeeTiyn,
    includedMinutes: p.includedMinutes,
    lowBalanceThresholdTiyn: p.lowBalanceThresholdTiyn,
    rates: destinationClasses.map((c) => ({ destinationClass: c, perMinuteTiyn: p.rates[c] })),
    options: options.map((o) => ({ code: o.code, name: o.names[locale], perUnit: o.perUnit, feeTiyn: p.optionFees[o.code] ?? null })),
  };
}

export function presentTariff(t: TariffSummary, locale: Locale) {
  return { code: t.code, name: t.names[locale], isPublic: t.isPublic };
}

/** The cabinet's services page: the plan, a pending change, options with prices and quantities. */
export function presentComposition(c: Composition, tariffName: (code: string) => string, locale: Locale) {
  return {
    planCode: c.planCode,
    planName: c.planCode ? tariffName(c.planCode) : null,
    pending: c.pending && { name: tariffName(c.pending.code), from: day(c.pending.from) },
    monthlyTotalTiyn: c.monthlyTotalTiyn,
    ownThreshold: c.ownThresholdTiyn === null ? '' : (c.ownThresholdTiyn / 100).toFixed(2),
    planThresholdTiyn: c.prices?.lowBalanceThresholdTiyn ?? 0,
    options: c.options
      .filter((o) => o.feeTiyn !== undefined || o.quantity > 0)
      .map((o) => ({ code: o.option.code, name: o.option.names[locale], perUnit: o.option.perUnit, feeTiyn: o.feeTiyn ?? null, quantity: o.quantity, on: o.quantity > 0, endsAt: o.endsAt && day(o.endsAt) })),
  };
}

/** The usage page's month. */
export function presentUsage(u: MonthUsage, now: Date) {
  return {
    month: u.month,
    isCurrent: u.month === monthOf(now),
    byClass: u.byClass,
    includedTotal: u.includedTotal,
    includedLeft: u.includedLeft,
    callChargesTiyn: u.callChargesTiyn,
    feeChargesTiyn: u.feeChargesTiyn,
    totalChargesTiyn: u.callChargesTiyn + u.feeChargesTiyn,
    balanceTiyn: u.balanceTiyn,
  };
}
