import type { DataSource, EntityManager } from 'typeorm';
import { monthOf, monthStart, nextMonth } from './months';

/** One dated row of an account's composition: its plan or an option over [from, to). */
export interface ServicePeriod {
  accountId: number;
  kind: 'plan' | 'option';
  code: string;
  quantity: number;
  from: Date;
  to: Date | null;
}

type Db = DataSource | EntityManager;

/**
 * The dated services of the given accounts. An account that never chose in the cabinet has its
 * sign-up plan (accounts.tariff_code) from its creation on.
 */
export async function loadServicePeriods(db: Db, accountIds: number[]): Promise<Map<number, ServicePeriod[]>> {
  const out = new Map<number, ServicePeriod[]>(accountIds.map((id) => [id, []]));
  if (!accountIds.length) return out;
  const rows: { account_id: number; kind: 'plan' | 'option'; code: string; quantity: number; valid_from: Date; valid_to: Date | null }[] = await db.query(
    'SELECT account_id, kind, code, quantity, valid_from, valid_to FROM account_services WHERE account_id IN (?) ORDER BY valid_from, id',
    [accountIds],
  );
  for (const r of rows) out.get(r.account_id)!.push({ accountId: r.account_id, kind: r.kind, code: r.code, quantity: r.quantity, from: new Date(r.valid_from), to: r.valid_to && new Date(r.valid_to) });
  const signUps: { id: number; tariff_code: string | null; created_at: Date }[] = await db.query('SELECT id, tariff_code, created_at FROM accounts WHERE id IN (?)', [accountIds]);
  for (const a of signUps) {
    const periods = out.get(a.id)!;
    if (a.tariff_code && !periods.some((p) => p.kind === 'plan')) periods.unshift({ accountId: a.id, kind: 'plan', code: a.tariff_code, quantity: 1, from: new Date(0), to: null });
  }
  return out;
}

/** The plan code in force at `at`. */
export function planAt(periods: ServicePeriod[], at: Date): string | null {
  const t = at.getTime();
  return periods.find((p) => p.kind === 'plan' && p.from.getTime() <= t && (!p.to || p.to.getTime() > t))?.code ?? null;
}

/** Rows active at some moment of [from, to). */
export function activeDuring(periods: ServicePeriod[], from: Date, to: Date): ServicePeriod[] {
  return periods.filter((p) => p.from.getTime() < to.getTime() && (!p.to || p.to.getTime() > from.getTime()));
}

/**
 * Switches the plan from the first day of next month: the current month was paid at the current
 * plan's price (fees are not prorated). A choice made again before then replaces the pending one.
 */
export async function choosePlan(em: EntityManager, accountId: number, code: string, userId: number, now: Date): Promise<Date> {
  const from = monthStart(nextMonth(monthOf(now)));
  await keepSignUpPlan(em, accountId, userId);
  await em.query(`DELETE FROM account_services WHERE account_id = ? AND kind = 'plan' AND valid_from > ?`, [accountId, now]);
  await em.query(`UPDATE account_services SET valid_to = ? WHERE account_id = ? AND kind = 'plan' AND (valid_to IS NULL OR valid_to > ?)`, [from, accountId, from]);
  await insertRow(em, accountId, 'plan', code, 1, from, userId, now);
  return from;
}

/** Keeps accounts.tariff_code (what the dashboard and the wizard show) equal to the plan in force at `now`. */
export async function syncCurrentPlans(db: Db, now: Date): Promise<number> {
  const result: { affectedRows: number } = await db.query(
    `UPDATE accounts a JOIN account_services s ON s.account_id = a.id AND s.kind = 'plan' AND s.valid_from <= ? AND (s.valid_to IS NULL OR s.valid_to > ?)
        SET a.tariff_code = s.code WHERE NOT (a.tariff_code <=> s.code)`,
    [now, now],
  );
  return result.affectedRows;
}

/**
 * Sets an option's quantity (0: off). On or changed: from now, charged in full for the month.
 * Off: at the end of this month, which is already paid.
 */
export async function setOption(em: EntityManager, accountId: number, code: string, quantity: number, userId: number, now: Date): Promise<void> {
  const [current]: { id: number; quantity: number; valid_from: Date }[] = await em.query(
    `SELECT id, quantity, valid_from FROM account_services WHERE account_id = ? AND kind = 'option' AND code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)
     ORDER BY valid_from DESC LIMIT 1 FOR UPDATE`,
    [accountId, code, now, now],
  );
  if (current?.quantity === quantity) return;
  if (quantity === 0) {
    if (current) await em.query('UPDATE account_services SET valid_to = ? WHERE id = ?', [monthStart(nextMonth(monthOf(now))), current.id]);
    return;
  }
  if (current) await em.query('UPDATE account_services SET valid_to = ? WHERE id = ?', [now, current.id]);
  await insertRow(em, accountId, 'option', code, quantity, now, userId, now);
}

/** Writes the sign-up plan down as a row before the first change, so the past keeps its plan. */
async function keepSignUpPlan(em: EntityManager, accountId: number, userId: number): Promise<void> {
  const [row]: { n: number }[] = await em.query(`SELECT COUNT(*) AS n FROM account_services WHERE account_id = ? AND kind = 'plan'`, [accountId]);
  if (Number(row.n) > 0) return;
  const [account]: { tariff_code: string | null; created_at: Date }[] = await em.query('SELECT tariff_code, created_at FROM accounts WHERE id = ? FOR UPDATE', [accountId]);
  if (account?.tariff_code) await insertRow(em, accountId, 'plan', account.tariff_code, 1, new Date(0), userId, new Date(account.created_at));
}

async function insertRow(em: EntityManager, accountId: number, kind: 'plan' | 'option', code: string, quantity: number, from: Date, userId: number, now: Date) {
  await em.query(
    'INSERT INTO account_services (account_id, kind, code, quantity, valid_from, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [accountId, kind, code, quantity, from, userId, now],
  );
}
