/**
 * make bench-billing: the month-end work at scale, in two steps run one after the other in their
 * own processes (so each reports its own peak memory): rating 2,000,000 calls of 10,000 accounts
 * (billing-rating.ts), then issuing the month's documents for them (billing-documents.ts).
 *   tsx spec/bench/billing.ts [--accounts 10000] [--calls 2000000] [--no-render] [--pdf-workers N]
 * Arguments go to both steps; each ignores what is not its own.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
for (const step of ['billing-rating.ts', 'billing-documents.ts']) {
  console.log(`\n== ${step}`);
  const result = spawnSync(tsx, [path.join(__dirname, step), ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
