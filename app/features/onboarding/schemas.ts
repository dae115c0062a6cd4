import { z } from 'zod';
import { isValidBin } from '../../kz/bin';
import { normalizePhone } from '../../kz/phone';
import { email, personName } from '../auth/schemas';
import { accountKinds, paymentMethods } from '../accounts/entities';

const required = 'validation.required';
const text = (max: number) => z.string({ error: required }).trim().min(1, required).max(max, 'validation.too_long');

export const organisationStep = z.object({
  kind: z.enum(accountKinds, { error: 'validation.choose' }),
  legalName: text(255),
  bin: z
    .string({ error: required })
    .trim()
    .min(1, required)
    .regex(/^\d{12}$/, 'validation.bin_format')
    .refine(isValidBin, 'validation.bin_checksum'),
  address: text(500),
});

export const contactStep = z.object({
  contactName: personName,
  contactPhone: text(40).transform((v, ctx) => {
    const phone = normalizePhone(v);
    if (!phone) ctx.addIssue({ code: 'custom', message: 'validation.phone' });
    return phone ?? '';
  }),
  contactEmail: email,
});

export const paymentStep = z.object({ paymentMethod: z.enum(paymentMethods, { error: 'validation.choose' }) });

export const tariffStep = z.object({ tariffCode: z.string({ error: 'validation.choose' }).min(1, 'validation.choose').max(40) });

export const acceptStep = z.object({ acceptOffer: z.literal('on', { error: 'validation.must_accept' }) });

/** The wizard's steps in order; each saves its part of the account. */
export const steps = [
  { name: 'organisation', schema: organisationStep },
  { name: 'contact', schema: contactStep },
  { name: 'payment', schema: paymentStep },
  { name: 'tariff', schema: tariffStep },
  { name: 'accept', schema: acceptStep },
] as const;
