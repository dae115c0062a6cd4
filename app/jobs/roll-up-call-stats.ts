import type { Job } from './job';
import { rollUpChangedDays } from '../features/stats/rollup';

/** A call changed a moment ago may belong to a write not committed yet: the watermark stays this far behind. */
const SETTLE_MS = 60_000;

/**
 * Recomputes whole local days of the call-statistics roll-ups for the days of calls changed since
 * the last run, then moves the watermark. Safe to run twice: a day is recomputed, never added to.
 */
export const rollUpCallStats: Job = {
  name: 'roll-up-call-stats',
  schedule: '*/5 * * * *',
  run: ({ db }) => rollUpChangedDays(db, SETTLE_MS),
};
