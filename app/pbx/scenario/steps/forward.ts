import { TRUNK_ENDPOINT_DEFAULT } from '../../contract';
import { connectCall } from '../../call/connect';
import { dialLeg } from '../../call/dial';
import { warnCaller, warnParty } from '../../recording';
import type { StepHandler } from '../context';

/** The trunk endpoint an outside number is dialled through. */
export const trunkEndpoint = (e164: string) => `PJSIP/${e164}@${TRUNK_ENDPOINT_DEFAULT}`;

/** Forwards the caller to an outside number through the trunk, showing the chosen caller number. */
export const forward: StepHandler<'forward'> = async (step, ctx) => {
  const { session } = ctx;
  await warnCaller(session);
  const callerNumber = step.callerId === 'keep' ? session.caller.snapshot?.caller?.number : step.callerId;
  const result = await dialLeg(session, { endpoint: trunkEndpoint(step.number), ringSeconds: step.ringSeconds, callerId: callerNumber ? `<${callerNumber}>` : undefined });
  if (result.outcome === 'answered') {
    await warnParty(session, result.channel);
    await connectCall(session, result.channel);
    return undefined;
  }
  session.log.info({ outcome: result.outcome, number: step.number }, 'forward: not answered');
  if (!step.next) await session.deps.records.disposition(session.callId, result.outcome === 'busy' ? 'busy' : 'no_answer');
  return step.next;
};
