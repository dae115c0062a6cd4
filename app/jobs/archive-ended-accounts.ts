import { packArchive } from '../features/lifecycle/archives';
import { accountsDueForArchive } from '../features/lifecycle/due';
import { purgeLiveData } from '../features/lifecycle/purge';
import type { Job } from './job';

const BATCH = 20;

/**
 * The day after an account's service ended: its data into a zip, then its live data removed. An
 * account whose archive fails (a node down) is logged and tried again on the next run; the others go on.
 */
export const archiveEndedAccounts: Job = {
  name: 'archive-ended-accounts',
  schedule: '20 * * * *',
  async run(deps) {
    let done = 0;
    for (let after = 0; ; ) {
      const due = await accountsDueForArchive(deps.db, deps.clock.now(), after, BATCH);
      for (const { accountId, serviceEndedAt } of due) {
        try {
          const archive = await packArchive(deps, accountId, serviceEndedAt);
          if (!archive.purgedAt) await purgeLiveData(deps, archive);
          done++;
        } catch (err) {
          deps.logger.error({ err, accountId }, 'account archive failed; retried on the next run');
        }
      }
      if (due.length < BATCH) return done;
      after = due[due.length - 1].accountId;
    }
  },
};
