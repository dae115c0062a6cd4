import type { Job } from './job';
import { purgeExpiredSessions } from './purge-expired-sessions';
import { purgeStaleAuthRows } from './purge-stale-auth-rows';
import { checkStorage } from './check-storage';
import { archiveEndedAccounts } from './archive-ended-accounts';
import { deleteExpiredArchives } from './delete-expired-archives';
import { sendVoicemailMail } from './send-voicemail-mail';
import { rollUpCallStats } from './roll-up-call-stats';
import { issueMonthlyDocumentsJob } from './issue-monthly-documents';
import { enforcePaymentTermsJob } from './enforce-payment-terms';
import { rateCalls } from './rate-calls';
import { chargeMonthlyFeesJob } from './charge-monthly-fees';

/** Every scheduled job. */
export const jobs: Job[] = [
  purgeExpiredSessions,
  purgeStaleAuthRows,
  sendVoicemailMail,
  rollUpCallStats,
  issueMonthlyDocumentsJob,
  enforcePaymentTermsJob,
  checkStorage,
  archiveEndedAccounts,
  deleteExpiredArchives,
  rateCalls,
  chargeMonthlyFeesJob,
];
