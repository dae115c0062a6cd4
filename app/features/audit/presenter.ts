import type { AuditEntry } from './entities';

export function presentAuditEntry(e: AuditEntry) {
  return {
    id: e.id,
    at: e.createdAt,
    action: e.action,
    actorUserId: e.actorUserId,
    target: e.targetType ? `${e.targetType} #${e.targetId}` : '',
    details: e.details ? JSON.stringify(e.details) : '',
    ip: e.ip ?? '',
  };
}
