import { startOfLocalDay } from '../calls/period';

/** Documents and payment terms count days on the wall clock in Almaty (the provider's time zone). */
export const BILLING_TIME_ZONE = 'Asia/Almaty';

const PERIOD = /^(\d{4})-(\d{2})$/;

/** The local calendar day of an instant, YYYY-MM-DD. */
export function localDay(at: Date, timeZone = BILLING_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The month before the one `at` falls in, YYYY-MM: what the run on the 1st bills. */
export function previousPeriod(at: Date, timeZone = BILLING_TIME_ZONE): string {
  const [y, m] = localDay(at, timeZone).split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** A month's first and last day and the instants it starts and ends (end exclusive), for ledger queries. */
export function periodBounds(period: string, timeZone = BILLING_TIME_ZONE) {
  const m = PERIOD.exec(period);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`expected a month as YYYY-MM, got "${period}"`);
  const firstDay = `${period}-01`;
  const nextFirstDay = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)).toISOString().slice(0, 10);
  const lastDay = addDays(nextFirstDay, -1);
  return { firstDay, lastDay, from: startOfLocalDay(firstDay, timeZone), to: startOfLocalDay(nextFirstDay, timeZone) };
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
