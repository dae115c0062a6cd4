import { z } from 'zod';

export const speechLang = z.enum(['ru', 'kk', 'en'], { error: 'validation.choose' });

export const promptName = z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.too_long');

export const nameForm = z.object({ name: promptName });

export const speakForm = z.object({
  text: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(2000, 'validation.too_long'),
  lang: speechLang,
});
