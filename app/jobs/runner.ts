import cron, { type ScheduledTask } from 'node-cron';
import { createConnection, type Connection } from 'mysql2/promise';
import type { Deps } from '../deps';
import type { Job } from './job';

const STANDBY_RETRY_MS = 30_000;

export interface JobsRunner {
  stop(): Promise<void>;
}

/** Runs one job and logs its count; a failure is logged, never thrown into the scheduler. */
export async function runJob(job: Job, deps: Deps): Promise<number | undefined> {
  const started = Date.now();
  try {
    const count = await job.run(deps);
    deps.logger.info({ job: job.name, count, ms: Date.now() - started }, 'job finished');
    return count;
  } catch (err) {
    deps.logger.error({ job: job.name, err }, 'job failed');
    return undefined;
  }
}

/**
 * Schedules the jobs in the one process holding a MariaDB named lock; the others wait as standbys
 * and take over when the holder's connection goes away.
 */
export function startJobsRunner(deps: Deps, jobs: Job[]): JobsRunner {
  let lockConnection: Connection | undefined;
  let tasks: ScheduledTask[] = [];
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  // Named locks are server-wide: the database's name keeps two databases on one server apart.
  const lockName = `vpbx:jobs-runner:${new URL(deps.config.databaseUrl).pathname.slice(1)}`;

  async function tryToLead(): Promise<void> {
    if (stopped) return;
    try {
      lockConnection ??= await createConnection({ uri: deps.config.databaseUrl });
      const [rows] = await lockConnection.query('SELECT GET_LOCK(?, 0) AS got', [lockName]);
      if ((rows as { got: number }[])[0]?.got === 1) {
        tasks = jobs.map((job) => cron.schedule(job.schedule, () => void runJob(job, deps), { timezone: 'Asia/Almaty', name: job.name }));
        deps.logger.info({ jobs: jobs.map((j) => j.name) }, 'jobs runner active');
        lockConnection.on('error', () => void demote());
        return;
      }
    } catch (err) {
      deps.logger.warn({ err }, 'jobs runner could not take the lock');
      lockConnection = undefined;
    }
    retry = setTimeout(() => void tryToLead(), STANDBY_RETRY_MS);
  }

  async function demote(): Promise<void> {
    for (const task of tasks) await task.stop();
    tasks = [];
    lockConnection = undefined;
    deps.logger.warn('jobs runner lost its lock; standing by');
    retry = setTimeout(() => void tryToLead(), STANDBY_RETRY_MS);
  }

  void tryToLead();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      for (const task of tasks) await task.stop();
      await lockConnection?.end().catch(() => undefined);
    },
  };
}
