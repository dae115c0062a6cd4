import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { ValidationError } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { callDirections } from '../calls/schemas';
import { presentPrompt } from '../prompts/presenter';
import { promptsService } from '../prompts/service';
import { settingsForm } from './schemas';
import { RecordingSettingsService } from './service';
import { declineKeys, defaultWarningText } from './warning-texts';

const manage = { account: 'telephony.manage' } as const;

/** Form values as the page echoes them: lists stay lists, ids become strings. */
type Values = Record<string, unknown>;

/** Recording settings: what is recorded, the warning and its decline key. */
export function registerRecordingSettingsRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const prompts = promptsService(deps);
  const settings = new RecordingSettingsService(deps.db, prompts, () => deps.clock.now());
  const pagePath = (req: Request) => `/a/${req.account!.id}/recording`;

  async function render(req: Request, res: Response, extra: { errors?: FieldErrors; values?: Values } = {}) {
    const accountId = req.account!.id;
    const locale = res.locals.locale as string;
    const current = await settings.load(accountId);
    const values: Values = extra.values ?? { ...current, warningPromptId: current.warningSource === 'prompt' ? current.warningPromptId : null, warningSource: current.warningSource ?? '' };
    const chosen = (list: unknown, id: number | string) => ([] as unknown[]).concat(list ?? []).map(String).includes(String(id));
    const { numbers, extensions } = await settings.targets(accountId);
    const digit = String(values.declineDigit ?? '9') as (typeof declineKeys)[number];
    res.render('recording-settings/index', {
      title: req.t('recording_settings.title'),
      account: req.account,
      values,
      errors: extra.errors,
      directions: callDirections.map((value) => ({ value, checked: chosen(values.directions, value) })),
      numbers: numbers.map((n) => ({ ...n, checked: chosen(values.numberIds, n.id) })),
      extensions: extensions.map((e) => ({ ...e, checked: chosen(values.extensionIds, e.id) })),
      prompts: (await prompts.list(accountId)).map((p) => ({ id: p.id, name: p.name, selected: String(p.id) === String(values.warningPromptId) })),
      keys: declineKeys.map((k) => ({ value: k, selected: k === digit })),
      defaults: (['ru', 'kk', 'en'] as const).map((lang) => ({ lang, text: defaultWarningText(lang, declineKeys.includes(digit) ? digit : '9'), selected: lang === values.warningLang })),
      warning: current.warning ? presentPrompt(current.warning, accountId, locale) : undefined,
      enabled: current.enabled,
    });
  }

  r.get('/a/:accountId/recording', manage, (req, res) => render(req, res));

  r.post('/a/:accountId/recording', manage, async (req, res) => {
    const form = parseForm(settingsForm, req.body);
    if (!form.ok) {
      res.status(422);
      return render(req, res, { errors: form.errors, values: { ...req.body, _csrf: undefined } });
    }
    try {
      await settings.save(req.account!.id, { userId: req.user!.id, ip: req.ip ?? null }, form.data, (lang) => req.t('recording_settings.warning_prompt_name', { lang: req.t(`prompts.langs.${lang}`) }));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return render(req, res, { errors: err.fields, values: { ...req.body, _csrf: undefined } });
    }
    flash(req, 'success', form.data.enabled ? 'recording_settings.saved_on' : 'recording_settings.saved_off');
    res.redirect(pagePath(req));
  });
}
