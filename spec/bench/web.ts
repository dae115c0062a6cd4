/**
 * make bench-web: the cabinet's heavy pages against an account with a million call records.
 *
 *   node_modules/.bin/tsx spec/bench/web.ts [--calls 1000000] [--seconds 10] [--reseed]
 *
 * Seeds one account (bulk multi-row INSERTs) in DATABASE_URL, which must end in _bench or _test, and
 * reuses it when an earlier run left it complete; rolls the call statistics up; starts the real web
 * app (app/main.ts, role web) in its own process; signs in; then autocannon measures p50/p95 of the
 * statistics page (this month) and of the call history (first page, a filtered page), and the
 * dashboard's requests per second.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { loadConfig } from '../../app/config';
import { createDataSource } from '../../app/db/data-source';
import { migrateDatabase, recreateDatabase } from '../../app/db/migrate';
import { localDay } from '../../app/features/stats/local-time';
import { rollUpChangedDays } from '../../app/features/stats/rollup';
import { TEST_PASSWORD } from '../support/factories';
import { percentile } from './probe';
import { BENCH_LOGIN, findSeeded, seed } from './web-seed';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
};
const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real app, role web only, in a process of its own so the load generator does not share its thread. */
async function startWeb(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    env: { ...process.env, DATABASE_URL: url, ROLES: 'web', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, NODE_ENV: 'test', LOG_LEVEL: 'error', SMTP_URL: 'smtp://127.0.0.1:9' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web app exited with ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/signin`).then((r) => r.ok, () => false)) return child;
    if (Date.now() > deadline) throw new Error('the web app did not start in 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Signs in as a browser would and returns the session cookie. */
async function signIn(base: string): Promise<string> {
  const page = await fetch(`${base}/signin`);
  const jar = new Map(page.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/signin`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ login: BENCH_LOGIN, password: TEST_PASSWORD, _csrf: token }),
  });
  if (res.status !== 302) throw new Error(`sign-in failed with ${res.status}`);
  for (const c of res.headers.getSetCookie()) jar.set(...(c.split(';')[0].split('=') as [string, string]));
  return cookie();
}

interface Measured { name: string; p50: number; p95: number; rps: number; requests: number; failed: number }

function measure(name: string, url: string, cookie: string, connections: number, duration: number): Promise<Measured> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, headers: { cookie } }, (err, result) => {
      if (err) return reject(err);
      resolve({ name, p50: percentile(times, 50), p95: percentile(times, 95), rps: result.requests.total / result.duration, requests: result.requests.total, failed: result.non2xx + result.errors + result.timeouts });
    });
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
}

async function main(): Promise<void> {
  const calls = arg('calls', 1_000_000);
  const duration = arg('seconds', 10);
  const config = loadConfig();
  const url = config.databaseUrl;
  if (!/_(test|bench)$/.test(new URL(url).pathname)) throw new Error(`DATABASE_URL must name a database ending in _bench or _test (got ${url})`);
  const migrating = Date.now();
  const applied = await migrateDatabase(url).catch(async () => (await recreateDatabase(url), migrateDatabase(url)));
  if (applied.length) log(`applied ${applied.join(', ')} in ${seconds(Date.now() - migrating)}`);
  let db = createDataSource(url);
  await db.initialize();
  let seeded = process.argv.includes('--reseed') ? undefined : await findSeeded(db, calls);
  let seedTime = 0;
  if (!seeded) {
    log(`seeding ${calls} calls (a fresh ${new URL(url).pathname.slice(1)})…`);
    await db.destroy();
    await recreateDatabase(url);
    await migrateDatabase(url);
    db = createDataSource(url);
    await db.initialize();
    const started = Date.now();
    seeded = await seed(db, url, calls, Date.now(), log);
    seedTime = Date.now() - started;
  } else log(`reusing the seeded account ${seeded.accountId} (${seeded.calls} calls)`);
  const rollStarted = Date.now();
  // No settling time: nothing else writes to this database while the bench runs.
  const days = await rollUpChangedDays(db, 0);
  const rollTime = Date.now() - rollStarted;
  const today = localDay(new Date(), 'Asia/Almaty');
  const [month]: { n: string }[] = await db.query('SELECT COUNT(*) AS n FROM calls WHERE account_id = ? AND started_at >= ?', [seeded.accountId, new Date(`${today.slice(0, 8)}01T00:00:00+05:00`)]);
  await db.destroy();

  await migrateDatabase(url); // the web app refuses a database with pending migrations (a branch may have added one meanwhile)
  const port = await freePort();
  const web = await startWeb(url, port);
  try {
    const base = `http://127.0.0.1:${port}`;
    const cookie = await signIn(base);
    const a = `${base}/a/${seeded.accountId}`;
    const filtered = `${a}/calls?from=${today.slice(0, 8)}01&direction=inbound&outcome=no_answer&extension=${seeded.extensionIds[3]}`;
    for (const page of [`${a}/stats`, `${a}/calls`, filtered, a]) {
      const res = await fetch(page, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${page} answered ${res.status}`);
    }
    const results = [
      await measure('statistics, this month', `${a}/stats`, cookie, 1, duration),
      await measure('call history, first page', `${a}/calls`, cookie, 1, duration),
      await measure('call history, filtered', filtered, cookie, 1, duration),
      await measure('dashboard (10 connections)', a, cookie, 10, duration),
    ];
    report(results, { calls: seeded.calls, month: Number(month.n), seedTime, rollTime, days });
  } finally {
    web.kill('SIGTERM');
  }
}

function report(results: Measured[], facts: { calls: number; month: number; seedTime: number; rollTime: number; days: number }): void {
  const cpu = cpus();
  log('');
  log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, load ${loadavg().map((l) => l.toFixed(2)).join(' / ')}, node ${process.version}`);
  log(`data: ${facts.calls} calls in the account, ${facts.month} this month; ${facts.seedTime ? `seeded in ${seconds(facts.seedTime)}, ` : ''}roll-up of ${facts.days} days in ${seconds(facts.rollTime)}`);
  log('');
  log(`${'page'.padEnd(30)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(8)} ${'requests'.padStart(9)} ${'failed'.padStart(7)}`);
  for (const r of results) log(`${r.name.padEnd(30)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${r.rps.toFixed(1).padStart(8)} ${String(r.requests).padStart(9)} ${String(r.failed).padStart(7)}`);
  if (results.some((r) => r.failed)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
