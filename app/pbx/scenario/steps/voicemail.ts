import { recordVoicemail } from '../../call/voicemail';
import type { StepHandler } from '../context';

const DEFAULT_GREETING = { sound: 'vm-intro' } as const;

/** Greeting, then the message is recorded and kept in the step's box (shared with extensions' voicemail). */
export const voicemail: StepHandler<'voicemail'> = async (step, ctx) => {
  await ctx.play(step.greeting ?? DEFAULT_GREETING);
  await recordVoicemail(ctx.session, { box: step.box, extensionId: null, maxSeconds: step.maxSeconds });
  return undefined;
};
