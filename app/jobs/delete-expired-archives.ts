import { deleteArchive, expiredArchives } from '../features/lifecycle/expiry';
import type { Job } from './job';

const BATCH = 100;

/** 90 days after an account's archive was made, it is deleted for good. */
export const deleteExpiredArchives: Job = {
  name: 'delete-expired-archives',
  schedule: '40 * * * *',
  async run(deps) {
    let deleted = 0;
    for (;;) {
      const batch = await expiredArchives(deps, deps.clock.now(), BATCH);
      for (const archive of batch) {
        await deleteArchive(deps, archive);
        deleted++;
      }
      if (batch.length < BATCH) return deleted;
    }
  },
};
