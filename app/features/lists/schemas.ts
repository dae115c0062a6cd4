import { z } from 'zod';
import { normalizePhone } from '../../kz/phone';

export const listName = z.enum(['black', 'white'], { error: 'validation.choose' });

/** A number as people type it, read into E.164, or a field message saying it cannot be read. */
export const phoneField = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .max(40, 'validation.too_long')
  .transform((value, ctx) => {
    const e164 = normalizePhone(value);
    if (!e164) ctx.addIssue({ code: 'custom', message: 'validation.phone' });
    return e164 ?? '';
  });

export const addEntryForm = z.object({
  list: listName,
  number: phoneField,
  comment: z.string().trim().max(500, 'validation.too_long').optional().default(''),
});
