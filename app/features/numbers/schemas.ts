import { z } from 'zod';

/** The scenario to run on a number: an id, or empty for none. Whose scenario it is, the service checks. */
export const attachScenarioForm = z.object({
  scenarioId: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => v === '' || /^\d{1,10}$/.test(v), 'validation.choose')
    .transform((v) => (v === '' ? null : Number(v))),
});
