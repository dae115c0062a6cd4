import type { DataSource } from 'typeorm';

/** One table as it holds an account's rows: directly (account_id) or through a parent that has it. */
export interface AccountTable {
  name: string;
  /** Columns that go into the archive (secrets left out). */
  columns: string[];
  /** FROM … WHERE … selecting the account's rows, with one `?` for the account id; `t` is the table. */
  from: string;
  /** Rows come in this column's order when the table has one (id). */
  pageKey: string | null;
}

/** Our own bookkeeping of the archive and of storage checks: not the customer's data. */
const NOT_CUSTOMER_DATA = new Set(['account_archives', 'storage_alerts', 'migrations', 'sessions', 'throttles']);

/** Never leave the server, not even in the customer's own archive. */
const SECRET_COLUMN = /password|secret|token|md5_cred|api_key/i;

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/**
 * Every table holding the account's rows, found in the schema itself so that tables other features
 * add later are archived too: tables with account_id, tables whose foreign key points at one of
 * those (call legs, ring group members), and the users who are members of the account.
 */
export async function accountTables(db: DataSource): Promise<AccountTable[]> {
  const columns: { table: string; column: string; key: string }[] = await db.query(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, COLUMN_KEY AS \`key\` FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const foreignKeys: { table: string; column: string; parent: string; parentColumn: string }[] = await db.query(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, REFERENCED_TABLE_NAME AS parent, REFERENCED_COLUMN_NAME AS parentColumn
     FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, COLUMN_NAME`,
  );
  const byTable = new Map<string, { column: string; key: string }[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const has = (table: string, column: string) => (byTable.get(table) ?? []).some((c) => c.column === column);
  const tableOf = (name: string, from: string): AccountTable => {
    const cols = byTable.get(name) ?? [];
    const id = cols.find((c) => c.column === 'id' && c.key === 'PRI');
    return { name, columns: cols.map((c) => c.column).filter((c) => !SECRET_COLUMN.test(c)), from, pageKey: id ? 'id' : null };
  };

  const tables: AccountTable[] = [];
  for (const name of byTable.keys()) {
    if (NOT_CUSTOMER_DATA.has(name)) continue;
    if (name === 'accounts') tables.push(tableOf(name, `accounts t WHERE t.id = ?`));
    else if (name === 'users') tables.push(tableOf(name, `users t WHERE t.id IN (SELECT m.user_id FROM memberships m WHERE m.account_id = ?)`));
    else if (has(name, 'account_id')) tables.push(tableOf(name, `${quote(name)} t WHERE t.account_id = ?`));
    else {
      const link = foreignKeys.find((fk) => fk.table === name && has(fk.parent, 'account_id') && !NOT_CUSTOMER_DATA.has(fk.parent));
      if (link) {
        tables.push(tableOf(name, `${quote(name)} t WHERE t.${quote(link.column)} IN (SELECT p.${quote(link.parentColumn)} FROM ${quote(link.parent)} p WHERE p.account_id = ?)`));
      }
    }
  }
  return tables;
}

/**
 * The account's rows of one table as plain objects, streamed from one query (the driver pauses while
 * the zip catches up): no table of any size sits in memory whole, and no page re-sorts it.
 */
export async function* accountRows(db: DataSource, table: AccountTable, accountId: number): AsyncGenerator<Record<string, unknown>> {
  const runner = db.createQueryRunner();
  try {
    const order = table.pageKey ? ` ORDER BY t.${quote(table.pageKey)}` : '';
    const rows = await runner.stream(`SELECT ${table.columns.map((c) => `t.${quote(c)}`).join(', ')} FROM ${table.from}${order}`, [accountId]);
    for await (const row of rows) yield row as Record<string, unknown>;
  } finally {
    await runner.release();
  }
}

/** How many rows of the table are the account's. */
export async function countAccountRows(db: DataSource, table: AccountTable, accountId: number): Promise<number> {
  const [row]: { n: number | string }[] = await db.query(`SELECT COUNT(*) AS n FROM ${table.from}`, [accountId]);
  return Number(row.n);
}
