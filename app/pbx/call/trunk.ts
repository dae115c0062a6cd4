import { TRUNK_ENDPOINT_DEFAULT } from '../contract';
import { warnParty } from '../recording';
import { dialLeg, type DialResult } from './dial';
import type { CallSession } from './session';

/** The trunk endpoint an outside number (E.164, or an emergency number as dialled) goes through. */
export const trunkEndpoint = (number: string) => `PJSIP/${number}@${TRUNK_ENDPOINT_DEFAULT}`;

/**
 * Rings an outside number through the carrier trunk showing `callerNumber`. A party who answers
 * is an outside party: they hear the recording warning before anyone is connected to them.
 */
export async function dialOutside(session: CallSession, number: string, callerNumber: string | null, ringSeconds: number): Promise<DialResult> {
  const result = await dialLeg(session, { endpoint: trunkEndpoint(number), ringSeconds, callerId: callerNumber ?? undefined });
  if (result.outcome === 'answered') await warnParty(session, result.channel);
  return result;
}
