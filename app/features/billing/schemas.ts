import { z } from 'zod';
import { isCalendarDay } from '../calls/period';

const TENGE = /^(-?)(\d{1,12})(?:[.,](\d{1,2}))?$/;

/** An amount as people type it ("12 345,67", "12345.6", "-500") read into integer tiyn, never through a float. */
export function parseTenge(value: string): number | undefined {
  const m = TENGE.exec(value.replace(/[\s\u00a0]/g, ''));
  if (!m) return undefined;
  const tiyn = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -tiyn : tiyn;
}

const amountField = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .transform((value, ctx) => {
    const tiyn = parseTenge(value);
    if (tiyn === undefined) ctx.addIssue({ code: 'custom', message: 'billing.validation.amount' });
    return tiyn ?? 0;
  });

const required = (max: number) => z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.too_long');

export const paymentForm = z.object({
  amount: amountField.refine((tiyn) => tiyn > 0, 'billing.validation.amount_positive'),
  paidOn: z.string({ error: 'validation.required' }).refine(isCalendarDay, 'billing.validation.date'),
  bankReference: required(100),
  payer: required(200),
});

/** Named apart from the payment's amount: both forms share one page and its field ids. */
export const correctionForm = z.object({
  correctionAmount: amountField.refine((tiyn) => tiyn !== 0, 'billing.validation.amount_nonzero'),
  /** The day the correction belongs to (its month's documents count it); today when left empty. */
  correctionOn: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isCalendarDay, 'billing.validation.date').optional()),
  reason: required(400),
});

export type PaymentInput = z.output<typeof paymentForm>;
export type CorrectionInput = z.output<typeof correctionForm>;
