import type { DataSource } from 'typeorm';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Mailer } from './features/mail/mailer';

/** What the composition root builds once and hands to every role. */
export interface Deps {
  config: Config;
  db: DataSource;
  logger: Logger;
  clock: Clock;
  mailer: Mailer;
}
