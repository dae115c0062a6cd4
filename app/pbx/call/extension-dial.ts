import { In } from 'typeorm';
import { Extension, RingGroup, RingGroupMember } from '../../features/extensions/entities';
import { dialAll, dialLeg, type DialResult, type DialTarget } from './dial';
import type { CallSession } from './session';

/** The SIP endpoint of an extension's phone. */
export const endpointOf = (ext: Pick<Extension, 'sipUsername'>) => `PJSIP/${ext.sipUsername}`;

function targetFor(session: CallSession, ext: Extension, ringSeconds: number): DialTarget {
  const caller = session.caller.snapshot?.caller;
  return { endpoint: endpointOf(ext), ringSeconds, callerId: caller?.number ? `"${caller.name || caller.number}" <${caller.number}>` : undefined };
}

export async function findExtension(session: CallSession, exten: string): Promise<Extension | null> {
  return session.deps.db.getRepository(Extension).findOneBy({ accountId: session.account!.id, exten });
}

/** Rings one extension's phone. */
export async function dialExtension(session: CallSession, ext: Extension, ringSeconds: number): Promise<DialResult> {
  return dialLeg(session, targetFor(session, ext, ringSeconds));
}

/** Rings a ring group: every phone at once, or one after another for the group's ring time each. */
export async function dialRingGroup(session: CallSession, groupId: number): Promise<DialResult> {
  const repo = session.deps.db.getRepository(RingGroup);
  const group = await repo.findOneBy({ id: groupId, accountId: session.account!.id });
  if (!group) return { outcome: 'unavailable', cause: null };
  const members = await session.deps.db.getRepository(RingGroupMember).find({ where: { ringGroupId: group.id }, order: { position: 'ASC' } });
  const extensions = await session.deps.db.getRepository(Extension).findBy({ id: In(members.map((m) => m.extensionId)), accountId: group.accountId });
  const ordered = members.map((m) => extensions.find((e) => e.id === m.extensionId)).filter((e): e is Extension => Boolean(e));
  if (group.strategy === 'all') return dialAll(session, ordered.map((e) => targetFor(session, e, group.ringSeconds)));
  let last: DialResult = { outcome: 'unavailable', cause: null };
  for (const ext of ordered) {
    last = await dialExtension(session, ext, group.ringSeconds);
    if (last.outcome === 'answered') return last;
  }
  return last;
}
