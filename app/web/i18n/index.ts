import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import en from './en.json';
import kk from './kk.json';
import ru from './ru.json';
import { locales, type Locale } from '../../features/users/roles';

type Dictionary = { [key: string]: string | Dictionary };
export type Params = Record<string, string | number | null | undefined>;

/**
 * Features keep their strings in i18n/features/<feature>.json as { "ru": {...}, "kk": {...}, "en": {...} },
 * merged deeply here over the core dictionaries once at start, so a feature may add to another's
 * keys (e.g. its own notifications.kinds.<kind>).
 */
function deepMerge(target: Dictionary, source: Dictionary): Dictionary {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = typeof value === 'object' && typeof existing === 'object' ? deepMerge({ ...existing }, value) : value;
  }
  return target;
}

function withFeatureStrings(base: Record<Locale, Dictionary>): Record<Locale, Dictionary> {
  const dir = path.join(__dirname, 'features');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const merged = { ru: { ...base.ru }, kk: { ...base.kk }, en: { ...base.en } };
  for (const file of files) {
    const feature = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<Locale, Dictionary>;
    for (const locale of locales) deepMerge(merged[locale], feature[locale] ?? {});
  }
  return merged;
}

const dictionaries: Record<Locale, Dictionary> = withFeatureStrings({ ru, kk, en });
export const defaultLocale: Locale = 'ru';

function lookup(dict: Dictionary, key: string): string | undefined {
  let node: string | Dictionary | undefined = dict;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The one translation function: every visible string goes through it. Missing keys fall back to Russian. */
export function translate(locale: Locale, key: string, params: Params = {}): string {
  const template = lookup(dictionaries[locale], key) ?? lookup(dictionaries[defaultLocale], key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Every key of a dictionary, dotted: lets a test hold the three languages to the same set. */
export function keysOf(locale: Locale): string[] {
  const walk = (node: Dictionary, prefix: string): string[] =>
    Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : walk(v, `${prefix}${k}.`)));
  return walk(dictionaries[locale], '');
}

export type Translator = (key: string, params?: Params) => string;

export function translatorFor(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}
