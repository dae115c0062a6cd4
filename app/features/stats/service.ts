import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import type { CallDirection } from '../calls/entities';
import { nextDay, startOfLocalDay } from '../calls/period';
import type { HistoryScope } from '../calls/service';
import { addMeasures, detailFromCalls, emptyMeasures, measuresOf, type Measures } from './aggregate';
import { daysBetween, localDay } from './local-time';
import type { Names } from './presenter';
import { daysChangedBetween, rolledUpTo } from './rollup';

/** The period (local days, both included) and what it is narrowed to. */
export interface StatsQuery {
  from: string;
  to: string;
  direction?: CallDirection;
  extensionId?: number;
}

export interface Report {
  totals: Measures;
  days: { day: string; measures: Measures }[];
  hours: Measures[];
  numbers: { phoneNumberId: number; measures: Measures }[];
  extensions: { extensionId: number; measures: Measures }[];
  /** Days computed from the calls themselves (today, and days with calls not rolled up yet). */
  liveDays: string[];
}

const SUMS = 'SUM(calls) AS calls, SUM(answered) AS answered, SUM(missed) AS missed, SUM(lost_in_menu) AS lost_in_menu, SUM(wait_ms) AS wait_ms, SUM(talk_seconds) AS talk_seconds';

/** Call statistics for a period: roll-ups for settled days, the calls themselves for the rest. */
export class StatsService {
  constructor(private readonly db: DataSource, private readonly clock: Clock) {}

  /** `fromCallsOnly` skips the roll-ups altogether: what the roll-ups must always agree with. */
  async report(scope: HistoryScope, query: StatsQuery, options: { fromCallsOnly?: boolean } = {}): Promise<Report> {
    const today = localDay(this.clock.now(), scope.timeZone);
    const live = await this.liveDays(scope, query, today, options.fromCallsOnly ?? false);
    const maps: Breakdowns = { day: new Map(), hour: new Map(), number: new Map(), extension: new Map() };
    await this.addRollUps(maps, scope, query, live);
    for (const day of live) await this.addFromCalls(maps, scope, query, day);
    const days = daysBetween(query.from, query.to).map((day) => ({ day, measures: maps.day.get(day) ?? emptyMeasures() }));
    return {
      totals: days.reduce((sum, d) => addMeasures(sum, d.measures), emptyMeasures()),
      days,
      hours: Array.from({ length: 24 }, (_, h) => maps.hour.get(h) ?? emptyMeasures()),
      numbers: [...maps.number].map(([phoneNumberId, measures]) => ({ phoneNumberId, measures })),
      extensions: [...maps.extension].map(([extensionId, measures]) => ({ extensionId, measures })),
      liveDays: live,
    };
  }

  /** The settled days of the period, grouped four ways by the database from the roll-ups. */
  private async addRollUps(maps: Breakdowns, scope: HistoryScope, query: StatsQuery, live: string[]): Promise<void> {
    const where = this.rollUpWhere(scope, query, live);
    const grouped = async (table: string, key: string) =>
      (await this.db.query(`SELECT ${key} AS k, ${SUMS} FROM ${table} WHERE ${where.sql} GROUP BY ${key}`, where.params)) as Record<string, unknown>[];
    for (const r of await grouped('call_stats_daily', "DATE_FORMAT(day, '%Y-%m-%d')")) fold(maps.day, String(r.k), measuresOf(r));
    for (const r of await grouped('call_stats_daily', 'phone_number_id')) fold(maps.number, Number(r.k), measuresOf(r));
    for (const r of await grouped('call_stats_daily', 'extension_id')) fold(maps.extension, Number(r.k), measuresOf(r));
    for (const r of await grouped('call_stats_hourly', 'hour')) fold(maps.hour, Number(r.k), measuresOf(r));
  }

  /** One day computed from the calls themselves, classified by the same SQL the roll-up job stores. */
  private async addFromCalls(maps: Breakdowns, scope: HistoryScope, query: StatsQuery, day: string): Promise<void> {
    const detail = detailFromCalls(scope.accountId, day, scope.timeZone);
    for (const r of (await this.db.query(detail.sql, detail.params)) as Record<string, unknown>[]) {
      if (!inScope(scope, query, String(r.direction), Number(r.extension_id))) continue;
      const m = measuresOf(r);
      fold(maps.day, day, m);
      fold(maps.hour, Number(r.hour), m);
      fold(maps.number, Number(r.phone_number_id), m);
      fold(maps.extension, Number(r.extension_id), m);
    }
  }

  /**
   * What the tables call the numbers and extensions a report mentions (only this account's). The
   * extensions are the member's scope, already read for the filter: a report mentions no others.
   */
  async names(accountId: number, report: Report, extensions: { id: number; exten: string; name: string }[]): Promise<Names> {
    const ids = report.numbers.map((n) => Number(n.phoneNumberId));
    const numbers: { id: number; e164: string; label: string | null }[] = await this.db.query(
      `SELECT id, e164, label FROM phone_numbers WHERE account_id = ? AND id IN (${ids.length ? ids.join(',') : 'NULL'})`, [accountId]);
    return {
      numbers: new Map(numbers.map((n) => [Number(n.id), n.label ? `${n.e164} ${n.label}` : n.e164])),
      extensions: new Map(extensions.map((e) => [Number(e.id), `${e.exten} ${e.name}`])),
    };
  }

  /** Today, and any day of the period with calls changed after the roll-ups' watermark. */
  private async liveDays(scope: HistoryScope, query: StatsQuery, today: string, fromCallsOnly: boolean): Promise<string[]> {
    const last = query.to < today ? query.to : today;
    if (query.from > last) return [];
    const watermark = fromCallsOnly ? undefined : await rolledUpTo(this.db);
    if (!watermark) return daysBetween(query.from, last);
    const period = { accountId: scope.accountId, since: startOfLocalDay(query.from, scope.timeZone), until: startOfLocalDay(nextDay(last), scope.timeZone) };
    const dirty = (await daysChangedBetween(this.db, watermark, undefined, period)).get(scope.accountId)?.days ?? new Set<string>();
    dirty.add(today);
    return [...dirty].filter((day) => day >= query.from && day <= last).sort();
  }

  private rollUpWhere(scope: HistoryScope, query: StatsQuery, live: string[]): { sql: string; params: unknown[] } {
    const sql = ['account_id = ?', 'day BETWEEN ? AND ?'];
    const params: unknown[] = [scope.accountId, query.from, query.to];
    if (live.length) (sql.push('day NOT IN (?)'), params.push(live));
    if (scope.extensionIds !== 'all') sql.push(`extension_id IN (${scope.extensionIds.length ? scope.extensionIds.map(Number).join(',') : 'NULL'})`);
    if (query.extensionId !== undefined) (sql.push('extension_id = ?'), params.push(query.extensionId));
    if (query.direction) (sql.push('direction = ?'), params.push(query.direction));
    return { sql: sql.join(' AND '), params };
  }
}

interface Breakdowns {
  day: Map<string, Measures>;
  hour: Map<number, Measures>;
  number: Map<number, Measures>;
  extension: Map<number, Measures>;
}

const fold = <K>(map: Map<K, Measures>, key: K, m: Measures) => map.set(key, addMeasures(map.get(key) ?? emptyMeasures(), m));

function inScope(scope: HistoryScope, query: StatsQuery, direction: string, extensionId: number): boolean {
  if (scope.extensionIds !== 'all' && !scope.extensionIds.includes(extensionId)) return false;
  if (query.extensionId !== undefined && extensionId !== query.extensionId) return false;
  return !query.direction || direction === query.direction;
}
