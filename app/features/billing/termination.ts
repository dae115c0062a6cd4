import type { DataSource } from 'typeorm';
import { audit } from '../audit/service';

/**
 * Switches the service off for good (a support action after the termination mark): status 'terminated' and the
 * day the service ended, from which the 90-day archive and deletion count. False when it was already off.
 */
export async function switchOffService(db: DataSource, accountId: number, actor: { userId: number | null; ip?: string | null }, at: Date): Promise<boolean> {
  return db.transaction(async (em) => {
    const result: { affectedRows: number } = await em.query(
      "UPDATE accounts SET status = 'terminated', service_ended_at = ? WHERE id = ? AND status <> 'terminated'",
      [at, accountId],
    );
    if (result.affectedRows === 0) return false;
    await audit(em, at, { action: 'billing.service_switched_off', accountId, actorUserId: actor.userId, ip: actor.ip ?? null });
    return true;
  });
}
