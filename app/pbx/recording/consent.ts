import type { ConsentOutcome } from '../../features/calls/entities';
import type { CallSession } from '../call/session';
import type { ActiveRecording } from './active-recording';
import type { ConsentToken, WarningOutcome } from './warning';

type Refusal = 'declined' | 'warning_failed';

/**
 * What one call has established about recording: which parties must hear the warning, the proof
 * of those who did, and the first refusal (a decline or a warning that could not be played), which
 * rules recording out for the rest of the call. Kept per call for the engine's own use; the
 * outcome that must outlive the process is written to the call record.
 */
export class CallConsent {
  private readonly mustHear = new Set<string>();
  private readonly tokens = new Map<string, ConsentToken>();
  private refusal: Refusal | null = null;
  private lastHungUp = false;
  recording: ActiveRecording | null = null;

  /** This party is an outside party: no recording without its token. */
  expect(channelId: string): void {
    this.mustHear.add(channelId);
  }

  heard(channelId: string): boolean {
    return this.tokens.has(channelId);
  }

  get refused(): boolean {
    return this.refusal !== null;
  }

  /** Takes one warning's result; a party that hung up during it is no longer in the call. */
  settle(channelId: string, result: WarningOutcome): void {
    this.lastHungUp = result.outcome === 'hung_up';
    if (result.outcome === 'heard') this.tokens.set(channelId, result.token);
    else if (result.outcome === 'hung_up') this.mustHear.delete(channelId);
    else this.refusal ??= result.outcome;
  }

  /**
   * A call taken over from an earlier process: the outcome its record keeps (a refusal stays one),
   * the tokens the warning re-issued, and the outside parties now in the call, each needing one.
   */
  restore(outcome: ConsentOutcome, tokens: readonly ConsentToken[], outside: Iterable<string>): void {
    if (outcome === 'declined' || outcome === 'warning_failed') this.refusal ??= outcome;
    this.lastHungUp = outcome === 'hung_up';
    for (const token of tokens) this.tokens.set(token.channelId, token);
    for (const channelId of outside) this.mustHear.add(channelId);
  }

  /** Every outside party heard the warning and nobody refused: the recorder may be asked. */
  get ready(): boolean {
    return this.refusal === null && !this.lastHungUp && this.tokens.size > 0 && [...this.mustHear].every((id) => this.tokens.has(id));
  }

  /** What the recorder is given: the tokens, and who they must cover. */
  proof(): { tokens: ConsentToken[]; mustHear: string[] } {
    return { tokens: [...this.tokens.values()], mustHear: [...this.mustHear] };
  }

  /** The call record's consent: a refusal wins, then a hang-up in the last warning, then acceptance. */
  get outcome(): ConsentOutcome {
    if (this.refusal) return this.refusal;
    if (this.lastHungUp) return 'hung_up';
    return this.tokens.size > 0 ? 'accepted' : 'not_required';
  }
}

const ledgers = new WeakMap<CallSession, CallConsent>();

/** The consent state of a call, created on first use and gone with the session. */
export function consentOf(session: CallSession): CallConsent {
  let consent = ledgers.get(session);
  if (!consent) ledgers.set(session, (consent = new CallConsent()));
  return consent;
}
