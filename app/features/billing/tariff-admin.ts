import type { DataSource } from 'typeorm';
import { AppError } from '../../errors';
import { destinationClasses } from './destinations';
import type { Prices } from './tariffs';

export type TariffVersionInput = Prices;

/**
 * Adds a price list to a tariff from a future instant on. Past and current versions are never
 * changed, so calls and fees already charged (and those still to be rated before that instant)
 * keep their prices; a future version not yet in force may be replaced by one with the same date.
 */
export async function addTariffVersion(db: DataSource, tariffCode: string, input: TariffVersionInput, userId: number, now: Date): Promise<number> {
  if (input.validFrom.getTime() <= now.getTime()) throw new AppError(422, 'tariff_version_in_past', 'billing.tariffs.errors.past');
  return db.transaction(async (em) => {
    const [tariff]: { id: number }[] = await em.query('SELECT id FROM tariffs WHERE code = ? FOR UPDATE', [tariffCode]);
    if (!tariff) throw new AppError(404, 'not_found', 'errors.not_found', { what: 'tariff' });
    await em.query('DELETE FROM tariff_versions WHERE tariff_id = ? AND valid_from = ? AND valid_from > ?', [tariff.id, input.validFrom, now]);
    const inserted: { insertId: number } = await em.query(
      'INSERT INTO tariff_versions (tariff_id, valid_from, monthly_fee_tiyn, included_minutes, low_balance_threshold_tiyn, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [tariff.id, input.validFrom, input.monthlyFeeTiyn, input.includedMinutes, input.lowBalanceThresholdTiyn, userId, now],
    );
    const versionId = Number(inserted.insertId);
    await em.query(
      `INSERT INTO tariff_rates (tariff_version_id, destination_class, per_minute_tiyn) VALUES ${destinationClasses.map(() => '(?, ?, ?)').join(', ')}`,
      destinationClasses.flatMap((c) => [versionId, c, input.rates[c]]),
    );
    const options = Object.entries(input.optionFees);
    if (options.length) {
      await em.query(
        `INSERT INTO tariff_option_prices (tariff_version_id, option_code, monthly_fee_tiyn) VALUES ${options.map(() => '(?, ?, ?)').join(', ')}`,
        options.flatMap(([code, fee]) => [versionId, code, fee]),
      );
    }
    return versionId;
  });
}

/** A new tariff (without prices until its first version is added). */
export async function createTariff(db: DataSource, code: string, names: { ru: string; kk: string; en: string }, isPublic = true): Promise<void> {
  const [exists]: unknown[] = await db.query('SELECT 1 FROM tariffs WHERE code = ?', [code]);
  if (exists) throw new AppError(422, 'tariff_code_taken', 'billing.tariffs.errors.code_taken');
  await db.query('INSERT INTO tariffs (code, name_ru, name_kk, name_en, monthly_fee_tiyn, is_public) VALUES (?, ?, ?, ?, 0, ?)', [code, names.ru, names.kk, names.en, isPublic]);
}
