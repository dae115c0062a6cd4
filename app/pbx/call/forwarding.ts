import type { Extension } from '../../features/extensions/entities';
import { normalizePhone } from '../../kz/phone';
import { chooseCallerNumber } from './caller-number';
import type { DialResult } from './dial';
import { findExtension, ringPhone } from './forwarding-phone';
import { leaveExtensionMessage } from './forwarding-voicemail';
import type { CallSession } from './session';
import { dialOutside } from './trunk';

export interface RingOptions {
  /** How long the phone rings when the extension has no forward on no answer (else its own N seconds). */
  ringSeconds: number;
  /**
   * The calling extension, on a call from a phone: its phone shows who calls, and an outside
   * forward shows the number the account's rules choose for it. Without it (a call from outside)
   * an outside forward keeps the original caller's number.
   */
  from?: Extension | null;
  /** When nothing answered: a message in the dialled extension's box, if it has voicemail. */
  voicemail?: boolean;
}

export type RingOutcome = DialResult | { outcome: 'voicemail' };

/** A chain of forwards longer than this is a loop (A → B → A) or a mistake: it ends unanswered. */
export const MAX_FORWARD_HOPS = 4;
/** How long an outside number a call is forwarded to rings. */
export const FORWARD_RING_SECONDS = 30;

/** Rings an extension with its forwarding applied; then its voicemail, when asked and enabled. */
export async function ringExtension(session: CallSession, ext: Extension, opts: RingOptions): Promise<RingOutcome> {
  const result = await ringForwarded(session, ext, opts);
  if (result.outcome === 'answered' || !opts.voicemail || !ext.voicemailEnabled) return result;
  await leaveExtensionMessage(session, ext);
  return { outcome: 'voicemail' };
}

/**
 * Rings an extension the way its forwarding says: always → straight to the target, the phone
 * does not ring; otherwise the phone, and on busy / no answer / unavailable the matching target.
 * A target is another extension (with its own forwarding) or an outside number.
 */
export async function ringForwarded(session: CallSession, ext: Extension, opts: RingOptions, visited: readonly number[] = []): Promise<DialResult> {
  if (visited.includes(ext.id) || visited.length >= MAX_FORWARD_HOPS) {
    session.log.warn({ extension: ext.exten, hops: visited.length }, 'forwarding loop: stopping');
    return { outcome: 'unavailable', cause: null };
  }
  const path = [...visited, ext.id];
  if (ext.forwardAlways) return forwardTo(session, ext.forwardAlways, opts, path);
  const result = await ringPhone(session, ext, ext.forwardNoAnswer ? ext.forwardNoAnswerSeconds : opts.ringSeconds, opts.from);
  if (result.outcome === 'answered') return result;
  const target = forwardOn(ext, result.outcome);
  if (!target) return result;
  session.log.info({ extension: ext.exten, outcome: result.outcome, target }, 'forwarding');
  return forwardTo(session, target, opts, path);
}

function forwardOn(ext: Extension, outcome: Exclude<DialResult['outcome'], 'answered'>): string | null {
  if (outcome === 'busy') return ext.forwardBusy;
  if (outcome === 'no_answer') return ext.forwardNoAnswer;
  return ext.forwardUnavailable;
}

/** A forward target: an extension number of the same account, or an outside number (E.164, or as people write it). */
async function forwardTo(session: CallSession, target: string, opts: RingOptions, path: number[]): Promise<DialResult> {
  if (/^\d{2,8}$/.test(target)) {
    const next = await findExtension(session, target);
    if (next) return ringForwarded(session, next, opts, path);
  }
  const e164 = normalizePhone(target);
  if (!e164) {
    session.log.warn({ target }, 'forward target is neither an extension nor a number');
    return { outcome: 'unavailable', cause: null };
  }
  return dialOutside(session, e164, await outsideCallerNumber(session, opts, e164), FORWARD_RING_SECONDS);
}

/**
 * Who the outside party sees: the original caller's number on a call from outside (the person
 * actually calling; the carrier must allow presenting it), the account's own number chosen by
 * rule on a call from a phone or from a caller without a number.
 */
async function outsideCallerNumber(session: CallSession, opts: RingOptions, destination: string): Promise<string | null> {
  const original = session.caller.snapshot?.caller?.number;
  if (!opts.from && original) return normalizePhone(original) ?? original;
  return chooseCallerNumber(session.deps.db, session.account!.id, destination, opts.from);
}
