/**
 * Rating at scale: 2,000,000 finished outbound call records of 10,000 accounts (plans start/business/
 * corporate in turn, every fifth account prepaid) rated by the rate-calls job's code in the database
 * DATABASE_URL (make bench-billing: vpbx_billing_bench). Reports the run's time and peak memory.
 *   tsx spec/bench/billing-rating.ts [--accounts 10000] [--calls 2000000] [--batch 5000]
 * Seeding happens once (accounts named «Бенч тарификации …»); each run first removes the earlier run's ratings.
 */
import { createConnection, type Connection } from 'mysql2/promise';
import { loadConfig } from '../../app/config';
import { createDataSource } from '../../app/db/data-source';
import { ensureDatabase, migrateDatabase } from '../../app/db/migrate';
import { RATING_BATCH_SIZE, rateFinishedCalls } from '../../app/features/billing/rate-calls';
import { createMailer } from '../../app/features/mail/mailer';
import { createLogger } from '../../app/logger';
import { numberArg } from './args';
import { machine, sampleMemory } from './memory';

const NAME = 'Бенч тарификации';
const MONTH_START = Date.UTC(2030, 0, 1);
const PLANS = ['start', 'business', 'corporate'];
/** Destinations in a plausible mix: mostly mobile and local, some long distance, a few abroad. */
const DESTINATIONS = ['+7701', '+7701', '+7777', '+7705', '+7727', '+7727', '+7717', '+7721', '+4930', '+7495'];

async function seed(conn: Connection, accounts: number, calls: number): Promise<number[]> {
  const [[{ n, c }]] = (await conn.query(
    'SELECT COUNT(DISTINCT a.id) AS n, (SELECT COUNT(*) FROM calls WHERE node = ?) AS c FROM accounts a WHERE a.legal_name LIKE ?', ['bench-rating', `${NAME}%`],
  )) as unknown as [{ n: number; c: number }[]];
  if (Number(n) !== accounts || Number(c) !== calls) {
    // A seed of another size is replaced whole.
    await conn.query('DELETE FROM calls WHERE node = ?', ['bench-rating']);
    await conn.query('DELETE FROM accounts WHERE legal_name LIKE ?', [`${NAME}%`]);
    const started = Date.now();
    for (let i = 0; i < accounts; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, accounts - i) }, (_, k) => {
        const n = i + k;
        return [`${NAME} ${n + 1}`, n % 5 === 0 ? 'prepaid' : 'postpaid', 'active', PLANS[n % 3], new Date(MONTH_START - 86_400_000)];
      });
      await conn.query('INSERT INTO accounts (legal_name, payment_method, status, tariff_code, created_at) VALUES ?', [rows]);
    }
    const ids = await accountIds(conn);
    let batch: unknown[][] = [];
    for (let k = 0; k < calls; k++) {
      const account = ids[(k * 7919) % ids.length];
      const startedAt = MONTH_START + Math.floor((k / calls) * 27 * 86_400_000);
      const seconds = 1 + ((k * 37) % 600);
      const to = `${DESTINATIONS[k % DESTINATIONS.length]}${String(1_000_000 + ((k * 104_729) % 8_999_999)).padStart(7, '0')}`;
      batch.push([account, 'outbound', '+77272000000', to, to, 'bench-rating', `r-${k}`, 'ended', new Date(startedAt), new Date(startedAt + 5000),
        new Date(startedAt + 5000 + seconds * 1000), 'answered', seconds + 5, seconds]);
      if (batch.length === 5000) {
        await insertCalls(conn, batch);
        batch = [];
      }
    }
    if (batch.length) await insertCalls(conn, batch);
    console.log(`seeded ${accounts} accounts and ${calls} calls in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return accountIds(conn);
}

async function accountIds(conn: Connection): Promise<number[]> {
  const [rows] = (await conn.query('SELECT id FROM accounts WHERE legal_name LIKE ? ORDER BY id', [`${NAME}%`])) as unknown as [{ id: number }[]];
  return rows.map((r) => r.id);
}

function insertCalls(conn: Connection, rows: unknown[][]) {
  return conn.query(
    `INSERT INTO calls (account_id, direction, from_number, to_number, dialled, node, channel_id, state, started_at, answered_at, ended_at, disposition, duration_seconds, billable_seconds) VALUES ?`,
    [rows],
  );
}

/** Forgets the previous run: its ratings, ledger entries, notices, balances and the cursor. */
async function reset(conn: Connection, ids: number[]): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await conn.query('DELETE FROM call_ratings WHERE account_id IN (?)', [chunk]);
    await conn.query('DELETE FROM included_minutes_used WHERE account_id IN (?)', [chunk]);
    await conn.query(`DELETE FROM ledger_entries WHERE account_id IN (?) AND category = 'calls'`, [chunk]);
    await conn.query('DELETE FROM notifications WHERE account_id IN (?)', [chunk]);
    // Prepaid accounts start with 5 000 ₸, so some cross their low-balance threshold during the run.
    await conn.query(`UPDATE accounts SET balance_tiyn = IF(payment_method = 'prepaid', 500000, 0) WHERE id IN (?)`, [chunk]);
  }
  await conn.query(`DELETE FROM billing_cursors WHERE name = 'rate-calls'`);
  console.log(`reset the previous run in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const accounts = numberArg('accounts', 10_000);
  const calls = numberArg('calls', 2_000_000);
  const batchSize = numberArg('batch', RATING_BATCH_SIZE);
  await ensureDatabase(config.databaseUrl);
  await migrateDatabase(config.databaseUrl);
  const conn = await createConnection({ uri: config.databaseUrl });
  const ids = await seed(conn, accounts, calls);
  await reset(conn, ids);

  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  const logger = createLogger('warn');
  const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'bench@example.kz' }, logger);
  const memory = sampleMemory();
  const clock = { now: () => new Date(MONTH_START + 28 * 86_400_000) };
  const started = Date.now();
  const rated = await rateFinishedCalls({ db, clock, mailer, logger }, { batchSize });
  const seconds = (Date.now() - started) / 1000;
  const again = Date.now();
  const second = await rateFinishedCalls({ db, clock, mailer, logger }, { batchSize });
  const secondSeconds = (Date.now() - again) / 1000;
  const peaks = memory.stop();
  const [[check]] = (await conn.query(
    `SELECT (SELECT COUNT(*) FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.legal_name LIKE ? AND l.category = 'calls') AS entries,
            (SELECT COUNT(*) FROM accounts a LEFT JOIN (SELECT account_id, SUM(amount_tiyn) AS s FROM ledger_entries WHERE category = 'calls' GROUP BY account_id) t
               ON t.account_id = a.id WHERE a.legal_name LIKE ? AND a.balance_tiyn <> IF(a.payment_method = 'prepaid', 500000, 0) + COALESCE(t.s, 0)) AS mismatched,
            (SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id WHERE a.legal_name LIKE ?) AS notices`,
    [`${NAME}%`, `${NAME}%`, `${NAME}%`],
  )) as unknown as [{ entries: number; mismatched: number; notices: number }[]];
  console.log(JSON.stringify({
    machine: machine(),
    accounts, calls, batchSize,
    rated, seconds: Number(seconds.toFixed(1)), callsPerSecond: Number((rated / seconds).toFixed(0)),
    secondRun: { rated: second, seconds: Number(secondSeconds.toFixed(1)) },
    ledgerEntries: Number(check.entries), balancesNotEqualToLedger: Number(check.mismatched), lowBalanceNotices: Number(check.notices),
    ...peaks,
  }, null, 2));
  mailer.close();
  await conn.end();
  await db.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
