import { NotificationsService } from '../features/notifications/service';
import { checkAccountStorage } from '../features/storage/alerts';
import type { Job } from './job';

const BATCH = 200;

/** Tells owners when their storage passes 90% or is used up, once per crossing; accounts in batches by id. */
export const checkStorage: Job = {
  name: 'check-storage',
  schedule: '*/10 * * * *',
  async run({ db, mailer, clock, logger }) {
    const notices = new NotificationsService(db, mailer, clock, logger);
    let sent = 0;
    for (let after = 0; ; ) {
      const rows: { id: number }[] = await db.query(
        `SELECT id FROM accounts WHERE id > ? AND status <> 'terminated' ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      for (const { id } of rows) if (await checkAccountStorage(db, notices, Number(id), clock.now())) sent++;
      if (rows.length < BATCH) return sent;
      after = Number(rows[rows.length - 1].id);
    }
  },
};
