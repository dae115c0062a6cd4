import type { EntityManager } from 'typeorm';
import { loadServicePeriods, planAt } from './account-services';
import type { BillableItem } from './billable';
import { classify, type PrefixTable, type RatedClass } from './destinations';
import { existingKeys, postMany, type PostedBatch } from './ledger';
import { monthOf } from './months';
import type { TariffCatalog } from './tariffs';

/** Rounding rule, shown on the tariff pages: every started minute is a whole minute. */
export const billedMinutes = (seconds: number) => Math.ceil(seconds / 60);

/** Included minutes cover calls inside Kazakhstan, never international or emergency ones. */
const usesIncludedMinutes = (cls: RatedClass) => cls === 'local' || cls === 'long_distance' || cls === 'mobile';

export interface Rating {
  item: BillableItem;
  month: string;
  destinationClass: RatedClass;
  minutes: number;
  includedMinutes: number;
  perMinuteTiyn: number;
  amountTiyn: number;
  tariffVersionId: number | null;
}

export interface RatedBatch extends PostedBatch {
  ratings: Rating[];
  /** Items of accounts with no plan at the call's start: left unrated. */
  unpriced: number;
}

/**
 * Prices items and writes their ratings and ledger entries in the caller's transaction. The accounts'
 * rows are locked first, so included minutes are counted once even when two runs overlap.
 */
export async function rateItems(em: EntityManager, items: BillableItem[], catalog: TariffCatalog, prefixes: PrefixTable, now: Date): Promise<RatedBatch> {
  const accountIds = [...new Set(items.map((i) => i.accountId))].sort((a, b) => a - b);
  if (!accountIds.length) return { ratings: [], unpriced: 0, posted: [], balances: new Map() };
  await em.query('SELECT id FROM accounts WHERE id IN (?) ORDER BY id FOR UPDATE', [accountIds]);
  const done = await existingKeys(em, 'call_ratings', items);
  const rated = new Set(done.map((d) => `${d.account_id}:${d.source_key}`));
  const fresh = items.filter((i) => !rated.has(`${i.accountId}:${i.sourceKey}`)).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const used = await includedUsed(em, accountIds, [...new Set(fresh.map((i) => monthOf(i.startedAt)))]);
  const periods = await loadServicePeriods(em, accountIds);
  const ratings: Rating[] = [];
  let unpriced = 0;
  for (const item of fresh) {
    const plan = planAt(periods.get(item.accountId) ?? [], item.startedAt);
    const prices = plan ? catalog.at(plan, item.startedAt) : null;
    if (!prices) {
      unpriced++;
      continue;
    }
    const month = monthOf(item.startedAt);
    const usedKey = `${item.accountId}:${month}`;
    const cls = classify(item.number, item.ownNumber, prefixes);
    const minutes = billedMinutes(item.seconds);
    const left = Math.max(0, prices.includedMinutes - (used.get(usedKey) ?? 0));
    const included = usesIncludedMinutes(cls) ? Math.min(left, minutes) : 0;
    used.set(usedKey, (used.get(usedKey) ?? 0) + included);
    const perMinute = cls === 'emergency' ? 0 : prices.rates[cls];
    ratings.push({ item, month, destinationClass: cls, minutes, includedMinutes: included, perMinuteTiyn: perMinute, amountTiyn: -(minutes - included) * perMinute, tariffVersionId: prices.versionId });
  }
  await insertRatings(em, ratings);
  await addIncludedUsed(em, ratings);
  const ledger = await postMany(em, ratings.map((r) => ({
    accountId: r.item.accountId, kind: 'charge' as const, amountTiyn: r.amountTiyn, occurredAt: r.item.startedAt,
    reason: 'billing.reasons.call', sourceKey: r.item.sourceKey, callId: r.item.callId, category: 'calls', createdAt: now,
  })));
  return { ratings, unpriced, ...ledger };
}

/** Included minutes used so far per account and month, kept as a counter beside the ratings. */
async function includedUsed(em: EntityManager, accountIds: number[], months: string[]): Promise<Map<string, number>> {
  if (!months.length) return new Map();
  const rows: { account_id: number; month: string; minutes: number }[] = await em.query(
    'SELECT account_id, month, minutes FROM included_minutes_used WHERE account_id IN (?) AND month IN (?)', [accountIds, months]);
  return new Map(rows.map((r) => [`${r.account_id}:${r.month}`, Number(r.minutes)]));
}

async function addIncludedUsed(em: EntityManager, ratings: Rating[]): Promise<void> {
  const sums = new Map<string, [number, string, number]>();
  for (const r of ratings.filter((x) => x.includedMinutes > 0)) {
    const key = `${r.item.accountId}:${r.month}`;
    const row = sums.get(key) ?? [r.item.accountId, r.month, 0];
    row[2] += r.includedMinutes;
    sums.set(key, row);
  }
  if (!sums.size) return;
  await em.query(
    `INSERT INTO included_minutes_used (account_id, month, minutes) VALUES ${[...sums.values()].map(() => '(?, ?, ?)').join(', ')}
     ON DUPLICATE KEY UPDATE minutes = minutes + VALUES(minutes)`,
    [...sums.values()].flat(),
  );
}

async function insertRatings(em: EntityManager, ratings: Rating[]): Promise<void> {
  for (let i = 0; i < ratings.length; i += 1000) {
    const chunk = ratings.slice(i, i + 1000);
    await em.query(
      `INSERT INTO call_ratings (account_id, source_key, call_id, month, started_at, number, destination_class, seconds, minutes, included_minutes, per_minute_tiyn, amount_tiyn, tariff_version_id)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((r) => [r.item.accountId, r.item.sourceKey, r.item.callId, r.month, r.item.startedAt, r.item.number?.slice(0, 32) ?? null,
        r.destinationClass, r.item.seconds, r.minutes, r.includedMinutes, r.perMinuteTiyn, r.amountTiyn, r.tariffVersionId]),
    );
  }
}
