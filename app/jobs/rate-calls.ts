import { rateFinishedCalls } from '../features/billing/rate-calls';
import type { Job } from './job';

/** Prices finished billable calls against the tariff in force at their start, each once. */
export const rateCalls: Job = {
  name: 'rate-calls',
  schedule: '* * * * *',
  run: (deps) => rateFinishedCalls(deps),
};
