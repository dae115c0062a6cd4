import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import { notFound } from '../../errors';
import { audit } from '../audit/service';
import { Call } from '../calls/entities';
import type { AriRest } from './ari-rest';

export interface Actor {
  userId: number;
  ip: string | null;
}

/**
 * An admin ends a call in progress: its first channel (the caller) is hung up on the node that
 * carries it, and the engine, seeing its caller gone, tears the rest of the call down as for any
 * hang-up. A call already over (in our records, or gone from Asterisk: 404) is not an error.
 */
export async function endCall(deps: { db: DataSource; clock: Clock; ari: AriRest }, accountId: number, callId: number, actor: Actor): Promise<'ended' | 'already_over'> {
  const call = await deps.db.getRepository(Call).findOneBy({ id: callId, accountId });
  if (!call) throw notFound('call');
  if (call.state !== 'active') return 'already_over';
  const hungUp = await deps.ari.hangup(deps.ari.node(call.node), call.channelId);
  await audit(deps.db.manager, deps.clock.now(), {
    action: 'call.ended_by_member', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'call', targetId: call.id,
    details: { node: call.node, channelId: call.channelId, wasUp: hungUp },
  });
  return hungUp ? 'ended' : 'already_over';
}
