import type { Job } from './job';
import { purgeExpiredSessions } from './purge-expired-sessions';
import { purgeStaleAuthRows } from './purge-stale-auth-rows';

/** Every scheduled job. */
export const jobs: Job[] = [
  purgeExpiredSessions,
  purgeStaleAuthRows,
];
