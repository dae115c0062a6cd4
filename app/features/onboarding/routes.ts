import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { ValidationError, notFound } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { presentAccount } from '../accounts/presenter';
import { findAccount } from '../accounts/service';
import { OnboardingService } from './service';
import { steps } from './schemas';

const access = { account: 'onboarding.complete' } as const;

function stepOf(req: Request): number {
  const step = Number(req.params.step);
  if (!Number.isInteger(step) || step < 1 || step > steps.length) throw notFound();
  return step;
}

/** The offer wizard: organisation → contact → payment → tariff → acceptance. */
export function registerOnboardingRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const onboarding = new OnboardingService(deps);

  async function render(req: Request, res: Response, step: number, errors?: FieldErrors, values?: Record<string, unknown>) {
    const saved = await findAccount(deps.db, req.account!.id);
    if (step > saved.onboardingStep) return res.redirect(`/a/${saved.id}/onboarding/${saved.onboardingStep}`);
    const locale = res.locals.locale as 'ru' | 'kk' | 'en';
    const tariffs = (await onboarding.publicTariffs()).map((t) => ({
      code: t.code,
      name: { ru: t.nameRu, kk: t.nameKk, en: t.nameEn }[locale],
      monthlyFeeTiyn: Number(t.monthlyFeeTiyn),
    }));
    const chosenTariff = tariffs.find((t) => t.code === saved.tariffCode);
    res.render('onboarding/step', {
      account: presentAccount(saved),
      step,
      stepName: steps[step - 1].name,
      steps: steps.map((s, i) => ({ number: i + 1, name: s.name, current: i + 1 === step, reachable: i + 1 <= saved.onboardingStep })),
      values: values ?? { ...saved, contactPhone: saved.contactPhone ?? '' },
      errors,
      tariffs,
      chosenTariff,
    });
  }

  r.get('/a/:accountId/onboarding', access, async (req, res) => {
    const account = await findAccount(deps.db, req.account!.id);
    res.redirect(`/a/${account.id}/onboarding/${account.onboardingStep}`);
  });

  r.get('/a/:accountId/onboarding/:step', access, (req, res) => render(req, res, stepOf(req)));

  r.post('/a/:accountId/onboarding/:step', access, async (req, res) => {
    const step = stepOf(req);
    const form = parseForm(steps[step - 1].schema, req.body);
    if (!form.ok) {
      res.status(422);
      return render(req, res, step, form.errors, form.values);
    }
    try {
      await onboarding.saveStep(req.account!.id, step, form.data, { userId: req.user!.id, ip: req.ip ?? null });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return render(req, res, step, err.fields, form.data);
    }
    if (step === steps.length) {
      flash(req, 'success', 'onboarding.done');
      return res.redirect(`/a/${req.account!.id}`);
    }
    res.redirect(`/a/${req.account!.id}/onboarding/${step + 1}`);
  });
}
