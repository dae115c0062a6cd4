import { loadConfig } from '../../app/config';
import { migrateDatabase, recreateDatabase } from '../../app/db/migrate';

/** Once per run: a fresh test database, dropped and migrated. */
export async function mochaGlobalSetup(): Promise<void> {
  const { databaseUrl } = loadConfig();
  if (!/_test$/.test(new URL(databaseUrl).pathname)) {
    throw new Error(`tests drop their database: DATABASE_URL must name a database ending in _test (got ${databaseUrl})`);
  }
  await recreateDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
}
