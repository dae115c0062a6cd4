import { create } from 'express-handlebars';
import type { Express } from 'express';
import path from 'node:path';
import { translate, type Params } from './i18n';
import { isLocale, defaultLocale } from './i18n';

const viewsDir = path.resolve(__dirname, '../../views');

type HelperOptions = { hash: Params; data: { root: { locale?: string } } };

function localeOf(options: HelperOptions) {
  const locale = options.data.root.locale;
  return isLocale(locale) ? locale : defaultLocale;
}

/** Helpers every template may use; templates compute nothing else. */
export const helpers = {
  /** {{t "key" name=value}}; `params=obj` passes a whole object of parameters (flash messages). */
  t(key: string, options: HelperOptions) {
    const { params, ...rest } = options.hash as { params?: Params } & Params;
    return translate(localeOf(options), key, { ...(typeof params === 'object' ? params : {}), ...rest });
  },
  eq: (a: unknown, b: unknown) => a === b,
  /** The first truthy argument: a default for a form value. */
  or: (...args: unknown[]) => args.slice(0, -1).find(Boolean),
  /** Builds a translation key from parts: (concat "auth.link." state ".title"). */
  concat: (...parts: unknown[]) => parts.slice(0, -1).join(''),
  /** Integer tiyn as "1 234,56 ₸". */
  money(tiyn: number, options: HelperOptions) {
    const tenge = (tiyn / 100).toLocaleString(localeOf(options) === 'en' ? 'en-US' : 'ru-RU', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    return `${tenge} ₸`;
  },
  datetime(value: Date | string | null, options: HelperOptions) {
    if (!value) return '';
    return new Date(value).toLocaleString(localeOf(options) === 'en' ? 'en-GB' : 'ru-RU', {
      timeZone: (options.hash.timeZone as string) || 'Asia/Almaty',
      dateStyle: 'short',
      timeStyle: 'short',
    });
  },
  json: (value: unknown) => JSON.stringify(value),
  array: (...items: unknown[]) => items.slice(0, -1),
};

/** Registers the Handlebars engine with layouts and partials from views/. */
export function setupViews(app: Express): void {
  const hbs = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(viewsDir, 'layouts'),
    partialsDir: path.join(viewsDir, 'partials'),
    helpers,
  });
  app.engine('.hbs', hbs.engine);
  app.set('view engine', '.hbs');
  app.set('views', viewsDir);
}

export { viewsDir };
