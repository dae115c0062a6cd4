import { z } from 'zod';

/** What people type around digits: spaces, dashes, brackets, dots. */
const SEPARATORS = /[\s\-().]/g;

/** The click-to-call form: the number as typed (the engine reads it as the phone would) and the extension to ring. */
export const clickToCallForm = z.object({
  number: z
    .string({ error: 'validation.required' })
    .transform((s) => s.replace(SEPARATORS, ''))
    .pipe(z.string().min(1, 'validation.required').regex(/^\+?[0-9]{2,20}$/, 'live.click.number_invalid')),
  extension: z.coerce.number({ error: 'validation.required' }).int().positive('validation.required'),
});

/** A call id in a path. */
export const callIdParam = z.coerce.number().int().positive();
