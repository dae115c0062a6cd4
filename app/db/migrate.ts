import { createConnection } from 'mysql2/promise';
import { createDataSource } from './data-source';

/** Applies pending migrations, each in its own transaction; returns their names. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const db = createDataSource(url);
  await db.initialize();
  try {
    const applied = await db.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await db.destroy();
  }
}

/** Drops and creates the URL's database: for the test suite only. */
export async function recreateDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to recreate database named "${name}"`);
  parsed.pathname = '/';
  const conn = await createConnection({ uri: parsed.toString() });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}
