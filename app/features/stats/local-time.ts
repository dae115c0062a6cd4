import { localDateTime, nextDay, wallClockAsUtc } from '../calls/period';

/**
 * The instants at which each hour of a local day begins (24 of them, then the next day's start),
 * each taken at its own offset, so a day on which the offset changed still splits into its real hours.
 */
export function localHourStarts(day: string, timeZone: string): Date[] {
  const [y, m, d] = day.split('-').map(Number);
  const starts = Array.from({ length: 24 }, (_, hour) => {
    const naive = Date.UTC(y, m - 1, d, hour);
    let instant = naive - (wallClockAsUtc(naive, timeZone) - naive);
    instant = naive - (wallClockAsUtc(instant, timeZone) - instant);
    return instant;
  });
  const [ny, nm, nd] = nextDay(day).split('-').map(Number);
  const naiveNext = Date.UTC(ny, nm - 1, nd);
  let next = naiveNext - (wallClockAsUtc(naiveNext, timeZone) - naiveNext);
  next = naiveNext - (wallClockAsUtc(next, timeZone) - next);
  // Hours skipped by a jump forward collapse onto the next real one: never out of order.
  for (let h = 1; h < 24; h++) starts[h] = Math.max(starts[h], starts[h - 1]);
  return [...starts, Math.max(next, starts[23])].map((ms) => new Date(ms));
}

/** The local day (YYYY-MM-DD) an instant falls on. */
export const localDay = (at: Date, timeZone: string): string => localDateTime(at, timeZone).slice(0, 10);

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = nextDay(day)) days.push(day);
  return days;
}
