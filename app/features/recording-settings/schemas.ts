import { z } from 'zod';
import { callDirections } from '../calls/schemas';
import { declineKeys } from './warning-texts';
import { warningSources } from './entities';

/** A checkbox group: absent, one value or many, always a list. */
const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(500));
const id = z.coerce.number().int().positive();

export const settingsForm = z
  .object({
    enabled: z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean()),
    scope: z.enum(['all', 'selected'], { error: 'validation.choose' }),
    directions: many(z.enum(callDirections)),
    numberIds: many(id),
    extensionIds: many(id),
    warningSource: z.preprocess((v) => (v === '' ? undefined : v), z.enum(warningSources, { error: 'validation.choose' }).optional()),
    warningLang: z.enum(['ru', 'kk', 'en'], { error: 'validation.choose' }).default('ru'),
    warningText: z.string().trim().max(2000, 'validation.too_long').optional().default(''),
    warningPromptId: z.preprocess((v) => (v === '' ? undefined : v), id.optional()),
    declineDigit: z.enum(declineKeys, { error: 'recording_settings.digit_invalid' }),
  })
  .superRefine((f, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.enabled && !f.warningSource) problem('warningSource', 'recording_settings.warning_required');
    if (f.warningSource === 'text' && !f.warningText) problem('warningText', 'validation.required');
    if (f.warningSource === 'prompt' && !f.warningPromptId) problem('warningPromptId', 'validation.choose');
    if (f.enabled && f.scope === 'selected' && !f.directions.length && !f.numberIds.length && !f.extensionIds.length) problem('scope', 'recording_settings.nothing_selected');
  });

export type SettingsForm = z.output<typeof settingsForm>;
