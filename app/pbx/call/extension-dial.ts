import { In } from 'typeorm';
import { Extension, RingGroup, RingGroupMember } from '../../features/extensions/entities';
import { dialAll, type DialResult } from './dial';
import { ringForwarded } from './forwarding';
import { phoneTarget, ringPhone } from './forwarding-phone';
import type { CallSession } from './session';

export { endpointOf, findExtension } from './forwarding-phone';
export { ringExtension, type RingOptions, type RingOutcome } from './forwarding';

/**
 * Rings one extension for a scenario's dial step, with the extension's forwarding applied. No
 * voicemail here: when nobody answers, the scenario's next step decides what follows.
 */
export async function dialExtension(session: CallSession, ext: Extension, ringSeconds: number): Promise<DialResult> {
  return ringForwarded(session, ext, { ringSeconds });
}

/**
 * Rings a ring group: every phone at once, or one after another for the group's ring time each.
 * Members' own forwarding does not apply: the group is the company's choice of who answers.
 */
export async function dialRingGroup(session: CallSession, groupId: number): Promise<DialResult> {
  const repo = session.deps.db.getRepository(RingGroup);
  const group = await repo.findOneBy({ id: groupId, accountId: session.account!.id });
  if (!group) return { outcome: 'unavailable', cause: null };
  const members = await session.deps.db.getRepository(RingGroupMember).find({ where: { ringGroupId: group.id }, order: { position: 'ASC' } });
  const extensions = await session.deps.db.getRepository(Extension).findBy({ id: In(members.map((m) => m.extensionId)), accountId: group.accountId });
  const ordered = members.map((m) => extensions.find((e) => e.id === m.extensionId)).filter((e): e is Extension => Boolean(e));
  if (group.strategy === 'all') return dialAll(session, ordered.map((e) => phoneTarget(session, e, group.ringSeconds)));
  let last: DialResult = { outcome: 'unavailable', cause: null };
  for (const ext of ordered) {
    last = await ringPhone(session, ext, group.ringSeconds);
    if (last.outcome === 'answered') return last;
  }
  return last;
}

/**
 * Stamps an inbound call with the extension whose phone answered it (a ring group's member, or a
 * forward target), so the employee finds the call in their own history.
 */
export async function stampAnsweringExtension(session: CallSession, answered: { snapshot?: { name?: string } }): Promise<void> {
  const endpoint = /^PJSIP\/(.+)-[0-9a-f]+$/.exec(answered.snapshot?.name ?? '')?.[1];
  if (!endpoint || !session.account) return;
  const ext = await session.deps.db.getRepository(Extension).findOneBy({ accountId: session.account.id, sipUsername: endpoint });
  if (ext) await session.deps.records.update(session.callId, { extensionId: ext.id });
}
