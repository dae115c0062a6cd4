import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Starter plans the offer wizard offers until billing brings the full tariff model. */
export class SeedStarterTariffs20261122000200 implements MigrationInterface {
  name = 'SeedStarterTariffs20261122000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT IGNORE INTO tariffs (code, name_ru, name_kk, name_en, monthly_fee_tiyn) VALUES
        ('start', 'Старт', 'Старт', 'Start', 490000),
        ('business', 'Бизнес', 'Бизнес', 'Business', 1290000),
        ('corporate', 'Корпоративный', 'Корпоративтік', 'Corporate', 2990000)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tariffs WHERE code IN ('start','business','corporate')`);
  }
}
