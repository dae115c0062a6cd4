import { DataSource, type EntityManager } from 'typeorm';
import { LedgerEntry, type LedgerKind } from './ledger-entities';

/** A DataSource (post opens its own transaction) or a transaction's EntityManager (post joins it). */
export type LedgerTarget = DataSource | EntityManager;

export interface NewLedgerEntry {
  accountId: number;
  kind: LedgerKind;
  /** Integer tiyn: charges <= 0 (a zero charge marks e.g. a call covered by included minutes), payments > 0. */
  amountTiyn: number;
  occurredAt: Date;
  reason: string;
  /** Unique per account: a second post with the same key does nothing. */
  sourceKey: string;
  /** 'calls', 'subscription', 'option:<code>', 'payment', 'correction'. */
  category: string;
  callId?: number | null;
  authorUserId?: number | null;
  /** Defaults to the database's clock; pass deps.clock.now() where tests move time. */
  createdAt?: Date;
}

export interface PostedEntry {
  id: number;
  /** accounts.balance_tiyn right after this entry. */
  balanceTiyn: number;
}

export interface LedgerPeriod {
  /** Inclusive, on occurred_at. */
  from: Date;
  /** Exclusive, on occurred_at. */
  to: Date;
}

/** Writes an entry and moves accounts.balance_tiyn by its amount, in one transaction; false when its source_key exists. */
export async function post(target: LedgerTarget, entry: NewLedgerEntry): Promise<boolean> {
  return (await postEntry(target, entry)) !== null;
}

/** Like post, but returns the new entry's id and the balance after it (null when its source_key exists). */
export async function postEntry(target: LedgerTarget, entry: NewLedgerEntry): Promise<PostedEntry | null> {
  checkAmount(entry);
  if (target instanceof DataSource) return target.transaction((em) => write(em, entry));
  return write(target, entry);
}

export interface BalanceMove {
  before: number;
  after: number;
}

export interface PostedBatch {
  /** The entries written: those whose source_key was new. */
  posted: NewLedgerEntry[];
  /** Balance before and after the batch, per account that got an entry. */
  balances: Map<number, BalanceMove>;
}

/**
 * Writes many entries in one transaction (bulk: for rating): locks the accounts' rows in id order,
 * skips entries whose source_key exists, inserts the rest and moves each balance once.
 */
export async function postMany(target: LedgerTarget, list: NewLedgerEntry[]): Promise<PostedBatch> {
  list.forEach(checkAmount);
  if (target instanceof DataSource) return target.transaction((em) => writeMany(em, list));
  return writeMany(target, list);
}

/** The account's balance as the sum of its entries (the truth the balance_tiyn cache must equal). */
export async function balance(target: LedgerTarget, accountId: number): Promise<number> {
  const [row]: { total: string | number | null }[] = await target.query(
    'SELECT SUM(amount_tiyn) AS total FROM ledger_entries WHERE account_id = ?',
    [accountId],
  );
  return Number(row?.total ?? 0);
}

/** The account's entries with occurred_at in [from, to), oldest first. */
export function entries(target: LedgerTarget, accountId: number, period: LedgerPeriod): Promise<LedgerEntry[]> {
  return target
    .getRepository(LedgerEntry)
    .createQueryBuilder('e')
    .where('e.accountId = :accountId AND e.occurredAt >= :from AND e.occurredAt < :to', { accountId, ...period })
    .orderBy('e.occurredAt', 'ASC')
    .addOrderBy('e.id', 'ASC')
    .getMany();
}

/** True when an entry with this source_key exists for the account. */
export async function hasEntry(target: LedgerTarget, accountId: number, sourceKey: string): Promise<boolean> {
  const rows: unknown[] = await target.query('SELECT 1 FROM ledger_entries WHERE account_id = ? AND source_key = ? LIMIT 1', [accountId, sourceKey]);
  return rows.length > 0;
}

async function write(em: EntityManager, entry: NewLedgerEntry): Promise<PostedEntry | null> {
  // The account row is locked first, as postMany does: writers of one account queue here instead of
  // deadlocking between the entry's foreign-key check and the balance update.
  const [locked]: { balance_tiyn: string | number }[] = await em.query('SELECT balance_tiyn FROM accounts WHERE id = ? FOR UPDATE', [entry.accountId]);
  if (!locked) throw new Error(`no account ${entry.accountId} for a ledger entry`);
  let inserted: { insertId: number };
  try {
    inserted = await em.query(
      `INSERT INTO ledger_entries
         (account_id, kind, amount_tiyn, occurred_at, reason, author_user_id, source_key, call_id, category, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))`,
      [
        entry.accountId, entry.kind, entry.amountTiyn, entry.occurredAt, entry.reason, entry.authorUserId ?? null,
        entry.sourceKey, entry.callId ?? null, entry.category, entry.createdAt ?? null,
      ],
    );
  } catch (err) {
    // A duplicate key fails only this statement in InnoDB; the surrounding transaction stays usable.
    if (isDuplicateKey(err)) return null;
    throw err;
  }
  await em.query('UPDATE accounts SET balance_tiyn = balance_tiyn + ? WHERE id = ?', [entry.amountTiyn, entry.accountId]);
  return { id: Number(inserted.insertId), balanceTiyn: Number(locked.balance_tiyn) + entry.amountTiyn };
}

async function writeMany(em: EntityManager, list: NewLedgerEntry[]): Promise<PostedBatch> {
  const accountIds = [...new Set(list.map((e) => e.accountId))].sort((a, b) => a - b);
  if (!accountIds.length) return { posted: [], balances: new Map() };
  const locked: { id: number; balance_tiyn: string | number }[] = await em.query(
    'SELECT id, balance_tiyn FROM accounts WHERE id IN (?) ORDER BY id FOR UPDATE', [accountIds]);
  const existing = await existingKeys(em, 'ledger_entries', list);
  const seen = new Set(existing.map((r) => `${r.account_id}\u0000${r.source_key}`));
  const posted = list.filter((e) => {
    const key = `${e.accountId}\u0000${e.sourceKey}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  for (let i = 0; i < posted.length; i += 1000) {
    const chunk = posted.slice(i, i + 1000);
    await em.query(
      `INSERT INTO ledger_entries (account_id, kind, amount_tiyn, occurred_at, reason, author_user_id, source_key, call_id, category, created_at)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))').join(', ')}`,
      chunk.flatMap((e) => [e.accountId, e.kind, e.amountTiyn, e.occurredAt, e.reason, e.authorUserId ?? null, e.sourceKey, e.callId ?? null, e.category, e.createdAt ?? null]),
    );
  }
  const delta = new Map<number, number>();
  for (const e of posted) delta.set(e.accountId, (delta.get(e.accountId) ?? 0) + e.amountTiyn);
  const moved = [...delta.entries()].filter(([, d]) => d !== 0);
  if (moved.length) {
    await em.query(
      `UPDATE accounts SET balance_tiyn = balance_tiyn + CASE id ${moved.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (?)`,
      [...moved.flat(), moved.map(([id]) => id)],
    );
  }
  const balances = new Map<number, BalanceMove>();
  for (const a of locked) {
    if (!delta.has(a.id)) continue;
    const before = Number(a.balance_tiyn);
    balances.set(a.id, { before, after: before + delta.get(a.id)! });
  }
  return { posted, balances };
}

/** Which (account, source key) pairs a table already holds; a row-constructor IN is one index lookup per pair. */
export async function existingKeys(em: EntityManager, table: 'ledger_entries' | 'call_ratings', keys: { accountId: number; sourceKey: string }[]) {
  const found: { account_id: number; source_key: string }[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    found.push(...(await em.query(
      `SELECT account_id, source_key FROM ${table} WHERE (account_id, source_key) IN (${chunk.map(() => '(?, ?)').join(', ')})`,
      chunk.flatMap((k) => [k.accountId, k.sourceKey]),
    )));
  }
  return found;
}

function checkAmount(entry: NewLedgerEntry): void {
  if (!Number.isSafeInteger(entry.amountTiyn)) throw new Error(`ledger amount must be integer tiyn, got ${entry.amountTiyn}`);
  if (entry.kind === 'charge' && entry.amountTiyn > 0) throw new Error('a charge must not be positive');
  if (entry.kind === 'payment' && entry.amountTiyn <= 0) throw new Error('a payment must be positive');
}

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e.code === 'ER_DUP_ENTRY' || e.driverError?.code === 'ER_DUP_ENTRY';
}
