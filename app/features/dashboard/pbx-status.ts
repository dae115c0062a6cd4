import type { DataSource } from 'typeorm';

/** How long a pbx process's report holds: it reports every 30 s. */
const FRESH_MS = 90_000;

/** Whether some pbx process reports a connected Asterisk node, recently enough to believe it. */
export async function isPbxOnline(db: DataSource, now: Date): Promise<boolean> {
  const rows: { n: number }[] = await db.query("SELECT COUNT(*) AS n FROM pbx_nodes WHERE state = 'up' AND seen_at > ?", [new Date(now.getTime() - FRESH_MS)]);
  return Number(rows[0]?.n ?? 0) > 0;
}
