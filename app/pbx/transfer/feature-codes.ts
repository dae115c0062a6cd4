import { Extension } from '../../features/extensions/entities';
import type { Channel } from '../call/channel';
import type { CallSession } from '../call/session';

/**
 * Transfers by keypad during a call (the bridge is `mixing,dtmf_events`, so digits reach the app
 * and still reach the other party):
 *   *2<extension>#  blind: the presser leaves at once, the other party rings the extension;
 *   *3<extension>#  attended: the other party hears music while the presser consults the
 *                   extension; then * completes, # cancels (see attended.ts).
 * A code not finished within FEATURE_GAP_MS of its last digit is forgotten.
 */
export type FeatureCode = { kind: 'blind' | 'attended'; exten: string };

const PREFIX = '*';
const END = '#';
const KINDS: Readonly<Record<string, FeatureCode['kind']>> = { '2': 'blind', '3': 'attended' };
const MAX_EXTEN_DIGITS = 8;
export const FEATURE_GAP_MS = 5000;

type ReaderState = { step: 'idle' } | { step: 'prefix' } | { step: 'number'; kind: FeatureCode['kind']; digits: string };

/** Reads one party's digits and says when they form a feature code. Pure: time comes in with each digit. */
export class FeatureCodeReader {
  private state: ReaderState = { step: 'idle' };
  private lastAt = 0;

  push(digit: string, at: number): FeatureCode | undefined {
    if (this.state.step !== 'idle' && at - this.lastAt > FEATURE_GAP_MS) this.state = { step: 'idle' };
    this.lastAt = at;
    const state = this.state;
    if (digit === PREFIX) {
      this.state = { step: 'prefix' };
      return undefined;
    }
    if (state.step === 'prefix') {
      const kind = KINDS[digit];
      this.state = kind ? { step: 'number', kind, digits: '' } : { step: 'idle' };
      return undefined;
    }
    if (state.step !== 'number') return undefined;
    if (digit === END) {
      this.state = { step: 'idle' };
      return state.digits ? { kind: state.kind, exten: state.digits } : undefined;
    }
    if (!/^[0-9]$/.test(digit) || state.digits.length >= MAX_EXTEN_DIGITS) this.state = { step: 'idle' };
    else this.state = { ...state, digits: state.digits + digit };
    return undefined;
  }
}

/** The PJSIP endpoint of a channel by its name (PJSIP/<endpoint>-<8 hex>). */
export function endpointOfChannel(channel: Channel): string | undefined {
  return /^PJSIP\/(.+)-[0-9a-f]{8}$/.exec(channel.snapshot?.name ?? '')?.[1];
}

/**
 * The extension whose phone this channel is, in the call's account; only they may transfer.
 * A caller from outside pressing *2 must not be able to send itself elsewhere (toll fraud).
 */
export async function extensionOfPhone(session: CallSession, channel: Channel): Promise<Extension | null> {
  const endpoint = endpointOfChannel(channel);
  if (!endpoint || !session.account) return null;
  return session.deps.db.getRepository(Extension).findOneBy({ accountId: session.account.id, sipUsername: endpoint });
}
