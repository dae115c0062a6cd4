import { scenarioDefinition, type ScenarioDefinition } from '../../pbx/scenario/schema';

/** Ready scenarios a new one may start from; `blank` is a single hang-up step to build on. */
export const TEMPLATES = ['blank', 'business_hours', 'ring_all'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export interface TemplateInput {
  /** The account's extensions, by number. */
  extensions: { exten: string; name: string }[];
  /** A ring group with every extension in it (ring_all), when the account has extensions. */
  everyoneGroupId: number | null;
  lang: 'ru' | 'kk' | 'en';
}

const MENU_TEXT = {
  ru: (items: string[]) => `Здравствуйте! ${items.join('. ')}.`,
  kk: (items: string[]) => `Сәлеметсіз бе! ${items.join('. ')}.`,
  en: (items: string[]) => `Hello! ${items.join('. ')}.`,
};
const PRESS = { ru: (key: string, name: string) => `${name} — нажмите ${key}`, kk: (key: string, name: string) => `${name} — ${key} басыңыз`, en: (key: string, name: string) => `For ${name} press ${key}` };
const LEAVE_MESSAGE = { ru: 'Оставьте сообщение — мы перезвоним', kk: 'Хабарлама қалдырыңыз — біз қайта қоңырау шаламыз', en: 'Please leave a message and we will call you back' };
const WELCOME = { ru: 'Здравствуйте! Соединяем с сотрудником', kk: 'Сәлеметсіз бе! Қызметкерге қосамыз', en: 'Hello! Connecting you to our staff' };

/** Business hours → a menu of up to nine departments (the account's extensions) → voicemail when closed or unanswered. */
function businessHours({ extensions, lang }: TemplateInput): unknown {
  const departments = extensions.slice(0, 9);
  const options: Record<string, string> = Object.fromEntries(departments.map((ext, i) => [String(i + 1), `dial-${ext.exten}`]));
  if (!departments.length) options['0'] = 'voicemail';
  const items = departments.length ? departments.map((e, i) => PRESS[lang](String(i + 1), e.name)) : [PRESS[lang]('0', LEAVE_MESSAGE[lang].toLowerCase())];
  // Steps in the order a call meets them: the builder lists them so.
  const steps: Record<string, unknown> = {
    hours: { type: 'time_condition', schedule: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }], holidays: [], open: 'menu', closed: 'voicemail' },
    menu: { type: 'menu', prompt: { text: MENU_TEXT[lang](items), lang }, options, fallback: 'voicemail' },
  };
  for (const ext of departments) steps[`dial-${ext.exten}`] = { type: 'dial', target: { extension: ext.exten }, next: 'voicemail' };
  steps.voicemail = { type: 'voicemail', box: 'general', greeting: { text: LEAVE_MESSAGE[lang], lang } };
  return { start: 'hours', steps };
}

/** A greeting, every phone at once, then voicemail. */
function ringAll({ everyoneGroupId, extensions, lang }: TemplateInput): unknown {
  const target = everyoneGroupId ? { ringGroupId: everyoneGroupId } : extensions[0] ? { extension: extensions[0].exten } : null;
  return {
    start: 'welcome',
    steps: {
      welcome: { type: 'greeting', prompt: { text: WELCOME[lang], lang }, next: target ? 'ring-all' : 'voicemail' },
      ...(target ? { 'ring-all': { type: 'dial', target, next: 'voicemail' } } : {}),
      voicemail: { type: 'voicemail', box: 'general', greeting: { text: LEAVE_MESSAGE[lang], lang } },
    },
  };
}

/** A template's definition for this account, validated as any saved scenario is. */
export function templateDefinition(name: TemplateName, input: TemplateInput): ScenarioDefinition {
  const raw = name === 'business_hours' ? businessHours(input) : name === 'ring_all' ? ringAll(input) : { start: 'end', steps: { end: { type: 'hangup' } } };
  return scenarioDefinition.parse(raw);
}
