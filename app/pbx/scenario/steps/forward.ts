import { normalizePhone } from '../../../kz/phone';
import { connectCall } from '../../call/connect';
import { dialOutside } from '../../call/trunk';
import { warnCaller } from '../../recording';
import type { StepHandler } from '../context';

/** Forwards the caller to an outside number through the trunk, showing the chosen caller number. */
export const forward: StepHandler<'forward'> = async (step, ctx) => {
  const { session } = ctx;
  await warnCaller(session);
  const original = session.caller.snapshot?.caller?.number ?? '';
  const callerNumber = step.callerId === 'keep' ? normalizePhone(original) ?? (original || null) : step.callerId;
  const result = await dialOutside(session, step.number, callerNumber, step.ringSeconds);
  if (result.outcome === 'answered') {
    await connectCall(session, result.channel);
    return undefined;
  }
  session.log.info({ outcome: result.outcome, number: step.number }, 'forward: not answered');
  if (!step.next) await session.deps.records.disposition(session.callId, result.outcome === 'busy' ? 'busy' : 'no_answer');
  return step.next;
};
