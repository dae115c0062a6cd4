import type { DataSource, EntityManager } from 'typeorm';
import { destinationClasses, type DestinationClass } from './destinations';

/** A tariff's prices from a date on, as support enters them. */
export interface Prices {
  validFrom: Date;
  monthlyFeeTiyn: number;
  includedMinutes: number;
  lowBalanceThresholdTiyn: number;
  rates: Record<DestinationClass, number>;
  /** Option code → monthly fee per unit; options left out are not offered with this plan. */
  optionFees: Record<string, number>;
}

/** One tariff's stored prices: what rating and monthly fees read. */
export interface PriceList extends Prices {
  versionId: number;
  tariffId: number;
  tariffCode: string;
}

export interface TariffSummary {
  id: number;
  code: string;
  names: { ru: string; kk: string; en: string };
  isPublic: boolean;
}

/** Every tariff with all its versions, loaded at once: tariffs are few, and rating reads them per call. */
export class TariffCatalog {
  private constructor(
    readonly tariffs: TariffSummary[],
    /** Tariff code → versions, newest first. */
    private readonly versions: Map<string, PriceList[]>,
  ) {}

  /** Loads the catalogue from the database. */
  static async load(db: DataSource | EntityManager): Promise<TariffCatalog> {
    const tariffs: { id: number; code: string; name_ru: string; name_kk: string; name_en: string; is_public: number }[] =
      await db.query('SELECT id, code, name_ru, name_kk, name_en, is_public FROM tariffs ORDER BY monthly_fee_tiyn, id');
    const versions: { id: number; tariff_id: number; valid_from: Date; monthly_fee_tiyn: string; included_minutes: number; low_balance_threshold_tiyn: string }[] =
      await db.query('SELECT * FROM tariff_versions ORDER BY valid_from DESC, id DESC');
    const rates: { tariff_version_id: number; destination_class: DestinationClass; per_minute_tiyn: string }[] = await db.query('SELECT * FROM tariff_rates');
    const options: { tariff_version_id: number; option_code: string; monthly_fee_tiyn: string }[] = await db.query('SELECT * FROM tariff_option_prices');
    const codeOf = new Map(tariffs.map((t) => [t.id, t.code]));
    const byCode = new Map<string, PriceList[]>();
    for (const v of versions) {
      const code = codeOf.get(v.tariff_id)!;
      const list: PriceList = {
        versionId: v.id, tariffId: v.tariff_id, tariffCode: code, validFrom: new Date(v.valid_from),
        monthlyFeeTiyn: Number(v.monthly_fee_tiyn), includedMinutes: v.included_minutes, lowBalanceThresholdTiyn: Number(v.low_balance_threshold_tiyn),
        rates: Object.fromEntries(destinationClasses.map((c) => [c, 0])) as Record<DestinationClass, number>,
        optionFees: {},
      };
      for (const r of rates) if (r.tariff_version_id === v.id) list.rates[r.destination_class] = Number(r.per_minute_tiyn);
      for (const o of options) if (o.tariff_version_id === v.id) list.optionFees[o.option_code] = Number(o.monthly_fee_tiyn);
      byCode.set(code, [...(byCode.get(code) ?? []), list]);
    }
    const summaries = tariffs.map((t) => ({ id: t.id, code: t.code, names: { ru: t.name_ru, kk: t.name_kk, en: t.name_en }, isPublic: !!t.is_public }));
    return new TariffCatalog(summaries, byCode);
  }

  /** The price list of `tariffCode` in force at `at`; null before its first version or for an unknown code. */
  at(tariffCode: string, at: Date): PriceList | null {
    return this.versions.get(tariffCode)?.find((v) => v.validFrom.getTime() <= at.getTime()) ?? null;
  }

  /** All versions of a tariff, newest first. */
  history(tariffCode: string): PriceList[] {
    return this.versions.get(tariffCode) ?? [];
  }

  tariff(code: string): TariffSummary | undefined {
    return this.tariffs.find((t) => t.code === code);
  }
}

export interface OptionInfo {
  code: string;
  names: { ru: string; kk: string; en: string };
  perUnit: boolean;
}

/** The option catalogue in display order. */
export async function loadOptions(db: DataSource | EntityManager): Promise<OptionInfo[]> {
  const rows: { code: string; name_ru: string; name_kk: string; name_en: string; per_unit: number }[] =
    await db.query('SELECT code, name_ru, name_kk, name_en, per_unit FROM tariff_options ORDER BY sort_order, code');
  return rows.map((r) => ({ code: r.code, names: { ru: r.name_ru, kk: r.name_kk, en: r.name_en }, perUnit: !!r.per_unit }));
}
