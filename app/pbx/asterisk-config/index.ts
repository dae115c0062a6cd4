/** Renders and writes the Asterisk configuration directory (asterisk/ templates + values + contract). */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readTemplates, renderTemplates, type Templates } from './templates';
import { resolveAsteriskConfigValues, type AsteriskConfigValues } from './values';
import { buildTemplateView } from './view';

export { AsteriskTemplateError, TEMPLATE_DIR, readTemplates } from './templates';
export { AsteriskConfigError, resolveAsteriskConfigValues } from './values';
export type { AsteriskConfigValues, ResolvedAsteriskConfigValues } from './values';

/** Files holding passwords (ARI user, carrier auth): not world-readable. */
const SECRET_FILES = new Set(['ari.conf', 'pjsip.conf']);

/**
 * File name → rendered text for every template. Pure given the templates (read from asterisk/ by
 * default); throws AsteriskConfigError on bad values and AsteriskTemplateError on a bad template.
 */
export function renderAsteriskConfig(
  values: AsteriskConfigValues,
  templates: Templates = readTemplates(),
): Map<string, string> {
  return renderTemplates(templates, buildTemplateView(resolveAsteriskConfigValues(values)));
}

/**
 * Renders into outDir (created if missing), with astetcdir pointing at outDir itself so that
 * `asterisk -C <outDir>/asterisk.conf` runs it as is. Returns the absolute paths written.
 */
export function writeAsteriskConfig(values: AsteriskConfigValues, outDir: string): string[] {
  const dir = resolve(outDir);
  const files = renderAsteriskConfig({ ...values, directories: { ...values.directories, etc: dir } });
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    const mode = SECRET_FILES.has(name) ? 0o640 : 0o644;
    // Write then rename, so an Asterisk reloading meanwhile never reads half a file.
    const tmp = join(dir, `.${name}.tmp`);
    writeFileSync(tmp, text, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
    written.push(path);
  }
  return written;
}
