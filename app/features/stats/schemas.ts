import { readFilters, type FilterErrors } from '../calls/schemas';
import type { StatsQuery } from './service';

/** A longer period is refused: a year of roll-ups is still quick, an unbounded one is not a report. */
export const MAX_DAYS = 366;

/**
 * Reads the statistics form (period, extension, direction) with the call history's own parsing.
 * The period defaults to this month up to today, on the account's clock; a bad value gets its
 * message and the default (or nothing) in its place.
 */
export function readStatsQuery(query: Record<string, unknown>, extensionIds: number[], timeZone: string, today: string) {
  const { from, to, extension, direction } = query;
  const read = readFilters({ from, to, extension, direction }, extensionIds, timeZone);
  const errors: FilterErrors = read.errors;
  const values: Record<string, string> = read.values;
  const monthStart = `${today.slice(0, 8)}01`;
  let period = { from: !errors.from && values.from ? values.from : monthStart, to: !errors.to && values.to ? values.to : today };
  if (period.to < period.from) period = { from: period.from, to: period.from };
  if ((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1 > MAX_DAYS) {
    errors.to = 'stats.errors.too_long';
    period = { from: monthStart, to: today };
  }
  const stats: StatsQuery = { ...period, direction: read.filters.direction, extensionId: read.filters.extensionId };
  return { query: stats, values: { ...values, from: values.from ?? period.from, to: values.to ?? period.to } as Record<string, string>, errors };
}
