import { z } from 'zod';

const stepId = z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'step ids are 1-40 letters, digits, _ or -');
const next = stepId.optional();

/** What to play: a sound Asterisk has, or a text spoken by speech synthesis (rendered to a sound ahead of time). */
export const prompt = z.union([
  z.object({ sound: z.string().regex(/^[A-Za-z0-9_/.-]{1,200}$/, 'a sound name without extension') }),
  z.object({ text: z.string().min(1).max(2000), lang: z.enum(['ru', 'kk', 'en']).default('ru') }),
]);
export type Prompt = z.infer<typeof prompt>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

const greeting = z.object({ type: z.literal('greeting'), prompt, next });

const menu = z.object({
  type: z.literal('menu'),
  prompt,
  options: z.record(z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #'), stepId).refine((o) => Object.keys(o).length > 0, 'a menu needs at least one option'),
  timeoutSeconds: z.number().int().min(1).max(60).default(5),
  retries: z.number().int().min(0).max(5).default(2),
  invalidPrompt: prompt.optional(),
  /** Where the caller goes after the last retry without a valid key. */
  fallback: next,
});

const timeCondition = z.object({
  type: z.literal('time_condition'),
  /** Open hours per weekday, 1 = Monday … 7 = Sunday, in the account's time zone. */
  schedule: z.array(z.object({ days: z.array(z.number().int().min(1).max(7)).min(1), from: time, to: time })).min(1),
  /** Closed all day, YYYY-MM-DD. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  open: stepId,
  closed: stepId,
});

const listCheck = z.object({
  type: z.literal('list_check'),
  /** A black-listed caller: hear the prompt and be hung up on, or get busy. */
  blackAction: z.enum(['reject', 'busy']).default('reject'),
  blackPrompt: prompt.optional(),
  /** A white-listed caller skips ahead to this step. */
  whiteNext: next,
  next: stepId,
});

const dial = z.object({
  type: z.literal('dial'),
  target: z.union([z.object({ extension: z.string().regex(/^\d{2,8}$/) }), z.object({ ringGroupId: z.number().int().positive() })]),
  ringSeconds: z.number().int().min(5).max(300).default(20),
  /** No answer, busy or unavailable: the next step (else the call ends). */
  next,
  busyNext: next,
});

const forward = z.object({
  type: z.literal('forward'),
  number: z.string().regex(/^\+[1-9]\d{7,14}$/, 'E.164, e.g. +77011234567'),
  /** The number the called party sees: the caller's, or one of the account's numbers. */
  callerId: z.union([z.literal('keep'), z.string().regex(/^\+[1-9]\d{7,14}$/)]).default('keep'),
  ringSeconds: z.number().int().min(5).max(300).default(30),
  next,
});

const voicemail = z.object({
  type: z.literal('voicemail'),
  box: z.string().regex(/^[a-z0-9_-]{1,64}$/i),
  greeting: prompt.optional(),
  maxSeconds: z.number().int().min(5).max(600).default(120),
});

const hangup = z.object({ type: z.literal('hangup'), prompt: prompt.optional() });

export const step = z.discriminatedUnion('type', [greeting, menu, timeCondition, listCheck, dial, forward, voicemail, hangup]);
export type Step = z.infer<typeof step>;
export type StepOf<T extends Step['type']> = Extract<Step, { type: T }>;

/** A whole call flow: named steps, where to start, and where to go when a step fails. */
export const scenarioDefinition = z
  .object({
    version: z.literal(1).default(1),
    start: stepId,
    fallback: next,
    steps: z.record(stepId, step),
  })
  .superRefine((def, ctx) => {
    for (const problem of findProblems(def)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  });
export type ScenarioDefinition = z.infer<typeof scenarioDefinition>;

/** What is wrong and where: `code` and `step`/`target` let the cabinet say it in the caller's language. */
export interface ScenarioProblem {
  path: (string | number)[];
  message: string;
  code: 'missing_start' | 'missing_fallback' | 'missing_target' | 'trapped' | 'unreachable';
  step?: string;
  target?: string;
}

/** Every step id a step may go to next. */
export function exitsOf(s: Step): string[] {
  switch (s.type) {
    case 'greeting':
      return [s.next].filter(isId);
    case 'menu':
      return [...Object.values(s.options), s.fallback].filter(isId);
    case 'time_condition':
      return [s.open, s.closed];
    case 'list_check':
      return [s.whiteNext, s.next].filter(isId);
    case 'dial':
      return [s.next, s.busyNext].filter(isId);
    case 'forward':
      return [s.next].filter(isId);
    case 'voicemail':
    case 'hangup':
      return [];
  }
}

const isId = (v: string | undefined): v is string => typeof v === 'string';

/** Exits pointing nowhere, and loops that no path leaves (a caller would circle for ever). */
export function findProblems(def: { start: string; fallback?: string; steps: Record<string, Step> }): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  if (!def.steps[def.start]) problems.push({ path: ['start'], code: 'missing_start', target: def.start, message: `start step "${def.start}" does not exist` });
  if (def.fallback && !def.steps[def.fallback]) problems.push({ path: ['fallback'], code: 'missing_fallback', target: def.fallback, message: `fallback step "${def.fallback}" does not exist` });
  for (const [id, s] of Object.entries(def.steps)) {
    for (const target of exitsOf(s)) {
      if (!def.steps[target]) problems.push({ path: ['steps', id], code: 'missing_target', step: id, target, message: `step "${id}" goes to "${target}", which does not exist` });
    }
  }
  if (problems.length) return problems;
  for (const id of trappedSteps(def.steps)) {
    problems.push({ path: ['steps', id], code: 'trapped', step: id, message: `step "${id}" is in a loop with no way out` });
  }
  return problems;
}

/**
 * Steps from which no path reaches an end (a step that can end the call: no next, voicemail,
 * hangup, or a dial/forward that may connect). A menu waits for keys, so a loop through a menu
 * with a fallback out of the loop is fine; a loop of greetings is not.
 */
function trappedSteps(steps: Record<string, Step>): string[] {
  const canEnd = new Set<string>();
  const ends = (s: Step) => exitsOf(s).length === 0 || s.type === 'dial' || s.type === 'forward' || (s.type === 'greeting' && !s.next) || (s.type === 'menu' && !s.fallback);
  for (const [id, s] of Object.entries(steps)) if (ends(s)) canEnd.add(id);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, s] of Object.entries(steps)) {
      if (!canEnd.has(id) && exitsOf(s).some((t) => canEnd.has(t))) {
        canEnd.add(id);
        grew = true;
      }
    }
  }
  return Object.keys(steps).filter((id) => !canEnd.has(id));
}

/** Steps no call can reach (not from the start, nor from the fallback a failing step jumps to): harmless, worth a warning. */
export function findUnreachable(def: { start: string; fallback?: string; steps: Record<string, Step> }): ScenarioProblem[] {
  const seen = new Set<string>();
  const queue = [def.start, def.fallback].filter((id): id is string => typeof id === 'string' && id in def.steps);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...exitsOf(def.steps[id]).filter((t) => t in def.steps));
  }
  return Object.keys(def.steps)
    .filter((id) => !seen.has(id))
    .map((id) => ({ path: ['steps', id], code: 'unreachable' as const, step: id, message: `step "${id}" cannot be reached` }));
}
