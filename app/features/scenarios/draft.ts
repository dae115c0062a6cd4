import type { Prompt, ScenarioDefinition, Step } from '../../pbx/scenario/schema';

/**
 * A scenario as the builder's form holds it: every value a string as typed, so a form that fails
 * validation is shown again exactly as it was sent. draft-build.ts turns it into a definition.
 */
export interface ScenarioDraft {
  name: string;
  start: string;
  fallback: string;
  steps: StepDraft[];
}

export type StepType = Step['type'];

/** Every step type the engine runs, in the order the builder offers them (a Record so a new type is not forgotten). */
const TYPE_ORDER: Record<StepType, number> = { greeting: 0, menu: 1, time_condition: 2, list_check: 3, dial: 4, forward: 5, voicemail: 6, hangup: 7 };
export const STEP_TYPES = (Object.keys(TYPE_ORDER) as StepType[]).sort((a, b) => TYPE_ORDER[a] - TYPE_ORDER[b]);
export const isStepType = (v: unknown): v is StepType => typeof v === 'string' && v in TYPE_ORDER;

export interface PromptDraft {
  kind: 'none' | 'text' | 'sound';
  text: string;
  lang: string;
  sound: string;
}

export interface StepDraft {
  id: string;
  type: StepType;
  /** greeting/menu/hangup prompt, or the voicemail greeting. */
  prompt: PromptDraft;
  next: string;
  busyNext: string;
  fallback: string;
  whiteNext: string;
  open: string;
  closed: string;
  options: { key: string; target: string }[];
  timeoutSeconds: string;
  retries: string;
  ringSeconds: string;
  maxSeconds: string;
  schedule: { days: string[]; from: string; to: string }[];
  holidays: string;
  blackAction: string;
  /** "ext:101" or "group:5". */
  target: string;
  number: string;
  callerId: string;
  box: string;
  /** JSON of the step's fields the builder has no form for (kept as they were). */
  extra: string;
}

/** Fields each type's form edits; the rest of a stored step travels in `extra`. */
export const EDITED: Record<StepType, string[]> = {
  greeting: ['type', 'prompt', 'next'],
  menu: ['type', 'prompt', 'options', 'timeoutSeconds', 'retries', 'fallback'],
  time_condition: ['type', 'schedule', 'holidays', 'open', 'closed'],
  list_check: ['type', 'blackAction', 'whiteNext', 'next'],
  dial: ['type', 'target', 'ringSeconds', 'next', 'busyNext'],
  forward: ['type', 'number', 'callerId', 'ringSeconds', 'next'],
  voicemail: ['type', 'box', 'greeting', 'maxSeconds'],
  hangup: ['type', 'prompt'],
};

const emptyPrompt = (): PromptDraft => ({ kind: 'none', text: '', lang: 'ru', sound: '' });

/** A new step of a type with the engine's defaults, ready for the form. */
export function blankStep(id: string, type: StepType): StepDraft {
  const needsPrompt = type === 'greeting' || type === 'menu';
  return {
    id, type,
    prompt: needsPrompt ? { ...emptyPrompt(), kind: 'text' } : emptyPrompt(),
    next: '', busyNext: '', fallback: '', whiteNext: '', open: '', closed: '',
    options: [], timeoutSeconds: '5', retries: '2', ringSeconds: type === 'forward' ? '30' : '20', maxSeconds: '120',
    schedule: type === 'time_condition' ? [{ days: ['1', '2', '3', '4', '5'], from: '09:00', to: '18:00' }] : [],
    holidays: '', blackAction: 'reject', target: '', number: '', callerId: 'keep', box: type === 'voicemail' ? 'general' : '', extra: '',
  };
}

function promptDraft(p: Prompt | undefined): PromptDraft {
  if (!p) return emptyPrompt();
  return 'sound' in p ? { ...emptyPrompt(), kind: 'sound', sound: p.sound } : { kind: 'text', text: p.text, lang: p.lang, sound: '' };
}

/** A stored step as the form shows it. */
export function stepToDraft(id: string, s: Step): StepDraft {
  const d = blankStep(id, s.type);
  const extra = Object.fromEntries(Object.entries(s).filter(([k]) => !EDITED[s.type].includes(k)));
  d.extra = Object.keys(extra).length ? JSON.stringify(extra) : '';
  switch (s.type) {
    case 'greeting':
      return { ...d, prompt: promptDraft(s.prompt), next: s.next ?? '' };
    case 'menu':
      return { ...d, prompt: promptDraft(s.prompt), options: Object.entries(s.options).map(([key, target]) => ({ key, target })), timeoutSeconds: String(s.timeoutSeconds), retries: String(s.retries), fallback: s.fallback ?? '' };
    case 'time_condition':
      return { ...d, schedule: s.schedule.map((r) => ({ days: r.days.map(String), from: r.from, to: r.to })), holidays: s.holidays.join('\n'), open: s.open, closed: s.closed };
    case 'list_check':
      return { ...d, blackAction: s.blackAction, whiteNext: s.whiteNext ?? '', next: s.next };
    case 'dial':
      return { ...d, target: 'extension' in s.target ? `ext:${s.target.extension}` : `group:${s.target.ringGroupId}`, ringSeconds: String(s.ringSeconds), next: s.next ?? '', busyNext: s.busyNext ?? '' };
    case 'forward':
      return { ...d, number: s.number, callerId: s.callerId, ringSeconds: String(s.ringSeconds), next: s.next ?? '' };
    case 'voicemail':
      return { ...d, box: s.box, prompt: promptDraft(s.greeting), maxSeconds: String(s.maxSeconds) };
    case 'hangup':
      return { ...d, prompt: promptDraft(s.prompt) };
  }
}

/** A stored scenario as the form shows it. */
export function definitionToDraft(name: string, def: ScenarioDefinition): ScenarioDraft {
  return { name, start: def.start, fallback: def.fallback ?? '', steps: Object.entries(def.steps).map(([id, s]) => stepToDraft(id, s)) };
}

/** An id for a new step that no step has yet: "menu", "menu-2", … */
export function freshStepId(type: StepType, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = type.replace('_', '-');
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
