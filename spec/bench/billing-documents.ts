/**
 * The monthly documents run at scale: 10,000 accounts whose month holds ledger charges equivalent to
 * 2,000,000 rated calls (one charge entry per call, plus a subscription fee each), in the database
 * DATABASE_URL (make bench-billing: vpbx_billing_bench). Reports the run's time and peak memory.
 *   tsx spec/bench/billing-documents.ts [--accounts 10000] [--calls 2000000] [--no-render] [--pdf-workers N]
 * PDFs are drawn in os.availableParallelism() threads unless --pdf-workers says otherwise (0 or 1: in-process).
 * Seeding happens once (accounts named «Бенч документов …»); each run first removes that month's documents.
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../../app/config';
import { createDataSource } from '../../app/db/data-source';
import { ensureDatabase, migrateDatabase } from '../../app/db/migrate';
import { DocumentFiles } from '../../app/features/documents/files';
import { loadDocumentFonts } from '../../app/features/documents/fonts';
import { issueMonthlyDocuments } from '../../app/features/documents/monthly-run';
import { periodBounds } from '../../app/features/documents/period';
import { createLogger } from '../../app/logger';
import { randomBin, testSeller } from '../features/billing-documents/requisites';
import { numberArg } from './args';
import { machine, sampleMemory } from './memory';

const PERIOD = '2030-01';
const NAME = 'Бенч документов';

async function seed(url: string, accounts: number, calls: number): Promise<void> {
  const conn = await createConnection({ uri: url });
  const [[{ n }]] = (await conn.query('SELECT COUNT(*) AS n FROM accounts WHERE legal_name LIKE ?', [`${NAME}%`])) as unknown as [{ n: number }[]];
  if (Number(n) === accounts) return void (await conn.end());
  // A seed of another size is replaced whole, so every account has its share of the calls.
  await conn.query('DELETE d FROM issued_documents d JOIN accounts a ON a.id = d.account_id WHERE a.legal_name LIKE ?', [`${NAME}%`]);
  await conn.query('DELETE FROM accounts WHERE legal_name LIKE ?', [`${NAME}%`]);
  const started = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < accounts; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, accounts - i) }, (_, k) => [`${NAME} ${i + k + 1}`, randomBin(), 'г. Алматы, пр. Абая, 1', k % 5 === 0 ? 'prepaid' : 'postpaid', 'active']);
    await conn.query('INSERT INTO accounts (legal_name, bin, address, payment_method, status) VALUES ?', [rows]);
  }
  const [idRows] = (await conn.query('SELECT id FROM accounts WHERE legal_name LIKE ? ORDER BY id', [`${NAME}%`])) as unknown as [{ id: number }[]];
  ids.push(...idRows.map((r) => r.id));
  const { from } = periodBounds(PERIOD);
  const perAccount = Math.ceil(calls / ids.length);
  let inserted = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (!batch.length) return;
    await conn.query('INSERT INTO ledger_entries (account_id, kind, amount_tiyn, occurred_at, reason, source_key, call_id, category) VALUES ?', [batch]);
    batch = [];
  };
  for (const id of ids) {
    batch.push([id, 'charge', -5_000_00, new Date(from.getTime() + 3600_000), 'billing.fees.subscription', `fee:${PERIOD}:${id}`, null, 'subscription']);
    for (let c = 0; c < perAccount && inserted < calls; c++, inserted++) {
      batch.push([id, 'charge', -(1_00 + ((c * 37) % 900)), new Date(from.getTime() + ((c * 13_337_000) % (27 * 86_400_000))), 'billing.calls.outgoing', `call:${id}:${c}`, null, 'calls']);
      if (batch.length >= 5000) await flush();
    }
  }
  await flush();
  await conn.query('UPDATE accounts a JOIN (SELECT account_id, SUM(amount_tiyn) AS s FROM ledger_entries GROUP BY account_id) t ON t.account_id = a.id SET a.balance_tiyn = t.s WHERE a.legal_name LIKE ?', [`${NAME}%`]);
  console.log(`seeded ${ids.length} accounts and ${inserted} call charges in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await conn.end();
}

async function main(): Promise<void> {
  const config = loadConfig();
  const accounts = numberArg('accounts', 10_000);
  const calls = numberArg('calls', 2_000_000);
  const render = !process.argv.includes('--no-render');
  const pdfWorkers = numberArg('pdf-workers', availableParallelism());
  await ensureDatabase(config.databaseUrl);
  await migrateDatabase(config.databaseUrl);
  await seed(config.databaseUrl, accounts, calls);

  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  await db.query('DELETE FROM issued_documents WHERE period = ?', [PERIOD]);
  await db.query('DELETE FROM document_counters WHERE year = ?', [Number(PERIOD.slice(0, 4))]);
  const storageDir = await mkdtemp(path.join(tmpdir(), 'vpbx-bench-documents-'));
  const fonts = loadDocumentFonts();
  const files = render ? new DocumentFiles(storageDir, () => fonts) : ({ ensure: async () => false } as unknown as DocumentFiles);
  const memory = sampleMemory();
  const started = Date.now();
  const summary = await issueMonthlyDocuments(
    { db, config: { ...config, billing: { ...config.billing, seller: testSeller } }, logger: createLogger('warn'), files, now: () => new Date() },
    PERIOD,
    { pdfWorkers },
  );
  const seconds = (Date.now() - started) / 1000;
  const peaks = memory.stop();
  console.log(JSON.stringify({
    machine: machine(),
    load: loadavg().map((l) => Number(l.toFixed(2))),
    accounts, calls, render, pdfWorkers,
    issued: summary.issued, rendered: summary.rendered, accountsBilled: summary.accountsBilled,
    seconds: Number(seconds.toFixed(1)), documentsPerSecond: Number((summary.issued / seconds).toFixed(0)),
    ...peaks,
  }, null, 2));
  await rm(storageDir, { recursive: true, force: true });
  await db.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
