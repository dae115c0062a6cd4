import { DocumentFiles } from '../features/documents/files';
import { issueMonthlyDocuments } from '../features/documents/monthly-run';
import { previousPeriod } from '../features/documents/period';
import type { Job } from './job';

/** On the 1st at 00:05 in Almaty: the previous month's invoices, acts and VAT invoices for every account. */
export const issueMonthlyDocumentsJob: Job = {
  name: 'issue-monthly-documents',
  schedule: '5 0 1 * *',
  async run({ db, config, logger, clock }) {
    const files = new DocumentFiles(config.media.storageDir);
    const period = previousPeriod(clock.now());
    const summary = await issueMonthlyDocuments({ db, config, logger, files, now: () => clock.now() }, period);
    return summary.issued;
  },
};
