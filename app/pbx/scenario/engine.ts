import { HungUp } from '../ari/wait';
import type { CallSession } from '../call/session';
import { buildContext } from './context';
import type { ScenarioDefinition, Step } from './schema';
import { stepHandlers } from './steps';

/** A scenario that keeps going round (a caller pressing an option that loops back) is ended here. */
const MAX_TRANSITIONS = 200;

/**
 * The one interpreter of call flows: runs the steps from `start`, each handler naming the next.
 * A failing step is logged with the channel id and the flow goes on at the scenario's fallback;
 * a failure with no fallback left reaches the dispatcher, which apologises and hangs up.
 */
export async function runScenario(session: CallSession, scenario: ScenarioDefinition, startAt = scenario.start): Promise<void> {
  const ctx = buildContext(session, scenario);
  let current: string | undefined = startAt;
  let fellBack = false;
  for (let transitions = 0; current !== undefined; transitions++) {
    if (transitions >= MAX_TRANSITIONS) {
      session.log.warn({ step: current }, 'scenario went round too many times: ending the call');
      return;
    }
    const step: Step | undefined = scenario.steps[current];
    if (!step) throw new Error(`scenario has no step "${current}"`);
    try {
      session.log.debug({ step: current, type: step.type }, 'scenario step');
      current = await (stepHandlers[step.type] as (s: Step, c: typeof ctx) => Promise<string | undefined>)(step, ctx);
    } catch (err) {
      if (err instanceof HungUp || !session.caller.isUp) throw err;
      session.log.error({ err, step: current }, 'scenario step failed');
      if (!scenario.fallback || fellBack || current === scenario.fallback) throw err;
      fellBack = true;
      current = scenario.fallback;
    }
  }
}
