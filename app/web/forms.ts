import type { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/** A schema's own message that is a translation key (e.g. validation.required, telephony.exten_taken). */
const TRANSLATION_KEY = /^[a-z_]+(\.[a-z0-9_]+)+$/;

/** Validates a submitted form; messages are translation keys, one per field (the first problem). */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= TRANSLATION_KEY.test(issue.message) ? issue.message : 'validation.invalid';
  }
  return { ok: false, errors, values: withoutSecrets(values) };
}

/** What a re-rendered form may echo back: never passwords or the CSRF token. */
export function withoutSecrets(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => !/password|_csrf/i.test(k) && typeof v === 'string'));
}
