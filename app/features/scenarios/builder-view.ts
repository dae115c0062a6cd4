import type { Translator } from '../../web/i18n';
import { renderDiagram } from './diagram';
import { STEP_TYPES, type ScenarioDraft, type StepDraft } from './draft';
import type { BuilderMessage } from './draft-build';
import { diagramModel } from './presenter';
import { buildContextOf, type AccountTargets } from './service';

interface Option {
  value: string;
  label: string;
  selected: boolean;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const options = (values: { value: string; label: string }[], current: string, blank?: string): Option[] => {
  const list = [...(blank !== undefined ? [{ value: '', label: blank }] : []), ...values];
  // A value that is no longer offered (a removed step, a deleted phone) stays visible rather than silently lost.
  if (current && !list.some((o) => o.value === current)) list.push({ value: current, label: `${current} (?)` });
  return list.map((o) => ({ ...o, selected: o.value === current }));
};

/** A translated message for the page, with the step it concerns. */
export const presentMessage = (m: BuilderMessage, t: Translator) => ({ step: m.step, field: m.field, text: t(`scenarios.${m.key}`, m.params) });

export interface BuilderPage {
  draft: ScenarioDraft;
  errors: BuilderMessage[];
  warnings: BuilderMessage[];
  targets: AccountTargets;
}

/** Everything the builder's template shows: forms per step with ready select options, messages, the diagram. */
export function presentBuilder(page: BuilderPage, t: Translator) {
  const { draft, targets } = page;
  const stepChoices = draft.steps.map((s) => ({ value: s.id, label: `${s.id} — ${t(`scenarios.types.${s.type}`)}` }));
  const exit = (current: string, required: boolean) => options(stepChoices, current, required ? t('scenarios.choose_step') : t('scenarios.end_call'));
  const stepsWithErrors = new Set(page.errors.map((e) => e.step).filter((s): s is string => Boolean(s)));
  const messagesFor = (id: string) => [...page.errors, ...page.warnings].filter((m) => m.step === id);
  const dialTargets = [
    ...targets.extensions.map((e) => ({ value: `ext:${e.exten}`, label: `${t('scenarios.extension')} ${e.exten} — ${e.name}` })),
    ...targets.ringGroups.map((g) => ({ value: `group:${g.id}`, label: `${t('scenarios.ring_group')}: ${g.name}` })),
  ];
  const steps = draft.steps.map((s, index) => ({
    ...s,
    index,
    typeLabel: t(`scenarios.types.${s.type}`),
    is: { [s.type]: true },
    isStart: s.id === draft.start,
    hasPrompt: ['greeting', 'menu', 'hangup', 'voicemail'].includes(s.type),
    promptRequired: s.type === 'greeting' || s.type === 'menu',
    ...promptChoices(s, targets.prompts, t),
    promptLangs: options(['ru', 'kk', 'en'].map((l) => ({ value: l, label: t(`scenarios.langs.${l}`) })), s.prompt.lang),
    exits: exitFields(s, exit, t),
    optionRows: [...s.options, { key: '', target: '' }, { key: '', target: '' }].slice(0, KEYS.length).map((o, m) => ({
      m,
      keys: options(KEYS.map((k) => ({ value: k, label: k })), o.key, '—'),
      targets: options(stepChoices, o.target, t('scenarios.choose_step')),
    })),
    scheduleRows: [...s.schedule, { days: [], from: '', to: '' }].map((r, m) => ({ m, from: r.from, to: r.to, days: DAYS.map((d, i) => ({ value: String(i + 1), label: t(`scenarios.days.${d}`), checked: r.days.includes(String(i + 1)) })) })),
    blackActions: options(['reject', 'busy'].map((v) => ({ value: v, label: t(`scenarios.black_action.${v}`) })), s.blackAction),
    dialTargets: options(dialTargets, s.target, t('scenarios.choose_target')),
    callerIds: options([{ value: 'keep', label: t('scenarios.caller_keep') }, ...targets.numbers.map((n) => ({ value: n.e164, label: n.display }))], s.callerId),
    messages: messagesFor(s.id).map((m) => ({ ...presentMessage(m, t), warning: !page.errors.includes(m) })),
    hasError: stepsWithErrors.has(s.id),
  }));
  return {
    draft,
    steps,
    startChoices: options(stepChoices, draft.start, t('scenarios.choose_step')),
    fallbackChoices: options(stepChoices, draft.fallback, t('scenarios.no_fallback')),
    addTypes: STEP_TYPES.map((type) => ({ value: type, label: t(`scenarios.types.${type}`) })),
    errors: page.errors.map((m) => presentMessage(m, t)),
    warnings: page.warnings.map((m) => presentMessage(m, t)),
    nameError: page.errors.find((e) => e.field === 'name') ? t('scenarios.errors.name_required') : undefined,
    svg: renderDiagram(diagramModel(draft, t, buildContextOf(targets).names, stepsWithErrors)),
  };
}

/** How the prompt is given (text, one of the account's prompts, a sound by name) and the account's prompts to pick from. */
function promptChoices(s: StepDraft, prompts: AccountTargets['prompts'], t: Translator) {
  const saved = s.prompt.kind === 'sound' && prompts.some((p) => p.sound === s.prompt.sound);
  const kinds = [
    { value: 'text', label: t('scenarios.prompt.text') },
    ...(prompts.length || saved ? [{ value: 'saved', label: t('scenarios.prompt.saved') }] : []),
    { value: 'sound', label: t('scenarios.prompt.sound') },
  ];
  const kind = saved ? 'saved' : s.prompt.kind === 'none' ? '' : s.prompt.kind;
  return {
    promptKinds: options(kinds, kind, s.type === 'greeting' || s.type === 'menu' ? undefined : t('scenarios.prompt.none')),
    savedPrompts: prompts.length ? options(prompts.map((p) => ({ value: p.sound, label: p.name })), saved ? s.prompt.sound : '', t('scenarios.prompt.choose_sound')) : null,
    typedSound: saved ? '' : s.prompt.sound,
  };
}

/** The exit selects a step's form shows, each with its label and whether it may be left empty. */
function exitFields(s: StepDraft, exit: (current: string, required: boolean) => Option[], t: Translator) {
  const f = (field: 'next' | 'busyNext' | 'fallback' | 'whiteNext' | 'open' | 'closed', label: string, required = false) => ({ field, label: t(`scenarios.exit_fields.${label}`), choices: exit(s[field], required) });
  switch (s.type) {
    case 'greeting':
      return [f('next', 'then')];
    case 'menu':
      return [f('fallback', 'no_choice')];
    case 'time_condition':
      return [f('open', 'open', true), f('closed', 'closed', true)];
    case 'list_check':
      return [f('whiteNext', 'white'), f('next', 'others', true)];
    case 'dial':
      return [f('next', 'no_answer'), f('busyNext', 'busy')];
    case 'forward':
      return [f('next', 'no_answer')];
    default:
      return [];
  }
}
