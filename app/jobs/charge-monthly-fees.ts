import { chargeMonthlyFees } from '../features/billing/fees';
import type { Job } from './job';

/** Charges each active account's plan and options for the current month, once per month and service. */
export const chargeMonthlyFeesJob: Job = {
  name: 'charge-monthly-fees',
  schedule: '5 * * * *',
  run: (deps) => chargeMonthlyFees(deps),
};
