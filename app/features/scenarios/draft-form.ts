import { blankStep, isStepType, type PromptDraft, type ScenarioDraft, type StepDraft, type StepType } from './draft';

type Body = Record<string, unknown>;

/** What the builder's form asked for: save, only check and redraw, add a step, remove one. */
export type BuilderAction = { kind: 'save' } | { kind: 'preview' } | { kind: 'add'; type: StepType; id: string } | { kind: 'remove'; id: string };

const MAX_STEPS = 60;
const MAX_ROWS = 12;

const str = (v: unknown, max = 2000): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim().slice(0, max);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** Row numbers present for a prefix such as "s.0.opt." (rows may have gaps once one is emptied). */
function indexes(body: Body, prefix: string, limit: number): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const n = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(n) && n >= 0 && n < 1000) found.add(n);
  }
  return [...found].sort((a, b) => a - b).slice(0, limit);
}

function promptFrom(body: Body, p: string): PromptDraft {
  const kind = str(body[`${p}.kind`]);
  const base = { text: str(body[`${p}.text`]), lang: str(body[`${p}.lang`], 2) || 'ru', sound: str(body[`${p}.sound`], 200) };
  // "One of the account's prompts" is a sound prompt whose name comes from the prompts select.
  if (kind === 'saved') return { ...base, kind: 'sound', sound: str(body[`${p}.saved`], 200) };
  return { ...base, kind: kind === 'text' || kind === 'sound' ? kind : 'none' };
}

function stepFrom(body: Body, n: number): StepDraft | undefined {
  const p = `s.${n}.`;
  const type = str(body[`${p}type`]);
  if (!isStepType(type)) return undefined;
  const f = (name: string, max?: number) => str(body[p + name], max);
  return {
    ...blankStep(f('id', 60), type),
    prompt: promptFrom(body, `${p}prompt`),
    next: f('next'), busyNext: f('busyNext'), fallback: f('fallback'), whiteNext: f('whiteNext'), open: f('open'), closed: f('closed'),
    options: indexes(body, `${p}opt.`, MAX_ROWS)
      .map((m) => ({ key: f(`opt.${m}.key`, 1), target: f(`opt.${m}.target`) }))
      .filter((o) => o.key || o.target),
    timeoutSeconds: f('timeoutSeconds', 6), retries: f('retries', 6), ringSeconds: f('ringSeconds', 6), maxSeconds: f('maxSeconds', 6),
    schedule: indexes(body, `${p}sch.`, MAX_ROWS)
      .map((m) => ({ days: strs(body[`${p}sch.${m}.days`]).slice(0, 7), from: f(`sch.${m}.from`, 5), to: f(`sch.${m}.to`, 5) }))
      .filter((r) => r.days.length || r.from || r.to),
    holidays: f('holidays', 2000), blackAction: f('blackAction', 10), target: f('target', 40), number: f('number', 40), callerId: f('callerId', 40), box: f('box', 64), extra: f('extra', 10_000),
  };
}

/** Reads the builder's multipart form into a draft (nothing is lost: unknown step types are the only thing dropped). */
export function readDraft(body: Body): ScenarioDraft {
  const steps = indexes(body, 's.', MAX_STEPS).map((n) => stepFrom(body, n)).filter((s): s is StepDraft => s !== undefined);
  return { name: str(body.name, 200), start: str(body.start), fallback: str(body.fallback), steps };
}

/** Which of the form's buttons was pressed. */
export function readAction(body: Body): BuilderAction {
  const action = str(body.action, 100);
  if (action === 'add') {
    const type = str(body.addType);
    if (isStepType(type)) return { kind: 'add', type, id: str(body.addId, 60) };
  }
  if (action.startsWith('remove:')) return { kind: 'remove', id: action.slice('remove:'.length) };
  if (action === 'preview') return { kind: 'preview' };
  return { kind: 'save' };
}

/** The draft without one step; exits that led to it are cleared so the form shows them as unset. */
export function withoutStep(draft: ScenarioDraft, id: string): ScenarioDraft {
  const clear = (v: string) => (v === id ? '' : v);
  const steps = draft.steps
    .filter((s) => s.id !== id)
    .map((s) => ({ ...s, next: clear(s.next), busyNext: clear(s.busyNext), fallback: clear(s.fallback), whiteNext: clear(s.whiteNext), open: clear(s.open), closed: clear(s.closed), options: s.options.filter((o) => o.target !== id) }));
  return { ...draft, start: clear(draft.start) || (steps[0]?.id ?? ''), fallback: clear(draft.fallback), steps };
}
