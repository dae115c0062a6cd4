import { enforcePaymentTerms } from '../features/billing/payment-terms';
import { NotificationsService } from '../features/notifications/service';
import type { Job } from './job';

/** Daily at 06:00 in Almaty: notices, suspensions and termination marks for invoices unpaid past their due date. */
export const enforcePaymentTermsJob: Job = {
  name: 'enforce-payment-terms',
  schedule: '0 6 * * *',
  async run({ db, config, logger, mailer, clock }) {
    const notices = new NotificationsService(db, mailer, clock, logger);
    const summary = await enforcePaymentTerms({ db, config, logger, mailer, notices, now: clock.now() });
    logger.info({ job: 'enforce-payment-terms', ...summary }, 'payment terms enforced');
    return summary.noticed + summary.suspended + summary.markedForTermination;
  },
};
