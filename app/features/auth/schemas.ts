import { z } from 'zod';
import { locales } from '../users/roles';

const required = 'validation.required';
export const email = z
  .string({ error: required })
  .trim()
  .min(1, required)
  .max(254, 'validation.too_long')
  .toLowerCase()
  .pipe(z.email('validation.email'));
export const personName = z.string({ error: required }).trim().min(1, required).max(200, 'validation.too_long');
export const login = z
  .string({ error: required })
  .trim()
  .toLowerCase()
  .min(1, required)
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, 'validation.login_format');
export const newPassword = z
  .string({ error: required })
  .min(1, required)
  .min(10, 'validation.password_short')
  .max(200, 'validation.too_long')
  .regex(/[^0-9]/, 'validation.password_weak')
  .regex(/[0-9]/, 'validation.password_weak');
const checkbox = z.literal('on', { error: 'validation.must_accept' });

export const signUpForm = z.object({
  email,
  name: personName,
  organisation: z.string().trim().max(255, 'validation.too_long').optional().default(''),
  acceptAgreement: checkbox,
  locale: z.enum(locales).optional(),
});

export const passwordPair = z
  .object({ password: newPassword, passwordConfirm: z.string({ error: required }) })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.password_mismatch' });

export const activationForm = z
  .object({ login, password: newPassword, passwordConfirm: z.string({ error: required }) })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.password_mismatch' });

export const signInForm = z.object({
  login: z.string({ error: required }).trim().min(1, required).max(254, 'validation.too_long'),
  password: z.string({ error: required }).min(1, required).max(200, 'validation.too_long'),
});

export const emailForm = z.object({ email });

export const changePasswordForm = z
  .object({ currentPassword: z.string({ error: required }).min(1, required), password: newPassword, passwordConfirm: z.string({ error: required }) })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.password_mismatch' });
