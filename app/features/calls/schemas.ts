import { z } from 'zod';
import { normalizePhone } from '../../kz/phone';
import { callDispositions, type CallDirection, type CallDisposition } from './entities';
import { isCalendarDay, nextDay, startOfLocalDay } from './period';

export const callDirections = ['inbound', 'outbound', 'internal'] as const satisfies readonly CallDirection[];

/** What the history query narrows by; every field already checked and scoped to the account. */
export interface CallFilters {
  since?: Date;
  until?: Date;
  /** Every spelling a number may have been stored in (caller ids arrive as the network sends them). */
  numbers?: string[];
  extensionId?: number;
  direction?: CallDirection;
  outcome?: CallDisposition;
}

/** A keyset position: the last row seen, and which way to go from it. */
export interface Cursor {
  startedAt: Date;
  id: number;
  towards: 'older' | 'newer';
}

export type FilterErrors = Record<string, string>;

const text = (max: number) => z.string().trim().max(max, 'validation.too_long');
const day = text(10).refine((v) => isCalendarDay(v), 'calls.errors.date');
const direction = z.enum(callDirections, { error: 'validation.choose' });
const outcome = z.enum(callDispositions, { error: 'validation.choose' });
const number = text(40).transform((value, ctx) => {
  const forms = numberForms(value);
  if (!forms) ctx.addIssue({ code: 'custom', message: 'validation.phone' });
  return forms ?? [];
});

/** A number as typed, in the forms it may be stored in: E.164, without the +, with the Kazakh 8; short numbers as they are. */
export function numberForms(typed: string): string[] | undefined {
  if (/^\d{2,8}$/.test(typed)) return [typed];
  const e164 = normalizePhone(typed);
  if (!e164) return undefined;
  return e164.startsWith('+7') ? [e164, e164.slice(1), `8${e164.slice(2)}`] : [e164, e164.slice(1)];
}

/**
 * Reads the filter form from a query string. Filters are a search, not a write: a bad value gets its
 * message and is left out, the others still apply.
 */
export function readFilters(query: Record<string, unknown>, extensionIds: number[], timeZone: string) {
  const values: Record<string, string> = {};
  const errors: FilterErrors = {};
  const field = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === '') return undefined;
    values[name] = typeof raw === 'string' ? raw.slice(0, 100) : '';
    const parsed = schema.safeParse(typeof raw === 'string' ? raw : undefined);
    if (parsed.success) return parsed.data;
    errors[name] = parsed.error.issues[0]?.message.match(/^(validation|calls)\./) ? parsed.error.issues[0].message : 'validation.invalid';
    return undefined;
  };
  const from = field('from', day);
  let to = field('to', day);
  if (from && to && to < from) (errors.to = 'calls.errors.period'), (to = undefined);
  const extension = field('extension', z.coerce.number().int().refine((id) => extensionIds.includes(id), 'calls.errors.extension'));
  const filters: CallFilters = {
    since: from ? startOfLocalDay(from, timeZone) : undefined,
    until: to ? startOfLocalDay(nextDay(to), timeZone) : undefined,
    numbers: field('number', number),
    extensionId: extension,
    direction: field('direction', direction),
    outcome: field('outcome', outcome),
  };
  return { filters, values, errors };
}

/** "older:<ms>.<id>" or "newer:<ms>.<id>"; anything else is no cursor (the first page). */
export function readCursor(raw: unknown): Cursor | undefined {
  const match = typeof raw === 'string' ? /^(older|newer):(\d{1,15})\.(\d{1,15})$/.exec(raw) : null;
  if (!match) return undefined;
  const startedAt = new Date(Number(match[2]));
  const id = Number(match[3]);
  return Number.isNaN(startedAt.getTime()) ? undefined : { startedAt, id, towards: match[1] as Cursor['towards'] };
}

export const writeCursor = (towards: Cursor['towards'], row: { startedAt: Date; id: number }) => `${towards}:${row.startedAt.getTime()}.${row.id}`;
