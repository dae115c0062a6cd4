import type { Translator } from '../../web/i18n';
import type { DiagramModel, DiagramNode } from './diagram';
import type { PromptDraft, ScenarioDraft, StepDraft } from './draft';

/** Names the account gives its dial targets, for boxes and selects. */
export interface TargetNames {
  extensions: Map<string, string>;
  ringGroups: Map<number, string>;
}

/** Every exit of a draft step with the label its arrow carries (empty targets left out). */
export function exitsOfDraft(s: StepDraft, t: Translator): { to: string; label: string }[] {
  const x = (to: string, key?: string) => ({ to, label: key ? t(`scenarios.exits.${key}`) : '' });
  const list = (() => {
    switch (s.type) {
      case 'greeting':
        return [x(s.next)];
      case 'menu':
        return [...s.options.map((o) => ({ to: o.target, label: o.key })), x(s.fallback, 'no_choice')];
      case 'time_condition':
        return [x(s.open, 'open'), x(s.closed, 'closed')];
      case 'list_check':
        return [x(s.whiteNext, 'white'), x(s.next, 'others')];
      case 'dial':
        return [x(s.next, 'no_answer'), x(s.busyNext, 'busy')];
      case 'forward':
        return [x(s.next, 'no_answer')];
      default:
        return [];
    }
  })();
  return list.filter((e) => e.to);
}

function promptSummary(p: PromptDraft, t: Translator): string | undefined {
  if (p.kind === 'text' && p.text) return `«${p.text}»`;
  if (p.kind === 'sound' && p.sound) return `${t('scenarios.sound')}: ${p.sound}`;
  return undefined;
}

const DAY_KEYS = ['', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Weekdays as people write them: 1,2,3,4,5,7 → "Пн–Пт Вс". */
function dayRanges(days: number[], t: Translator): string {
  const name = (d: number) => t(`scenarios.days.${DAY_KEYS[d] ?? ''}`);
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const d of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === d - 1) run.push(d);
    else runs.push([d]);
  }
  return runs.map((r) => (r.length > 2 ? `${name(r[0])}–${name(r.at(-1)!)}` : r.map(name).join(' '))).join(' ');
}

/** The few facts a box shows about a step. */
export function stepDetails(s: StepDraft, t: Translator, names: TargetNames): string[] {
  const prompt = promptSummary(s.prompt, t);
  switch (s.type) {
    case 'greeting':
    case 'hangup':
      return prompt ? [prompt] : [];
    case 'menu':
      return [...(prompt ? [prompt] : []), t('scenarios.details.menu', { count: s.options.length, seconds: s.timeoutSeconds })];
    case 'time_condition':
      return s.schedule.map((r) => `${dayRanges(r.days.map(Number), t)} ${r.from}–${r.to}`);
    case 'list_check':
      return [t(`scenarios.black_action.${s.blackAction === 'busy' ? 'busy' : 'reject'}`)];
    case 'dial':
      return [dialTargetName(s.target, t, names), t('scenarios.details.ring', { seconds: s.ringSeconds })];
    case 'forward':
      return [s.number, t('scenarios.details.ring', { seconds: s.ringSeconds })];
    case 'voicemail':
      return [t('scenarios.details.box', { box: s.box }), ...(prompt ? [prompt] : [])];
  }
}

/** "101 Айгерим" for an extension target, the group's name for a ring group. */
export function dialTargetName(target: string, t: Translator, names: TargetNames): string {
  const ext = /^ext:(.+)$/.exec(target);
  if (ext) return `${t('scenarios.extension')} ${ext[1]} ${names.extensions.get(ext[1]) ?? ''}`.trim();
  const group = /^group:(\d+)$/.exec(target);
  if (group) return `${t('scenarios.ring_group')}: ${names.ringGroups.get(Number(group[1])) ?? group[1]}`;
  return t('scenarios.details.no_target');
}

/** What the diagram draws for a draft: its steps, their exits, and boxes for exits that lead nowhere. */
export function diagramModel(draft: ScenarioDraft, t: Translator, names: TargetNames, stepsWithErrors: Set<string>): DiagramModel {
  const ids = new Set(draft.steps.map((s) => s.id));
  const nodes: DiagramNode[] = draft.steps.map((s) => {
    const exits = exitsOfDraft(s, t);
    const ends = s.type === 'hangup' || s.type === 'voicemail' || s.type === 'dial' || s.type === 'forward' || exits.length === 0;
    return {
      id: s.id,
      title: t(`scenarios.types.${s.type}`),
      details: stepDetails(s, t, names),
      marks: [...(s.id === draft.start ? ['start' as const] : []), ...(ends ? ['end' as const] : []), ...(stepsWithErrors.has(s.id) ? ['error' as const] : [])],
    };
  });
  const edges = draft.steps.flatMap((s) => exitsOfDraft(s, t).map((e) => ({ from: s.id, to: e.to, label: e.label })));
  for (const missing of new Set(edges.map((e) => e.to).filter((to) => !ids.has(to)))) {
    nodes.push({ id: missing, title: t('scenarios.missing_step'), details: [], marks: ['missing'] });
  }
  return { nodes, edges, title: t('scenarios.diagram_title', { name: draft.name }) };
}
