import { z } from 'zod';
import { isCalendarDay } from '../calls/period';
import { destinationClasses } from './destinations';
import { parseTenge } from './schemas';

const tenge = (message = 'billing.validation.amount') =>
  z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').transform((value, ctx) => {
    const tiyn = parseTenge(value);
    if (tiyn === undefined || tiyn < 0) ctx.addIssue({ code: 'custom', message });
    return tiyn ?? 0;
  });

/** Blank: not offered; otherwise a non-negative amount in tenge. */
const optionalTenge = z.string().optional().transform((value, ctx) => {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) return undefined;
  const tiyn = parseTenge(trimmed);
  if (tiyn === undefined || tiyn < 0) ctx.addIssue({ code: 'custom', message: 'billing.validation.amount' });
  return tiyn;
});

const wholeNumber = (max: number, message: string) =>
  z.string({ error: 'validation.required' }).trim().regex(/^\d{1,7}$/, message).transform(Number).refine((n) => n <= max, message);

/** The support form for a tariff's new price list: `rate_<class>` per minute and `option_<code>` per month, in tenge. */
export function tariffVersionForm(optionCodes: string[]) {
  return z.object({
    validFrom: z.string({ error: 'validation.required' }).refine(isCalendarDay, 'billing.validation.date'),
    monthlyFee: tenge(),
    includedMinutes: wholeNumber(1_000_000, 'billing.tariffs.errors.minutes'),
    lowBalanceThreshold: tenge(),
    ...Object.fromEntries(destinationClasses.map((c) => [`rate_${c}`, tenge()])),
    ...Object.fromEntries(optionCodes.map((code) => [`option_${code}`, optionalTenge])),
  });
}

const name = z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.too_long');

export const newTariffForm = z.object({
  code: z.string({ error: 'validation.required' }).trim().regex(/^[a-z0-9-]{1,40}$/, 'billing.tariffs.errors.code'),
  nameRu: name,
  nameKk: name,
  nameEn: name,
});

export const planForm = z.object({ plan: z.string({ error: 'billing.services.errors.plan' }).trim().min(1, 'billing.services.errors.plan').max(40) });

/** `qty_<code>` per option: a count for per-unit options, "1" (checked) or absent for the others. */
export function optionsForm(optionCodes: string[]) {
  return z.object(Object.fromEntries(optionCodes.map((code) => [
    `qty_${code}`,
    z.string().optional().transform((v) => v?.trim() || '0').pipe(wholeNumber(1000, 'billing.services.errors.quantity')),
  ])));
}

export const thresholdForm = z.object({ threshold: optionalTenge });
