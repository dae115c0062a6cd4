import type { Deps } from '../deps';

/** A scheduled job: safe to run twice, reports how many things it handled. */
export interface Job {
  name: string;
  /** node-cron expression, evaluated in Asia/Almaty. */
  schedule: string;
  run(deps: Deps): Promise<number>;
}
