import { connectCall } from '../../call/connect';
import { warnCaller } from '../../recording';
import { dialExtension, dialRingGroup, findExtension, stampAnsweringExtension } from '../../call/extension-dial';
import type { DialResult } from '../../call/dial';
import type { StepHandler } from '../context';

/** Rings an extension or a ring group; answered: they talk and the flow ends; otherwise on to the next step. */
export const dial: StepHandler<'dial'> = async (step, ctx) => {
  const { session } = ctx;
  await warnCaller(session);
  let result: DialResult;
  if ('extension' in step.target) {
    const ext = await findExtension(session, step.target.extension);
    result = ext ? await dialExtension(session, ext, step.ringSeconds) : { outcome: 'unavailable', cause: null };
  } else {
    result = await dialRingGroup(session, step.target.ringGroupId);
  }
  if (result.outcome === 'answered') {
    await stampAnsweringExtension(session, result.channel);
    await connectCall(session, result.channel);
    return undefined;
  }
  session.log.info({ outcome: result.outcome }, 'dial step: nobody answered');
  if (result.outcome === 'busy' && step.busyNext) return step.busyNext;
  if (!step.next) await session.deps.records.disposition(session.callId, result.outcome === 'busy' ? 'busy' : 'no_answer');
  return step.next;
};
