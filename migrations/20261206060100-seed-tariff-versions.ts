import type { MigrationInterface, QueryRunner } from 'typeorm';

const FROM = '2026-01-01 00:00:00.000';
/** code: [monthly fee, included minutes, low-balance threshold, local, long distance, mobile, international] in tiyn. */
const PLANS: Record<string, number[]> = {
  start: [490000, 100, 100000, 1000, 1800, 2500, 9000],
  business: [1290000, 500, 300000, 800, 1500, 2200, 8500],
  corporate: [2990000, 2000, 500000, 600, 1200, 1900, 8000],
};
/** code, ru, kk, en, per unit, monthly fee in tiyn (the same for every starter plan). */
const OPTIONS: [string, string, string, string, number, number][] = [
  ['recording', 'Запись разговоров', 'Сөйлесулерді жазу', 'Call recording', 0, 150000],
  ['voicemail', 'Голосовая почта', 'Дауыстық пошта', 'Voicemail', 0, 50000],
  ['fax', 'Виртуальный факс', 'Виртуалды факс', 'Virtual fax', 0, 100000],
  ['speech', 'Синтез и распознавание речи', 'Сөйлеуді синтездеу және тану', 'Speech synthesis and recognition', 0, 300000],
  ['crm', 'Интеграция с CRM', 'CRM-мен интеграция', 'CRM integration', 0, 250000],
  ['extra_number', 'Дополнительный номер', 'Қосымша нөмір', 'Extra number', 1, 150000],
  ['extra_user', 'Дополнительный пользователь', 'Қосымша пайдаланушы', 'Extra user', 1, 100000],
  ['extra_storage', 'Дополнительное хранилище, 1 ГБ', 'Қосымша сақтау орны, 1 ГБ', 'Extra storage, 1 GB', 1, 50000],
];
/** Kazakh mobile network codes; geographic area codes 71x/72x are long distance unless the caller's own city. */
const MOBILE = ['700', '701', '702', '705', '706', '707', '708', '747', '750', '751', '760', '761', '762', '763', '764', '771', '775', '776', '777', '778'];

/** The starter plans' first price list, the option catalogue and the destination prefixes. */
export class SeedTariffVersions20261206060100 implements MigrationInterface {
  name = 'SeedTariffVersions20261206060100';

  async up(q: QueryRunner): Promise<void> {
    for (const [order, [code, nameRu, nameKk, nameEn, perUnit]] of OPTIONS.entries()) {
      await q.query('INSERT IGNORE INTO tariff_options (code, name_ru, name_kk, name_en, per_unit, sort_order) VALUES (?, ?, ?, ?, ?, ?)',
        [code, nameRu, nameKk, nameEn, perUnit, order]);
    }
    for (const [code, [fee, minutes, threshold, ...rates]] of Object.entries(PLANS)) {
      const [tariff]: { id: number }[] = await q.query('SELECT id FROM tariffs WHERE code = ?', [code]);
      if (!tariff) continue;
      await q.query('UPDATE tariffs SET monthly_fee_tiyn = ? WHERE id = ?', [fee, tariff.id]);
      const inserted: { insertId: number } = await q.query(
        'INSERT INTO tariff_versions (tariff_id, valid_from, monthly_fee_tiyn, included_minutes, low_balance_threshold_tiyn) VALUES (?, ?, ?, ?, ?)',
        [tariff.id, FROM, fee, minutes, threshold],
      );
      const classes = ['local', 'long_distance', 'mobile', 'international'];
      for (const [i, cls] of classes.entries()) {
        await q.query('INSERT INTO tariff_rates (tariff_version_id, destination_class, per_minute_tiyn) VALUES (?, ?, ?)', [inserted.insertId, cls, rates[i]]);
      }
      for (const option of OPTIONS) {
        await q.query('INSERT INTO tariff_option_prices (tariff_version_id, option_code, monthly_fee_tiyn) VALUES (?, ?, ?)', [inserted.insertId, option[0], option[5]]);
      }
    }
    for (const code of MOBILE) await q.query(`INSERT IGNORE INTO destination_prefixes VALUES (?, 'mobile')`, [`+7${code}`]);
    for (const prefix of ['+771', '+772']) await q.query(`INSERT IGNORE INTO destination_prefixes VALUES (?, 'long_distance')`, [prefix]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM destination_prefixes');
    await q.query('DELETE FROM tariff_versions');
    await q.query('DELETE FROM tariff_options');
  }
}
