import type { StepHandler } from '../context';

export const greeting: StepHandler<'greeting'> = async (step, ctx) => {
  await ctx.play(step.prompt);
  return step.next;
};
