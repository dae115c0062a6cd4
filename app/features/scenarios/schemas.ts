import { z } from 'zod';
import { TEMPLATES } from './templates';

/** A new scenario: its name and the template it starts from. */
export const createForm = z.object({
  name: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.too_long'),
  template: z.enum(TEMPLATES, { error: 'validation.choose' }),
});

/** The number to run a scenario on (one of the account's; the numbers service checks whose). */
export const attachForm = z.object({
  numberId: z
    .string({ error: 'validation.choose' })
    .regex(/^\d{1,10}$/, 'validation.choose')
    .transform(Number),
});
