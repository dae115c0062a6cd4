import type { StepHandler } from '../context';

const DEFAULT_INVALID = { sound: 'option-is-invalid' } as const;

/** IVR menu: the prompt (a key interrupts it), one key, retries on silence or a wrong key. */
export const menu: StepHandler<'menu'> = async (step, ctx) => {
  const caller = ctx.session.caller;
  caller.clearDigits();
  for (let attempt = 0; attempt <= step.retries; attempt++) {
    await ctx.play(step.prompt, { interruptible: true });
    const key = await caller.collectDigits(1, step.timeoutSeconds * 1000, '');
    const target = step.options[key];
    if (target) return target;
    if (attempt === step.retries) break;
    // Keys pressed from here on (during the invalid-choice prompt) count as the next try.
    caller.clearDigits();
    if (key) await ctx.play(step.invalidPrompt ?? DEFAULT_INVALID);
  }
  ctx.session.log.info({ step: 'menu' }, 'no valid choice in the menu');
  await ctx.session.deps.records.disposition(ctx.session.callId, 'abandoned');
  return step.fallback;
};
