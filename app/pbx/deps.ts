import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { CallRecords } from '../features/calls/records';
import type { Logger } from '../logger';

/** What the engine's flows and steps may use. */
export interface PbxDeps {
  db: DataSource;
  clock: Clock;
  logger: Logger;
  config: Config['pbx'];
  records: CallRecords;
  /** A message was saved in a box: its e-mail may go out now (the send-voicemail-mail job catches what this misses). */
  voicemailSaved?: (messageId: number) => void;
}
