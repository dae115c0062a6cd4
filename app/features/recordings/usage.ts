import type { DataSource, EntityManager } from 'typeorm';

/** Asterisk writes 8 kHz 16-bit mono WAV: a 44-byte header, then 16,000 bytes a second. */
export const WAV_HEADER_BYTES = 44;
export const WAV_BYTES_PER_SECOND = 16_000;

/** A recording's bytes on the node: its size when known, else what its duration takes as Asterisk's WAV. */
export function recordingBytes(row: { sizeBytes: number | null; durationSeconds: number | null }): number {
  if (row.sizeBytes !== null) return Number(row.sizeBytes);
  return WAV_HEADER_BYTES + (row.durationSeconds ?? 0) * WAV_BYTES_PER_SECOND;
}

/** The same rule as recordingBytes, as SQL over a recordings table alias (for sums across many rows). */
export const recordingBytesSql = (alias = 'recordings') =>
  `COALESCE(${alias}.size_bytes, ${WAV_HEADER_BYTES} + COALESCE(${alias}.duration_seconds, 0) * ${WAV_BYTES_PER_SECOND})`;

export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number;
}

/** What an account's files take against its quota: recordings (calls, voicemail, faxes) and the prompts it uploaded or had spoken. */
export async function storageUsage(db: DataSource | EntityManager, accountId: number): Promise<StorageUsage> {
  const [row]: { used: string | number | null; quota: string | number }[] = await db.query(
    `SELECT (SELECT COALESCE(SUM(${recordingBytesSql('r')}), 0) FROM recordings r WHERE r.account_id = a.id)
          + (SELECT COALESCE(SUM(p.size_bytes), 0) FROM prompts p WHERE p.account_id = a.id) AS used,
            a.storage_quota_bytes AS quota
     FROM accounts a WHERE a.id = ?`,
    [accountId],
  );
  return { usedBytes: Number(row?.used ?? 0), quotaBytes: Number(row?.quota ?? 0) };
}
