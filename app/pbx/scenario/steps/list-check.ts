import { CallerListEntry } from '../../../features/lists/entities';
import { normalizePhone } from '../../../kz/phone';
import type { StepHandler } from '../context';

const DEFAULT_BLACK_PROMPT = { sound: 'ss-noservice' } as const;

/** Black list: refuse (a message, or busy). White list: skip ahead. Anyone else: on. */
export const listCheck: StepHandler<'list_check'> = async (step, ctx) => {
  const { session } = ctx;
  const number = normalizePhone(session.caller.snapshot?.caller?.number ?? '');
  if (!number || !session.account) return step.next;
  const entries = await session.deps.db.getRepository(CallerListEntry).find({ where: { accountId: session.account.id, e164: number } });
  if (entries.some((e) => e.list === 'black')) {
    await session.deps.records.disposition(session.callId, 'rejected');
    if (step.blackAction === 'busy') {
      await session.caller.hangup('busy');
    } else {
      await ctx.play(step.blackPrompt ?? DEFAULT_BLACK_PROMPT);
      await session.caller.hangup('rejected');
    }
    return undefined;
  }
  if (entries.some((e) => e.list === 'white') && step.whiteNext) return step.whiteNext;
  return step.next;
};
