import type { EntityManager } from 'typeorm';
import { AuditEntry } from './entities';

export interface AuditRecord {
  action: string;
  accountId?: number | null;
  actorUserId?: number | null;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends one row to the audit log, inside the caller's transaction. Rows are never updated. */
export async function audit(em: EntityManager, now: Date, record: AuditRecord): Promise<void> {
  await em.getRepository(AuditEntry).insert({
    action: record.action,
    accountId: record.accountId ?? null,
    actorUserId: record.actorUserId ?? null,
    targetType: record.targetType ?? null,
    targetId: record.targetId === undefined ? null : String(record.targetId),
    details: (record.details ?? null) as never, // TypeORM's deep-partial type cannot express a JSON column
    ip: record.ip ?? null,
    createdAt: now,
  });
}
