import { normalizePhone } from '../../kz/phone';
import { findProblems, findUnreachable, scenarioDefinition, step as stepSchema, type ScenarioDefinition, type Step } from '../../pbx/scenario/schema';
import type { PromptDraft, ScenarioDraft, StepDraft } from './draft';

/** One thing to tell the person building the scenario; `key` is a translation key under scenarios. */
export interface BuilderMessage {
  level: 'error' | 'warning';
  key: string;
  params: Record<string, string | number>;
  step?: string;
  field?: string;
}

/** What the account has that steps may point at: dial targets and caller numbers are checked against it. */
export interface BuildContext {
  extensions: string[];
  ringGroupIds: number[];
  numbers: string[];
}

export interface BuildResult {
  definition?: ScenarioDefinition;
  errors: BuilderMessage[];
  warnings: BuilderMessage[];
}

const STEP_ID = /^[a-z0-9_-]{1,40}$/i;
const SOUND = /^[A-Za-z0-9_/.-]{1,200}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Turns the builder's draft into a definition the engine runs, or says which step is wrong and why. */
export function buildDefinition(draft: ScenarioDraft, ctx: BuildContext): BuildResult {
  const errors: BuilderMessage[] = [];
  const err = (key: string, step?: string, field?: string, params: BuilderMessage['params'] = {}) => errors.push({ level: 'error', key, params: { step: step ?? '', ...params }, step, field });
  if (!draft.name) err('errors.name_required', undefined, 'name');
  if (!draft.steps.length) err('errors.no_steps');
  const steps: Record<string, Step> = {};
  for (const d of draft.steps) {
    if (!STEP_ID.test(d.id)) err('errors.bad_step_id', d.id, 'id');
    else if (d.id in steps) err('errors.duplicate_step_id', d.id, 'id');
    const candidate = withoutUnset(buildStep(d, ctx, (key, field, params) => err(key, d.id, field, params)));
    const parsed = stepSchema.safeParse(candidate);
    if (parsed.success) steps[d.id] = parsed.data;
    else {
      if (!errors.some((e) => e.step === d.id)) for (const issue of parsed.error.issues) err('errors.invalid_value', d.id, String(issue.path[0] ?? ''), { field: String(issue.path.join('.')) });
      steps[d.id] = candidate as Step; // still checked below for its exits
    }
  }
  const shape = { start: draft.start, ...(draft.fallback ? { fallback: draft.fallback } : {}), steps };
  if (draft.steps.length) {
    for (const p of findProblems(shape)) err(`problems.${p.code}`, p.step, p.code === 'missing_start' ? 'start' : p.code === 'missing_fallback' ? 'fallback' : undefined, { target: p.target ?? '' });
  }
  const warnings: BuilderMessage[] = findUnreachable(shape).map((p) => ({ level: 'warning', key: `problems.${p.code}`, params: { step: p.step ?? '' }, step: p.step }));
  if (errors.length) return { errors, warnings };
  const parsed = scenarioDefinition.safeParse({ version: 1, ...shape });
  if (!parsed.success) return { errors: [{ level: 'error', key: 'errors.invalid_value', params: { step: '', field: parsed.error.issues[0]?.message ?? '' } }], warnings };
  return { definition: parsed.data, errors, warnings };
}

/** Optional fields left empty are absent, as in a definition written by hand. */
const withoutUnset = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

type Report = (key: string, field: string, params?: BuilderMessage['params']) => void;

function buildStep(d: StepDraft, ctx: BuildContext, report: Report): Record<string, unknown> {
  const exit = (field: keyof StepDraft, required = false) => {
    const v = d[field] as string;
    if (!v && required) report('errors.exit_required', field);
    return v || undefined;
  };
  const int = (field: 'timeoutSeconds' | 'retries' | 'ringSeconds' | 'maxSeconds', min: number, max: number) => {
    const n = Number(d[field]);
    if (!/^\d{1,4}$/.test(d[field]) || n < min || n > max) report('errors.number_range', field, { min, max });
    return n;
  };
  const base = { ...parseExtra(d.extra), type: d.type };
  switch (d.type) {
    case 'greeting':
      return { ...base, prompt: prompt(d.prompt, true, report), next: exit('next') };
    case 'menu':
      return { ...base, prompt: prompt(d.prompt, true, report), options: menuOptions(d, report), timeoutSeconds: int('timeoutSeconds', 1, 60), retries: int('retries', 0, 5), fallback: exit('fallback') };
    case 'time_condition':
      return { ...base, schedule: schedule(d, report), holidays: holidays(d.holidays, report), open: exit('open', true), closed: exit('closed', true) };
    case 'list_check':
      if (d.blackAction !== 'reject' && d.blackAction !== 'busy') report('errors.choose', 'blackAction');
      return { ...base, blackAction: d.blackAction, whiteNext: exit('whiteNext'), next: exit('next', true) };
    case 'dial':
      return { ...base, target: dialTarget(d.target, ctx, report), ringSeconds: int('ringSeconds', 5, 300), next: exit('next'), busyNext: exit('busyNext') };
    case 'forward': {
      const number = normalizePhone(d.number);
      if (!number) report('errors.phone', 'number');
      if (d.callerId !== 'keep' && !ctx.numbers.includes(d.callerId)) report('errors.choose', 'callerId');
      return { ...base, number: number ?? d.number, callerId: d.callerId, ringSeconds: int('ringSeconds', 5, 300), next: exit('next') };
    }
    case 'voicemail':
      if (!/^[a-z0-9_-]{1,64}$/i.test(d.box)) report('errors.box', 'box');
      return { ...base, box: d.box, greeting: prompt(d.prompt, false, report), maxSeconds: int('maxSeconds', 5, 600) };
    case 'hangup':
      return { ...base, prompt: prompt(d.prompt, false, report) };
  }
}

function parseExtra(extra: string): Record<string, unknown> {
  if (!extra) return {};
  try {
    const value: unknown = JSON.parse(extra);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function prompt(p: PromptDraft, required: boolean, report: Report) {
  if (p.kind === 'text') {
    if (!p.text) report('errors.prompt_text', 'prompt');
    if (!['ru', 'kk', 'en'].includes(p.lang)) report('errors.choose', 'prompt');
    return { text: p.text, lang: p.lang };
  }
  if (p.kind === 'sound') {
    if (!SOUND.test(p.sound)) report('errors.prompt_sound', 'prompt');
    return { sound: p.sound };
  }
  if (required) report('errors.prompt_required', 'prompt');
  return undefined;
}

function menuOptions(d: StepDraft, report: Report): Record<string, string> {
  const options: Record<string, string> = {};
  for (const o of d.options) {
    if (!/^[0-9*#]$/.test(o.key)) report('errors.menu_key', 'options', { key: o.key });
    else if (o.key in options) report('errors.menu_key_twice', 'options', { key: o.key });
    else if (!o.target) report('errors.menu_target', 'options', { key: o.key });
    else options[o.key] = o.target;
  }
  if (!d.options.length) report('errors.menu_no_options', 'options');
  return options;
}

function schedule(d: StepDraft, report: Report) {
  if (!d.schedule.length) report('errors.schedule_required', 'schedule');
  return d.schedule.map((r) => {
    const days = [...new Set(r.days.map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 7))].sort((a, b) => a - b);
    if (!days.length) report('errors.schedule_days', 'schedule');
    if (!TIME.test(r.from) || !TIME.test(r.to)) report('errors.schedule_time', 'schedule');
    return { days, from: r.from, to: r.to };
  });
}

function holidays(text: string, report: Report): string[] {
  const dates = text.split(/[\s,;]+/).filter(Boolean);
  for (const date of dates) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) report('errors.holiday', 'holidays', { date });
  }
  return dates;
}

function dialTarget(value: string, ctx: BuildContext, report: Report) {
  const ext = /^ext:(\d{2,8})$/.exec(value);
  if (ext) {
    if (!ctx.extensions.includes(ext[1])) report('errors.unknown_extension', 'target', { exten: ext[1] });
    return { extension: ext[1] };
  }
  const group = /^group:(\d{1,10})$/.exec(value);
  if (group && ctx.ringGroupIds.includes(Number(group[1]))) return { ringGroupId: Number(group[1]) };
  report(value ? 'errors.unknown_group' : 'errors.target_required', 'target');
  return { extension: '' };
}
