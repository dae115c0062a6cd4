/**
 * make bench-pbx: N concurrent simulated calls through the real engine (startPbx).
 *
 *   node_modules/.bin/tsx spec/bench/pbx.ts [--calls 500] [--rate 0] [--rounds 3] [--warmup <calls>] [--key-rate <calls>]
 *
 * Against the fake Asterisk (on its own worker thread, so the engine has the main thread and its
 * heap to itself), or, when ARI_URL is set, against a real Asterisk running the project's config,
 * where Local channels into the trunk context play the callers. Each call: greeting, then a menu
 * whose key 1 plays the greeting again; the bench presses 1 on every call, `rounds` times, while
 * all calls are up. DATABASE_URL must name a database ending in _test or _bench: it is recreated.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadConfig, type Config } from '../../app/config';
import { systemClock } from '../../app/clock';
import { createDataSource } from '../../app/db/data-source';
import { migrateDatabase, recreateDatabase } from '../../app/db/migrate';
import type { Deps } from '../../app/deps';
import { createLogger } from '../../app/logger';
import { startPbx, type PbxRole } from '../../app/pbx/role';
import { buildAccountWithOwner } from '../support/factories';
import { buildNumber, buildScenario } from '../support/telephony-factories';
import { asteriskCallers, fakeCallers, type Callers } from './callers';
import { LatencyProbe, percentile } from './probe';

const GREETING = 'hello-world';
const MENU_PROMPT = 'demo-thanks';

interface Options {
  calls: number;
  /** offered calls per second; 0: all at once */
  rate: number;
  rounds: number;
  /** calls of a first, unmeasured pass */
  warmup: number;
  /** key presses per second, spread over the calls up, while measuring the steady state */
  keyRate: number;
}

function options(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
    return value;
  };
  const calls = get('calls', 500);
  return { calls, rate: get('rate', 0), rounds: get('rounds', 3), warmup: get('warmup', calls), keyRate: get('key-rate', calls) || calls };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * CPU time of the engine's thread (the main thread; the fake runs in a worker) from Linux's
 * /proc, in ms: unlike wall time it hardly moves when other processes load the machine.
 */
function engineThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s ticks
  } catch {
    return undefined;
  }
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function prepareDatabase(url: string): Promise<void> {
  if (!/_(test|bench)$/.test(new URL(url).pathname)) throw new Error(`the bench recreates its database: DATABASE_URL must end in _test or _bench (got ${url})`);
  await recreateDatabase(url);
  await migrateDatabase(url);
}

/** An account whose number runs greeting → menu (1: greeting again); returns the number as dialled. */
async function seed(db: DataSource): Promise<string> {
  const { account } = await buildAccountWithOwner(db, { paymentMethod: 'postpaid', status: 'active' });
  const scenario = await buildScenario(db, account, {
    start: 'hello',
    steps: {
      hello: { type: 'greeting', prompt: { sound: GREETING }, next: 'menu' },
      menu: { type: 'menu', prompt: { sound: MENU_PROMPT }, options: { '1': 'hello' }, timeoutSeconds: 60, retries: 5, fallback: 'bye' },
      bye: { type: 'hangup' },
    },
  });
  const number = await buildNumber(db, account, scenario);
  return number.e164.slice(1);
}

/** Resolves once every id has been reported, or rejects after `ms`. */
function allOf(ids: string[], ms: number, what: string): { done: Promise<void>; report(id: string): void } {
  const left = new Set(ids);
  let resolve!: () => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    setTimeout(() => rej(new Error(`${what}: ${left.size} of ${ids.length} calls did not get there in ${ms} ms`)), ms).unref();
  });
  if (left.size === 0) resolve();
  return { done, report: (id) => left.delete(id) && left.size === 0 && resolve() };
}

/** Hands ids to `send` at `rate` per second (all at once when 0), on a schedule that does not drift. */
async function paced(ids: string[], rate: number, send: (batch: string[]) => Promise<void>): Promise<number> {
  const start = performance.now();
  if (rate <= 0) await send(ids);
  let sent = rate <= 0 ? ids.length : 0;
  while (sent < ids.length) {
    const due = Math.min(ids.length, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    if (due > sent) await send(ids.slice(sent, due));
    sent = Math.max(sent, due);
    await new Promise((r) => setTimeout(r, 2));
  }
  return ids.length / Math.max(0.001, (performance.now() - start) / 1000);
}

function engineDeps(config: Config, callers: Callers, calls: number): Deps {
  const pbx = { ...config.pbx, nodes: [{ name: 'bench', url: callers.url }], user: callers.user, password: callers.password, maxSetupsInFlight: Math.max(config.pbx.maxSetupsInFlight, calls) };
  const full: Config = { ...config, pbx };
  const db = createDataSource(full.databaseUrl);
  return { config: full, db, logger: createLogger(process.env.LOG_LEVEL ?? 'error'), clock: systemClock, mailer: { send: async () => undefined, close: () => undefined } };
}

async function waitUp(pbx: PbxRole): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (pbx.nodes[0].node.state !== 'up') {
    if (Date.now() > deadline) throw new Error('the engine did not connect to Asterisk');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until every call record is closed (the engine's teardown writes them last). */
async function allFinished(db: DataSource): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [{ open }] = (await db.query(
      "SELECT (SELECT COUNT(*) FROM calls WHERE state = 'active') + (SELECT COUNT(*) FROM call_legs WHERE ended_at IS NULL) AS open",
    )) as { open: number }[];
    if (Number(open) === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

function latencyLine(label: string, values: number[]): string {
  return `  ${label.padEnd(42)} n=${String(values.length).padStart(5)}  p50 ${ms(percentile(values, 50)).padStart(9)}  p99 ${ms(percentile(values, 99)).padStart(9)}  max ${ms(Math.max(...values))}`;
}

interface Bench {
  opts: Options;
  callers: Callers;
  pbx: PbxRole;
  db: DataSource;
  probe: LatencyProbe;
  /** Where the probe reports a call set up / waiting in the menu. */
  waits: { setUp?: (id: string) => void; idle?: (id: string) => void };
}

interface PassResult {
  /** calls per second actually offered */
  offered: number;
  up: number;
  setupSeconds: number;
  /** engine thread CPU spent from the first offer until every call reached the menu */
  setupCpuMs?: number;
  heap: number;
  rss: number;
}

/** N calls: set up, every call presses 1 `rounds` times while all are up, then all hang up. */
async function pass(b: Bench, ids: string[], rounds: number): Promise<PassResult> {
  const setUp = allOf(ids, 60_000, 'set-up');
  let idle = allOf(ids, 120_000, 'reaching the menu');
  b.waits.setUp = setUp.report;
  b.waits.idle = idle.report;
  b.probe.reset('setup');
  const heapBefore = heapUsed();
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = engineThreadCpuMs();
  const offered = await paced(ids, b.opts.rate, (batch) => b.callers.call(batch));
  await setUp.done;
  await idle.done;
  const cpuAfter = engineThreadCpuMs();
  const setupCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  const result = { offered, up: b.pbx.nodes[0].dispatcher.activeCalls, setupSeconds: (b.probe.lastSetUp - b.probe.firstOffer) / 1000, setupCpuMs, heap: 0, rss: 0 };
  result.heap = heapUsed() - heapBefore;
  result.rss = process.memoryUsage().rss - rssBefore;
  b.probe.phase = 'steady';
  for (let round = 0; round < rounds; round++) {
    idle = allOf(ids, 120_000, `round ${round + 1}`);
    b.waits.idle = idle.report;
    await paced(ids, b.opts.keyRate, (batch) => b.callers.dtmf(batch, '1'));
    await idle.done;
  }
  b.probe.phase = 'teardown';
  await b.callers.hangup(ids);
  await allFinished(b.db);
  return result;
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const config = loadConfig();
  await prepareDatabase(config.databaseUrl);
  // The number is seeded before the callers start: the fake's worker needs it.
  const seedDb = createDataSource(config.databaseUrl);
  await seedDb.initialize();
  const did = await seed(seedDb);
  await seedDb.destroy();
  const real = Boolean(process.env.ARI_URL);
  const callers = real ? await asteriskCallers(config.pbx.nodes[0].url, config.pbx.user, config.pbx.password, did) : await fakeCallers(config.pbx.app, did);
  const deps = engineDeps(config, callers, opts.calls);
  await deps.db.initialize();
  // The bench's database has none of the phones a real Asterisk may have: never let it remove them.
  const pbx = startPbx(deps, undefined, { syncPhones: false });
  await waitUp(pbx);
  const waits: Bench['waits'] = {};
  const probe = new LatencyProbe(pbx.nodes[0].node, `sound:${MENU_PROMPT}`, { onSetUp: (id) => waits.setUp?.(id), onIdle: (id) => waits.idle?.(id) });
  const bench: Bench = { opts, callers, pbx, db: deps.db, probe, waits };
  const ids = (pass: string, n: number) => Array.from({ length: n }, (_, i) => `bench-${process.pid}-${pass}-${i}`);
  // JIT, connection pools and the first-request costs of the libraries settle before measuring.
  if (opts.warmup > 0) await pass(bench, ids('warmup', opts.warmup), 1);
  const result = await pass(bench, ids('run', opts.calls), opts.rounds);
  print({ ...result, opts, callers, refused: pbx.nodes[0].dispatcher.admission.refused, probe });
  probe.stop();
  await pbx.stop();
  await callers.close();
  await deps.db.destroy();
}

function print(r: PassResult & { opts: Options; callers: Callers; refused: number; probe: LatencyProbe }): void {
  const cpu = cpus();
  const rate = r.opts.calls / r.setupSeconds;
  const steady = r.probe.of('steady');
  const lines = [
    `PBX bench: ${r.opts.calls} calls against ${r.callers.label}; engine on one thread (node ${process.version}, ${cpu.length} CPUs: ${cpu[0]?.model ?? '?'}, load average ${loadavg()[0].toFixed(1)})`,
    `calls offered ${r.opts.rate > 0 ? `at ${r.offered.toFixed(0)}/s` : 'all at once'}, after a warm-up pass of ${r.opts.warmup}; ${r.up} up together, ${r.refused} refused by admission control`,
    '',
    `call setups: ${r.opts.calls} in ${r.setupSeconds.toFixed(2)} s = ${rate.toFixed(0)} setups/s (first StasisStart → last caller's first prompt requested)`,
    latencyLine('setup, StasisStart → first prompt requested', r.probe.setupTimes),
    r.setupCpuMs === undefined
      ? 'engine thread CPU per setup: not measurable here (no /proc)'
      : `engine thread CPU per setup: ${(r.setupCpuMs / r.opts.calls).toFixed(2)} ms (${r.setupCpuMs.toFixed(0)} ms for ${r.opts.calls}, to the menu) = at most ${(1000 / (r.setupCpuMs / r.opts.calls)).toFixed(0)} setups/s on one free core`,
    '',
    `delay the engine adds, ARI event (its timestamp) → the engine's next request for that channel (keys pressed at ${r.opts.keyRate}/s):`,
    latencyLine('while setting up: StasisStart', r.probe.of('setup', 'StasisStart')),
    latencyLine('while setting up: PlaybackFinished', r.probe.of('setup', 'PlaybackFinished')),
    latencyLine(`with ${r.up} calls up: ChannelDtmfReceived`, r.probe.of('steady', 'ChannelDtmfReceived')),
    latencyLine(`with ${r.up} calls up: PlaybackFinished`, r.probe.of('steady', 'PlaybackFinished')),
    latencyLine(`with ${r.up} calls up: all`, steady),
    '',
    `memory per active call: heap +${(r.heap / 1024 / 1024).toFixed(1)} MB / ${r.up} calls = ${(r.heap / r.up / 1024).toFixed(1)} KB (rss +${(r.rss / 1024 / 1024).toFixed(1)} MB)`,
    '',
    `aim ≥ 300 setups/s: ${rate >= 300 ? 'met' : 'NOT met'} (${(rate / 300).toFixed(2)}×); aim p99 < 10 ms with ${r.up} up: ${percentile(steady, 99) < 10 ? 'met' : 'NOT met'} (${(percentile(steady, 99) / 10).toFixed(2)}× the limit)`,
  ];
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
