import type { CallSession } from '../call/session';
import type { Channel } from '../call/channel';
import type { Prompt, ScenarioDefinition, Step, StepOf } from './schema';
import { promptMedia } from './prompts';

/** What a step handler gets: the call, the scenario it runs in, and helpers every step shares. */
export interface StepContext {
  session: CallSession;
  scenario: ScenarioDefinition;
  /** Plays a prompt to the caller; a missing sound is logged and skipped, never a dead end. */
  play(prompt: Prompt, options?: { interruptible?: boolean }): ReturnType<Channel['play']>;
  /** Answers the caller once (steps that play or record need media). */
  answer(): Promise<void>;
}

/** A step handler: does its one thing and names the next step, or undefined to end the call. */
export type StepHandler<T extends Step['type']> = (step: StepOf<T>, ctx: StepContext) => Promise<string | undefined>;

export function buildContext(session: CallSession, scenario: ScenarioDefinition): StepContext {
  let answered = false;
  const ctx: StepContext = {
    session,
    scenario,
    async answer() {
      if (answered || session.caller.snapshot?.state === 'Up') return void (answered = true);
      await session.caller.answer();
      answered = true;
      await session.answered(session.caller);
    },
    async play(prompt, options = {}) {
      await ctx.answer();
      const result = await session.caller.play(promptMedia(prompt), { interruptible: options.interruptible, lang: 'lang' in prompt ? prompt.lang : undefined });
      if (result.outcome === 'failed') session.log.warn({ prompt }, 'prompt could not be played (missing sound?): going on');
      return result;
    },
  };
  return ctx;
}
