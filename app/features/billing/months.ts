import { startOfLocalDay } from '../calls/period';

/** Billing months are calendar months on the Kazakh wall clock, whatever the account's own time zone. */
export const BILLING_TIME_ZONE = 'Asia/Almaty';

// Built once: constructing an Intl formatter costs far more than formatting with it, and rating asks per call.
const wallClock = new Intl.DateTimeFormat('en-CA', { timeZone: BILLING_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The billing month (YYYY-MM) an instant falls in. */
export function monthOf(at: Date): string {
  return billingDay(at).slice(0, 7);
}

/** The instant a billing month (YYYY-MM) begins. */
export function monthStart(month: string): Date {
  return startOfLocalDay(`${month}-01`, BILLING_TIME_ZONE);
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

/** [start, end) of a billing month. */
export function monthRange(month: string): { from: Date; to: Date } {
  return { from: monthStart(month), to: monthStart(nextMonth(month)) };
}

/** The Kazakh calendar day (YYYY-MM-DD) of an instant. */
export function billingDay(at: Date): string {
  return wallClock.format(at);
}
