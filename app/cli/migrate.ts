/** Runs pending migrations (or `--recreate`: drops and recreates the database first, for tests). */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { migrateDatabase, recreateDatabase } from '../db/migrate';

const { values } = parseArgs({ options: { recreate: { type: 'boolean', default: false } } });

async function main(): Promise<void> {
  const config = loadConfig();
  if (values.recreate) await recreateDatabase(config.databaseUrl);
  const applied = await migrateDatabase(config.databaseUrl);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
