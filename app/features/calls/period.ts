/** What the clock on the wall shows at `at` in `timeZone`, read back as if it were UTC (ms). */
export function wallClockAsUtc(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/**
 * The instant a local day (YYYY-MM-DD) begins in `timeZone`. Offsets change (Almaty moved from +6 to +5
 * in 2024), so the offset is taken at that very day, and checked once more in case the guess crossed a change.
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d);
  let instant = naive - (wallClockAsUtc(naive, timeZone) - naive);
  instant = naive - (wallClockAsUtc(instant, timeZone) - instant);
  return new Date(instant);
}

/** The local day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Whether a string is a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  return y >= 2000 && y <= 2100 && new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === value;
}

/** A time as "YYYY-MM-DD HH:MM:SS" on the account's wall clock: what the page and the CSV show. */
export function localDateTime(at: Date, timeZone: string): string {
  return new Date(wallClockAsUtc(at.getTime(), timeZone)).toISOString().slice(0, 19).replace('T', ' ');
}
