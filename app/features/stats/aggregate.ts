import { localHourStarts } from './local-time';

/** The measures every statistics row carries, whatever it is grouped by. */
export interface Measures {
  calls: number;
  answered: number;
  missed: number;
  lostInMenu: number;
  waitMs: number;
  talkSeconds: number;
}

export const MEASURE_COLUMNS = ['calls', 'answered', 'missed', 'lost_in_menu', 'wait_ms', 'talk_seconds'] as const;

/**
 * Each ended call of one local day, classified. `calls.answered_at` is stamped when anyone answers
 * the caller, the scenario's greeting included, so "reached someone" is read from the legs: a callee
 * (or transfer target) leg that answered. A call that rang someone and was not answered is missed;
 * an inbound call that ended in the scenario before ringing anyone (menu, greeting) is lost in the
 * menu; refused, blocked and failed calls count only in the total.
 */
function classifiedDay(accountId: number, day: string, timeZone: string): { sql: string; params: unknown[] } {
  const bounds = localHourStarts(day, timeZone);
  const hourOf = bounds.slice(1, 24).map(() => '(c.started_at >= ?)').join(' + ');
  return {
    sql: `SELECT c.direction, COALESCE(c.phone_number_id, 0) AS phone_number_id, COALESCE(c.extension_id, 0) AS extension_id,
        ${hourOf} AS hour, c.started_at, c.billable_seconds, COALESCE(c.disposition, '') AS disposition,
        MIN(l.answered_at) AS reached_at, COALESCE(MAX(l.role = 'callee'), 0) AS rang
      FROM calls c LEFT JOIN call_legs l ON l.call_id = c.id AND l.role IN ('callee', 'transfer')
      WHERE c.account_id = ? AND c.started_at >= ? AND c.started_at < ? AND c.state = 'ended' GROUP BY c.id`,
    params: [...bounds.slice(1, 24), accountId, bounds[0], bounds[24]],
  };
}

const MEASURES_SQL = `COUNT(*) AS calls,
  SUM(k.reached_at IS NOT NULL) AS answered,
  SUM(k.reached_at IS NULL AND (k.rang OR k.disposition IN ('no_answer', 'busy', 'voicemail'))) AS missed,
  SUM(k.reached_at IS NULL AND NOT k.rang AND k.direction = 'inbound' AND k.disposition IN ('', 'answered', 'abandoned')) AS lost_in_menu,
  COALESCE(SUM(IF(k.reached_at IS NULL, 0, GREATEST(0, TIMESTAMPDIFF(MICROSECOND, k.started_at, k.reached_at) DIV 1000))), 0) AS wait_ms,
  COALESCE(SUM(IF(k.reached_at IS NULL, 0, COALESCE(k.billable_seconds, 0))), 0) AS talk_seconds`;

/** SELECT of one local day's daily-grain rows, straight from the calls (columns in roll-up order). */
export function dailyFromCalls(accountId: number, day: string, timeZone: string): { sql: string; params: unknown[] } {
  const inner = classifiedDay(accountId, day, timeZone);
  return {
    sql: `SELECT ? AS account_id, ? AS day, k.direction, k.phone_number_id, k.extension_id, ${MEASURES_SQL}
      FROM (${inner.sql}) k GROUP BY k.direction, k.phone_number_id, k.extension_id`,
    params: [accountId, day, ...inner.params],
  };
}

/** SELECT of one local day's hourly-grain rows, straight from the calls (columns in roll-up order). */
export function hourlyFromCalls(accountId: number, day: string, timeZone: string): { sql: string; params: unknown[] } {
  const inner = classifiedDay(accountId, day, timeZone);
  return {
    sql: `SELECT ? AS account_id, ? AS day, k.hour, k.direction, k.extension_id, ${MEASURES_SQL}
      FROM (${inner.sql}) k GROUP BY k.hour, k.direction, k.extension_id`,
    params: [accountId, day, ...inner.params],
  };
}

/** One local day at the finest grain (hour × direction × number × extension): what a report folds every way at once. */
export function detailFromCalls(accountId: number, day: string, timeZone: string): { sql: string; params: unknown[] } {
  const inner = classifiedDay(accountId, day, timeZone);
  return {
    sql: `SELECT k.hour, k.direction, k.phone_number_id, k.extension_id, ${MEASURES_SQL}
      FROM (${inner.sql}) k GROUP BY k.hour, k.direction, k.phone_number_id, k.extension_id`,
    params: inner.params,
  };
}

/** Database numbers (DECIMAL sums arrive as strings) into Measures. */
export function measuresOf(row: Record<string, unknown>): Measures {
  return {
    calls: Number(row.calls),
    answered: Number(row.answered),
    missed: Number(row.missed),
    lostInMenu: Number(row.lost_in_menu),
    waitMs: Number(row.wait_ms),
    talkSeconds: Number(row.talk_seconds),
  };
}

export const emptyMeasures = (): Measures => ({ calls: 0, answered: 0, missed: 0, lostInMenu: 0, waitMs: 0, talkSeconds: 0 });

/** Adds `more` into `into`. */
export function addMeasures(into: Measures, more: Measures): Measures {
  into.calls += more.calls;
  into.answered += more.answered;
  into.missed += more.missed;
  into.lostInMenu += more.lostInMenu;
  into.waitMs += more.waitMs;
  into.talkSeconds += more.talkSeconds;
  return into;
}
