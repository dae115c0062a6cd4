import { createConnection, type Connection } from 'mysql2/promise';
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
  await onServerOf(url, async (conn, name) => {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` ${CHARSET}`);
  });
}

/** Creates the URL's database unless it exists; never drops one (benchmarks keep their seeded data). */
export async function ensureDatabase(url: string): Promise<void> {
  await onServerOf(url, (conn, name) => conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` ${CHARSET}`));
}

const CHARSET = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

/** A connection to the URL's server (no database selected) and the database's checked name. */
async function onServerOf(url: string, work: (conn: Connection, name: string) => Promise<unknown>): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to touch a database named "${name}"`);
  parsed.pathname = '/';
  const conn = await createConnection({ uri: parsed.toString() });
  try {
    await work(conn, name);
  } finally {
    await conn.end();
  }
}
