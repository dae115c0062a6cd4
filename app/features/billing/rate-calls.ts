import type { Deps } from '../../deps';
import { NotificationsService } from '../notifications/service';
import { nextUnrated, type BillableCursor } from './billable';
import { loadPrefixes } from './destinations';
import { balanceCrossings, noticeLowBalances } from './low-balance';
import { rateItems } from './rating';
import { TariffCatalog } from './tariffs';

const CURSOR = 'rate-calls';
/** Calls per transaction: large enough to amortise the round trips, small enough to hold the accounts' locks under a second. */
export const RATING_BATCH_SIZE = 5000;
/** Records stamped changed_at but committed a little later may land behind the cursor: each run looks back this far. */
const LOOKBACK_MS = 60 * 60_000;

export interface RatingRunOptions {
  batchSize?: number;
  /** Skip notices (the benchmark has no members to tell). */
  notify?: boolean;
}

/** Rates every finished, unrated billable call in batches; returns how many were rated. */
export async function rateFinishedCalls(deps: Pick<Deps, 'db' | 'clock' | 'mailer' | 'logger'>, options: RatingRunOptions = {}): Promise<number> {
  const { db, clock } = deps;
  const batchSize = options.batchSize ?? RATING_BATCH_SIZE;
  const catalog = await TariffCatalog.load(db);
  const prefixes = await loadPrefixes(db);
  const notices = new NotificationsService(db, deps.mailer, clock, deps.logger);
  const [saved]: { position: Date }[] = await db.query('SELECT position FROM billing_cursors WHERE name = ?', [CURSOR]);
  let cursor: BillableCursor = { changedAt: new Date((saved ? new Date(saved.position).getTime() : 0) - LOOKBACK_MS), callId: 0, legId: 0 };
  let rated = 0;
  let unpriced = 0;
  for (;;) {
    const items = await nextUnrated(db, cursor, batchSize);
    if (!items.length) break;
    const batch = await db.transaction((em) => rateItems(em, items, catalog, prefixes, clock.now()));
    rated += batch.ratings.length;
    unpriced += batch.unpriced;
    if (options.notify !== false) await noticeLowBalances(db, notices, catalog, balanceCrossings(batch), clock.now());
    const last = items[items.length - 1];
    cursor = { changedAt: last.changedAt, callId: last.callId, legId: last.legId };
    await db.query('INSERT INTO billing_cursors (name, position) VALUES (?, ?) ON DUPLICATE KEY UPDATE position = GREATEST(position, VALUES(position))', [CURSOR, last.changedAt]);
    if (items.length < batchSize) break;
  }
  if (unpriced) deps.logger.warn({ unpriced }, 'calls of accounts without a plan left unrated');
  return rated;
}
