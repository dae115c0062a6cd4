import type { StepHandler } from '../context';

export const hangup: StepHandler<'hangup'> = async (step, ctx) => {
  if (step.prompt) await ctx.play(step.prompt);
  await ctx.session.caller.hangup();
  return undefined;
};
