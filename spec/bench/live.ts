/**
 * Live monitoring at scale: how long one account's look at its calls in progress takes when the
 * database holds a large history, and how many watched accounts one web process can poll each
 * second (each watched account costs one such query per second, shared by all its pages).
 *   tsx spec/bench/live.ts [--accounts 2000] [--history 1000000] [--active 20] [--rounds 20]
 * DATABASE_URL names the bench database (make bench-live: vpbx_live_bench). Seeding happens once
 * (accounts named «Бенч мониторинга …»); every account has `active` calls in progress with legs.
 */
import { cpus, totalmem } from 'node:os';
import { createConnection, type Connection } from 'mysql2/promise';
import { loadConfig } from '../../app/config';
import { createDataSource } from '../../app/db/data-source';
import { ensureDatabase, migrateDatabase } from '../../app/db/migrate';
import { loadLiveCalls } from '../../app/features/live/service';
import { numberArg } from './args';

const NAME = 'Бенч мониторинга';
const NODE = 'bench-live';

async function seed(conn: Connection, accounts: number, history: number, active: number): Promise<number[]> {
  const [[{ n, c }]] = (await conn.query(
    'SELECT COUNT(*) AS n, (SELECT COUNT(*) FROM calls WHERE node = ?) AS c FROM accounts WHERE legal_name LIKE ?', [NODE, `${NAME}%`],
  )) as unknown as [{ n: number; c: number }[]];
  const want = history + accounts * active;
  if (Number(n) === accounts && Number(c) === want) return ids(conn);
  await conn.query('DELETE FROM calls WHERE node = ?', [NODE]);
  await conn.query('DELETE FROM accounts WHERE legal_name LIKE ?', [`${NAME}%`]);
  const started = Date.now();
  for (let i = 0; i < accounts; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, accounts - i) }, (_, k) => [`${NAME} ${i + k + 1}`, 'postpaid', 'active']);
    await conn.query('INSERT INTO accounts (legal_name, payment_method, status) VALUES ?', [rows]);
  }
  const accountIds = await ids(conn);
  const base = Date.UTC(2026, 0, 1);
  let batch: unknown[][] = [];
  const flush = async () => {
    if (!batch.length) return;
    await conn.query('INSERT INTO calls (account_id, direction, from_number, to_number, node, channel_id, state, started_at, answered_at, ended_at, disposition) VALUES ?', [batch]);
    batch = [];
  };
  for (let k = 0; k < history; k++) {
    const at = new Date(base + k * 15_000);
    batch.push([accountIds[k % accountIds.length], 'inbound', '+77010000000', '+77272000000', NODE, `h-${k}`, 'ended', at, at, new Date(at.getTime() + 60_000), 'answered']);
    if (batch.length === 5000) await flush();
  }
  const now = Date.now();
  for (const id of accountIds) for (let a = 0; a < active; a++) batch.push([id, 'inbound', '+77010000000', '+77272000000', NODE, `a-${id}-${a}`, 'active', new Date(now - a * 1000), null, null, null]);
  await flush();
  // Each call in progress has its caller and one callee leg, every other one answered.
  await conn.query(
    `INSERT INTO call_legs (call_id, channel_id, role, started_at, answered_at)
     SELECT id, channel_id, 'caller', started_at, NULL FROM calls WHERE node = ? AND state = 'active'
     UNION ALL SELECT id, CONCAT(channel_id, '-b'), 'callee', started_at, IF(id % 2 = 0, started_at, NULL) FROM calls WHERE node = ? AND state = 'active'`,
    [NODE, NODE],
  );
  console.log(`seeded ${accounts} accounts, ${history} past calls and ${accounts * active} in progress in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return accountIds;
}

async function ids(conn: Connection): Promise<number[]> {
  const [rows] = (await conn.query('SELECT id FROM accounts WHERE legal_name LIKE ? ORDER BY id', [`${NAME}%`])) as unknown as [{ id: number }[]];
  return rows.map((r) => r.id);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function main(): Promise<void> {
  const config = loadConfig();
  const accounts = numberArg('accounts', 2000);
  const history = numberArg('history', 1_000_000);
  const active = numberArg('active', 20);
  const rounds = numberArg('rounds', 20);
  await ensureDatabase(config.databaseUrl);
  await migrateDatabase(config.databaseUrl);
  const conn = await createConnection({ uri: config.databaseUrl });
  const accountIds = await seed(conn, accounts, history, active);
  const [plan] = (await conn.query("EXPLAIN SELECT id FROM calls c WHERE c.account_id = ? AND c.state = 'active'", [accountIds[0]])) as unknown as [{ key: string; rows: number }[]];

  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  const single: number[] = [];
  for (let r = 0; r < 500; r++) {
    const t = process.hrtime.bigint();
    const rows = await loadLiveCalls(db, accountIds[r % accountIds.length]);
    single.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (rows.length !== active) throw new Error(`expected ${active} calls in progress, got ${rows.length}`);
  }
  single.sort((a, b) => a - b);
  // A round: every account looked at once, ten at a time (the pool's size), as a web process watching all of them would each second.
  const roundMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (next < accountIds.length) await loadLiveCalls(db, accountIds[next++]);
    }));
    roundMs.push(Date.now() - t);
  }
  roundMs.sort((a, b) => a - b);
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(JSON.stringify({
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${mb(totalmem())} RAM, node ${process.version}`,
    seed: { accounts, pastCalls: history, inProgressPerAccount: active },
    plan: { index: plan[0]?.key, rowsEstimate: plan[0]?.rows },
    oneAccountMs: { p50: +percentile(single, 0.5).toFixed(2), p99: +percentile(single, 0.99).toFixed(2) },
    roundOfAllAccountsMs: { p50: percentile(roundMs, 0.5), max: roundMs[roundMs.length - 1] },
    accountsWatchablePerSecond: Math.floor((accounts * 1000) / percentile(roundMs, 0.5)),
  }, null, 2));
  await db.destroy();
  await conn.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
