import { billingDay, monthRange, nextMonth } from '../billing/months';

const PERIOD = /^(\d{4})-(\d{2})$/;

/** The calendar day of an instant in Almaty (the provider's time zone, where documents and payment terms count days), YYYY-MM-DD. */
export const localDay = billingDay;

/** The month before the one `at` falls in, YYYY-MM: what the run on the 1st bills. */
export function previousPeriod(at: Date): string {
  const [y, m] = localDay(at).split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** A month's first and last day and the instants it starts and ends (end exclusive), for ledger queries. */
export function periodBounds(period: string) {
  if (!isPeriod(period)) throw new RangeError(`expected a month as YYYY-MM, got "${period}"`);
  const { from, to } = monthRange(period);
  return { firstDay: `${period}-01`, lastDay: addDays(`${nextMonth(period)}-01`, -1), from, to };
}

/** A calendar day plus `days` (may be negative), YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A calendar day plus whole months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastOfTarget))).toISOString().slice(0, 10);
}

/** Whether a string is a billing month, YYYY-MM. */
export function isPeriod(value: unknown): value is string {
  return typeof value === 'string' && PERIOD.test(value) && Number(value.slice(5)) >= 1 && Number(value.slice(5)) <= 12;
}
