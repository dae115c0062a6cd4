/**
 * Reads the templates in asterisk/ and fills their {{placeholders}}.
 *
 * `{{...}}` (Handlebars) never occurs in Asterisk's own syntax, whose dialplan uses `${...}` and
 * `$[...]`, so the two cannot be confused. Rendering is strict: a placeholder the data lacks, or a
 * block condition naming an unknown value, throws instead of leaving a silent gap in a config file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';

/** The asterisk/ folder at the repository root, where the templates live under their output names. */
export const TEMPLATE_DIR = resolve(__dirname, '../../../asterisk');

/** Template name → template text. */
export type Templates = ReadonlyMap<string, string>;

/** A template that cannot be rendered with the data given (unknown placeholder, syntax error). */
export class AsteriskTemplateError extends Error {
  readonly code = 'asterisk_template_invalid';

  constructor(readonly file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
    this.name = 'AsteriskTemplateError';
  }
}

/** Reads every `*.conf` template in a folder. */
export function readTemplates(dir: string = TEMPLATE_DIR): Templates {
  const names = readdirSync(dir).filter((n) => n.endsWith('.conf')).sort();
  return new Map(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

/**
 * Handlebars' strict mode checks `{{name}}` but not the arguments of block helpers, so `{{#if typo}}`
 * would quietly render nothing. The data never holds `undefined` (absent parts are null), so
 * `undefined` reaching a block helper can only mean an unknown name.
 */
function strictHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  for (const name of ['if', 'unless', 'each', 'with']) {
    const builtin = hb.helpers[name] as (this: unknown, ...args: unknown[]) => unknown;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as Handlebars.HelperOptions & { loc?: { start: { line: number } } };
      if (args.length < 2 || args[0] === undefined) {
        throw new Error(`#${name} on an unknown value (line ${options.loc?.start.line ?? '?'})`);
      }
      return builtin.apply(this, args);
    });
  }
  return hb;
}

/** Renders each template with the same data; throws AsteriskTemplateError naming the file. */
export function renderTemplates(templates: Templates, data: object): Map<string, string> {
  const hb = strictHandlebars();
  const out = new Map<string, string>();
  for (const [name, text] of templates) {
    try {
      out.set(name, hb.compile(text, { strict: true, noEscape: true })(data));
    } catch (err) {
      throw new AsteriskTemplateError(name, err instanceof Error ? err.message : String(err), { cause: err });
    }
  }
  return out;
}
