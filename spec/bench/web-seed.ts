import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { Account } from '../../app/features/accounts/entities';
import { User } from '../../app/features/users/entities';
import { addMember, buildAccount, buildUser } from '../support/factories';
import { buildExtension, buildNumber } from '../support/telephony-factories';

export const BENCH_LOGIN = 'benchweb';
const LEGAL_NAME = 'ТОО «Бенчмарк статистики»';
const BATCH = 5000;
const DAY_MS = 86_400_000;

export interface Seeded { accountId: number; extensionIds: number[]; calls: number }

/** The account seeded by an earlier run, if it holds all its calls. */
export async function findSeeded(db: DataSource, calls: number): Promise<Seeded | undefined> {
  const account = await db.getRepository(Account).findOneBy({ legalName: LEGAL_NAME });
  if (!account) return undefined;
  const [row]: { n: string }[] = await db.query('SELECT COUNT(*) AS n FROM calls WHERE account_id = ?', [account.id]);
  if (Number(row.n) < calls) return undefined;
  const extensions: { id: number }[] = await db.query('SELECT id FROM extensions WHERE account_id = ? ORDER BY exten', [account.id]);
  return { accountId: account.id, extensionIds: extensions.map((e) => Number(e.id)), calls: Number(row.n) };
}

/** A deterministic pseudo-random source: the same seed gives the same history. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    // mulberry32: 32-bit integer steps only (a float LCG loses bits past 2^53 and repeats early)
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const sqlTime = (ms: number) => `'${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}'`;

/**
 * One account, 5 numbers, 20 extensions and `calls` call records spread over the last year (office
 * hours weighted), with the legs the engine writes, inserted as multi-row INSERTs on one connection.
 */
export async function seed(db: DataSource, url: string, calls: number, now: number, log: (line: string) => void): Promise<Seeded> {
  const account = await buildAccount(db, { legalName: LEGAL_NAME, status: 'active' });
  const owner = (await db.getRepository(User).findOneBy({ login: BENCH_LOGIN })) ?? (await buildUser(db, { login: BENCH_LOGIN }));
  await addMember(db, account, owner, 'owner');
  const numbers = await Promise.all(Array.from({ length: 5 }, () => buildNumber(db, account)));
  const extensions = [];
  for (let i = 0; i < 20; i++) extensions.push(await buildExtension(db, account, String(101 + i)));
  const conn = await createConnection({ uri: url, timezone: 'Z' });
  try {
    await conn.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    const [[{ next }]] = (await conn.query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM calls')) as unknown as [{ next: number }[]];
    const shape = { accountId: account.id, numbers: numbers.map((n) => n.id), extensions: extensions.map((e) => e.id), rnd: random(42) };
    const started = Date.now();
    const today = now - (now % DAY_MS);
    let id = Number(next);
    let pending: number[] = [];
    // Day by day, oldest first, each day's calls in time order: ids follow start times as in production.
    for (let d = 0; d < 365; d++) {
      const dayStart = today - (364 - d) * DAY_MS;
      const count = Math.floor(((d + 1) * calls) / 365) - Math.floor((d * calls) / 365);
      const latest = Math.min(dayStart + DAY_MS, now - 600_000);
      const times = Array.from({ length: count }, () => {
        // Office hours are busy: two calls in three between 09:00 and 18:00 Almaty time (UTC+5).
        const at = dayStart + Math.floor((shape.rnd() < 0.67 ? 4 + shape.rnd() * 9 : shape.rnd() * 24) * 3600_000);
        return at < latest ? at : dayStart + Math.floor(shape.rnd() * (latest - dayStart));
      });
      pending.push(...times.sort((a, b) => a - b));
      while (pending.length >= BATCH || (d === 364 && pending.length)) {
        const batch = pending.slice(0, BATCH);
        pending = pending.slice(BATCH);
        await insertBatch(conn, id, batch, shape);
        id += batch.length;
        if ((id - Number(next)) % (BATCH * 40) < BATCH) log(`  seeded ${id - Number(next)} calls (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    }
  } finally {
    await conn.end();
  }
  return { accountId: account.id, extensionIds: extensions.map((e) => e.id), calls };
}

interface Shape { accountId: number; numbers: number[]; extensions: number[]; rnd: () => number }

async function insertBatch(conn: Connection, firstId: number, starts: number[], s: Shape): Promise<void> {
  const calls: string[] = [];
  const legs: string[] = [];
  const pick = <T>(list: T[]) => list[Math.floor(s.rnd() * list.length)];
  for (let k = 0; k < starts.length; k++) {
    const id = firstId + k;
    const start = starts[k];
    const f = s.rnd();
    const fate = f < 0.6 ? 'answered' : f < 0.78 ? 'missed' : f < 0.92 ? 'lost' : 'refused';
    const d = s.rnd();
    const direction = d < 0.7 ? 'inbound' : d < 0.95 ? 'outbound' : 'internal';
    const wait = 3000 + Math.floor(s.rnd() * 40_000);
    const talk = fate === 'answered' ? Math.floor(s.rnd() * 400) : 0;
    const end = start + (fate === 'answered' ? wait + talk * 1000 : 20_000);
    const disposition = { answered: 'answered', missed: pick(['no_answer', 'answered', 'busy', 'voicemail']), lost: pick(['answered', 'abandoned']), refused: 'blocked' }[fate];
    const extension = fate === 'answered' || direction !== 'inbound' ? pick(s.extensions) : 'NULL';
    const number = direction === 'internal' ? 'NULL' : pick(s.numbers);
    calls.push(`(${id},${s.accountId},'${direction}','+77015550000','+77272000000',${number},${extension},'bench-web','bw-${id}','ended',${sqlTime(start)},${fate === 'refused' ? 'NULL' : sqlTime(start + 1000)},${sqlTime(end)},'${disposition}',${Math.ceil((end - start) / 1000)},${talk})`);
    legs.push(`(${id},'in-${id}','caller',${sqlTime(start)},${fate === 'refused' ? 'NULL' : sqlTime(start + 1000)})`);
    if (fate === 'answered' || fate === 'missed') legs.push(`(${id},'out-${id}','callee',${sqlTime(start + 2000)},${fate === 'answered' ? sqlTime(start + wait) : 'NULL'})`);
  }
  await conn.query(`INSERT INTO calls (id, account_id, direction, from_number, to_number, phone_number_id, extension_id, node, channel_id, state, started_at, answered_at, ended_at, disposition, duration_seconds, billable_seconds) VALUES ${calls.join(',')}`);
  await conn.query(`INSERT INTO call_legs (call_id, channel_id, role, started_at, answered_at) VALUES ${legs.join(',')}`);
}
