import type { Account } from '../../features/accounts/entities';
import { Call, type CallDirection } from '../../features/calls/entities';
import { RecordingRules } from '../../features/recording-settings/entities';
import type { CallSession } from '../call/session';

/** Which of an account's calls are recorded, as the cabinet's recording settings keep it. */
export interface RecordingPolicy {
  recordCalls: boolean;
  scope: 'all' | 'selected';
  directions: readonly CallDirection[];
  /** The account's DIDs whose inbound calls are recorded. */
  numberIds: readonly number[];
  /** Extensions whose own calls (outbound, internal) are recorded. */
  extensionIds: readonly number[];
}

/** What the call record says about a call when the first recording decision is due. */
export interface CallFacts {
  direction: CallDirection;
  phoneNumberId: number | null;
  extensionId: number | null;
}

/**
 * Does this call get recorded? Inbound calls are matched by the number called, because the caller
 * hears the warning before anyone answers; outbound and internal calls by the extension placing them.
 */
export function isRecorded(policy: RecordingPolicy, call: CallFacts): boolean {
  if (!policy.recordCalls) return false;
  if (policy.scope === 'all' || policy.directions.includes(call.direction)) return true;
  if (call.direction === 'inbound') return call.phoneNumberId !== null && policy.numberIds.includes(call.phoneNumberId);
  return call.extensionId !== null && policy.extensionIds.includes(call.extensionId);
}

/** The policy of an account with its rules row; an account without one records all its calls. */
export function policyOf(account: Pick<Account, 'recordCalls'>, rules: RecordingRules | null): RecordingPolicy {
  return {
    recordCalls: account.recordCalls,
    scope: rules?.scope ?? 'all',
    directions: rules?.directions ?? [],
    numberIds: rules?.numberIds ?? [],
    extensionIds: rules?.extensionIds ?? [],
  };
}

/** The call's recording decision, and the direction it was made for. */
export interface RecordingDecision {
  recorded: boolean;
  direction: CallDirection | undefined;
}

const decisions = new WeakMap<CallSession, Promise<RecordingDecision>>();

/**
 * The call's decision, made once (at the first warning or recording point, when the flow has set
 * the direction and number) and kept with the session.
 */
export function recordingDecision(session: CallSession): Promise<RecordingDecision> {
  let decision = decisions.get(session);
  if (!decision) decisions.set(session, (decision = decide(session)));
  return decision;
}

export async function callIsRecorded(session: CallSession): Promise<boolean> {
  return (await recordingDecision(session)).recorded;
}

async function decide(session: CallSession): Promise<RecordingDecision> {
  const account = session.account;
  if (!account?.recordCalls) return { recorded: false, direction: undefined };
  try {
    const { db } = session.deps;
    const [rules, call] = await Promise.all([
      db.getRepository(RecordingRules).findOneBy({ accountId: account.id }),
      db.getRepository(Call).findOne({ select: { id: true, direction: true, phoneNumberId: true, extensionId: true }, where: { id: session.callId } }),
    ]);
    const recorded = !!call && isRecorded(policyOf(account, rules), call);
    session.log.info({ recorded, direction: call?.direction }, 'recording policy');
    return { recorded, direction: call?.direction };
  } catch (err) {
    // Without the rules nobody can say the call may be recorded: it is not.
    session.log.error({ err }, 'recording policy unknown: the call is not recorded');
    return { recorded: false, direction: undefined };
  }
}
