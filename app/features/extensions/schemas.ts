import { z } from 'zod';
import { isEmergencyNumber, normalizePhone } from '../../kz/phone';

/** A short number inside the account; never an emergency number, which phones must reach directly. */
export const extenField = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .regex(/^\d{2,8}$/, 'telephony.extensions.exten_format')
  .refine((v) => !isEmergencyNumber(v), 'telephony.extensions.exten_emergency');

const optionalId = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^\d{1,10}$/.test(v), 'validation.choose')
  .transform((v) => (v === '' ? null : Number(v)));

export const createExtensionForm = z.object({
  exten: extenField,
  name: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.too_long'),
  userId: optionalId,
});

/**
 * Where to forward: empty for nowhere, up to 8 digits for another extension of the account
 * (the service checks it exists), anything else an outside number read into E.164.
 */
const forwardTarget = z
  .string()
  .trim()
  .max(40, 'validation.too_long')
  .optional()
  .default('')
  .transform((v, ctx) => {
    if (v === '') return null;
    if (/^\d{2,8}$/.test(v)) return { exten: v };
    const e164 = normalizePhone(v);
    if (!e164) ctx.addIssue({ code: 'custom', message: 'telephony.extensions.forward_invalid' });
    return { e164: e164 ?? '' };
  });

export type ForwardTarget = { exten: string } | { e164: string } | null;

export const updateExtensionForm = createExtensionForm.omit({ exten: true }).extend({
  forwardAlways: forwardTarget,
  forwardBusy: forwardTarget,
  forwardNoAnswer: forwardTarget,
  forwardNoAnswerSeconds: z.coerce
    .number({ error: 'telephony.extensions.seconds_range' })
    .int('telephony.extensions.seconds_range')
    .min(5, 'telephony.extensions.seconds_range')
    .max(120, 'telephony.extensions.seconds_range'),
  forwardUnavailable: forwardTarget,
  voicemailEnabled: z.string().optional().transform((v) => v === 'on' || v === '1'),
  outboundCallerNumber: z.string().trim().optional().default('').transform((v) => v || null),
});

export type CreateExtensionInput = z.output<typeof createExtensionForm>;
export type UpdateExtensionInput = z.output<typeof updateExtensionForm>;
