import { Extension } from '../../features/extensions/entities';
import { isGone } from '../ari/errors';
import { dialLeg, type DialResult, type DialTarget } from './dial';
import type { CallSession } from './session';

/** The SIP endpoint of an extension's phone. */
export const endpointOf = (ext: Pick<Extension, 'sipUsername'>) => `PJSIP/${ext.sipUsername}`;

/** An extension of the call's account by its short number. */
export async function findExtension(session: CallSession, exten: string): Promise<Extension | null> {
  return session.deps.db.getRepository(Extension).findOneBy({ accountId: session.account!.id, exten });
}

/** What ringing an extension's phone looks like: its endpoint, and who calls ("Name" <number>). */
export function phoneTarget(session: CallSession, ext: Extension, ringSeconds: number, from?: Pick<Extension, 'name' | 'exten'> | null): DialTarget {
  // A quote in a name would end Asterisk's "name" <number> early.
  if (from) return { endpoint: endpointOf(ext), ringSeconds, callerId: `"${from.name.replace(/"/g, '')}" <${from.exten}>` };
  const caller = session.caller.snapshot?.caller;
  return { endpoint: endpointOf(ext), ringSeconds, callerId: caller?.number ? `"${caller.name || caller.number}" <${caller.number}>` : undefined };
}

/**
 * Whether the phone is registered, as Asterisk knows it (GET /endpoints/PJSIP/<id>: state
 * online / offline / unknown). An endpoint Asterisk does not have is as good as offline; a
 * failed question is "unknown", and the phone is rung anyway.
 */
async function endpointState(session: CallSession, resource: string): Promise<string> {
  try {
    const endpoint = await session.node.request('getEndpoint', (c) => c.endpoints.get({ tech: 'PJSIP', resource }));
    return endpoint.state ?? 'unknown';
  } catch (err) {
    if (isGone(err)) return 'offline';
    session.log.warn({ err, endpoint: resource }, 'endpoint state unknown: ringing anyway');
    return 'unknown';
  }
}

/**
 * Rings one extension's phone, without its forwarding. An unregistered phone is not rung at
 * all; one that cannot be reached shows as `unavailable` (Asterisk refuses the originate, or the
 * leg ends with an unreachable cause), which forwarding treats alike.
 */
export async function ringPhone(session: CallSession, ext: Extension, ringSeconds: number, from?: Extension | null): Promise<DialResult> {
  if ((await endpointState(session, ext.sipUsername)) === 'offline') return { outcome: 'unavailable', cause: null };
  const result = await dialLeg(session, phoneTarget(session, ext, ringSeconds, from));
  return result.outcome === 'failed' ? { outcome: 'unavailable', cause: result.cause } : result;
}
