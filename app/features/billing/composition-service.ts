import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import { ValidationError } from '../../errors';
import { audit } from '../audit/service';
import { choosePlan, setOption } from './account-services';
import type { Actor } from './service';
import { TariffCatalog, loadOptions, type TariffSummary } from './tariffs';

/** The owner's choices in the cabinet: plan, options, low-balance threshold; each write with its audit row. */
export class CompositionService {
  constructor(private readonly db: DataSource, private readonly clock: Clock) {}

  /** Returns the tariff chosen and when it takes effect. */
  async choosePlan(accountId: number, actor: Actor, code: string): Promise<{ tariff: TariffSummary; from: Date }> {
    const catalog = await TariffCatalog.load(this.db);
    const now = this.clock.now();
    const tariff = catalog.tariff(code);
    if (!tariff?.isPublic || !catalog.at(code, now)) throw new ValidationError({ plan: 'billing.services.errors.plan' });
    const from = await this.db.transaction(async (em) => {
      const starts = await choosePlan(em, accountId, code, actor.userId, now);
      await audit(em, now, { action: 'billing.plan_chosen', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'tariff', targetId: code, details: { from: starts.toISOString() } });
      return starts;
    });
    return { tariff, from };
  }

  /** Sets each option's quantity (0: off); options the current plan does not offer stay as they are. */
  async setOptions(accountId: number, actor: Actor, quantities: Record<string, number>, offered: ReadonlySet<string>): Promise<void> {
    const options = await loadOptions(this.db);
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      for (const option of options) {
        const wanted = quantities[option.code] ?? 0;
        if (!offered.has(option.code) && wanted > 0) continue;
        await setOption(em, accountId, option.code, option.perUnit ? wanted : Math.min(wanted, 1), actor.userId, now);
      }
      await audit(em, now, { action: 'billing.options_set', accountId, actorUserId: actor.userId, ip: actor.ip, details: quantities });
    });
  }

  /** null: use the plan's threshold. */
  async setThreshold(accountId: number, actor: Actor, thresholdTiyn: number | null): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      await em.query('UPDATE accounts SET low_balance_threshold_tiyn = ? WHERE id = ?', [thresholdTiyn, accountId]);
      await audit(em, now, { action: 'billing.threshold_set', accountId, actorUserId: actor.userId, ip: actor.ip, details: { thresholdTiyn } });
    });
  }
}
