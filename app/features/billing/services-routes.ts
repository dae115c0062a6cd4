import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { ValidationError } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { can } from '../accounts/policy';
import { accountComposition } from './account-composition';
import { CompositionService } from './composition-service';
import { billingDay, monthOf } from './months';
import { presentEntry } from './presenter';
import { presentComposition, presentPriceList, presentTariff, presentUsage } from './tariff-presenter';
import { optionsForm, planForm, thresholdForm } from './tariff-schemas';
import { registerSupportTariffRoutes } from './support-tariff-routes';
import { loadOptions, TariffCatalog } from './tariffs';
import { monthUsage } from './usage';

const manage = { account: 'services.manage' } as const;
const view = { account: 'billing.view' } as const;
type Locale = 'ru' | 'kk' | 'en';

/** The cabinet's services (plan and options) and usage pages, and the support console's tariffs. */
export function registerServiceRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const composition = new CompositionService(deps.db, deps.clock);
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });
  const back = (req: Request) => `/a/${req.account!.id}/services`;

  async function renderServices(req: Request, res: Response, form: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    const locale = res.locals.locale as Locale;
    const now = deps.clock.now();
    const [catalog, options] = await Promise.all([TariffCatalog.load(deps.db), loadOptions(deps.db)]);
    const current = await accountComposition(deps.db, catalog, options, req.account!.id, now);
    const name = (code: string) => catalog.tariff(code)?.names[locale] ?? code;
    const plans = catalog.tariffs.filter((t) => t.isPublic && catalog.at(t.code, now)).map((t) => ({
      ...presentTariff(t, locale),
      prices: presentPriceList(catalog.at(t.code, now)!, options, locale, now),
      selected: t.code === current.planCode,
    }));
    res.render('billing/services', {
      account: req.account,
      canManage: can(req.account!.role, 'services.manage', req.account!.status),
      services: presentComposition(current, name, locale),
      prices: current.prices && presentPriceList(current.prices, options, locale, now),
      plans,
      ...form,
    });
  }

  r.get('/a/:accountId/services', view, (req, res) => renderServices(req, res));

  r.post('/a/:accountId/services/plan', manage, async (req, res) => {
    const form = parseForm(planForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      const { tariff, from } = await composition.choosePlan(req.account!.id, actor(req), form.data.plan);
      flash(req, 'success', 'billing.services.plan_chosen', { name: tariff.names[res.locals.locale as Locale], from: billingDay(from) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return renderServices(req, res, { errors: err.fields, values: req.body });
    }
    res.redirect(back(req));
  });

  r.post('/a/:accountId/services/options', manage, async (req, res) => {
    const now = deps.clock.now();
    const [catalog, options] = await Promise.all([TariffCatalog.load(deps.db), loadOptions(deps.db)]);
    const form = parseForm(optionsForm(options.map((o) => o.code)), req.body);
    if (!form.ok) {
      res.status(422);
      return renderServices(req, res, { errors: form.errors, values: form.values });
    }
    const current = await accountComposition(deps.db, catalog, options, req.account!.id, now);
    const offered = new Set(current.options.filter((o) => o.feeTiyn !== undefined).map((o) => o.option.code));
    const quantities = Object.fromEntries(options.map((o) => [o.code, Number((form.data as Record<string, number>)[`qty_${o.code}`] ?? 0)]));
    await composition.setOptions(req.account!.id, actor(req), quantities, offered);
    flash(req, 'success', 'billing.services.options_saved');
    res.redirect(back(req));
  });

  r.post('/a/:accountId/services/threshold', manage, async (req, res) => {
    const form = parseForm(thresholdForm, req.body);
    if (!form.ok) {
      res.status(422);
      return renderServices(req, res, { errors: form.errors, values: form.values });
    }
    await composition.setThreshold(req.account!.id, actor(req), form.data.threshold ?? null);
    flash(req, 'success', 'billing.services.threshold_saved');
    res.redirect(back(req));
  });

  r.get('/a/:accountId/usage', view, async (req, res) => {
    const now = deps.clock.now();
    const month = typeof req.query.month === 'string' && /^20\d\d-(0[1-9]|1[0-2])$/.test(req.query.month) ? req.query.month : monthOf(now);
    const usage = await monthUsage(deps.db, await TariffCatalog.load(deps.db), req.account!.id, month, now);
    res.render('billing/usage', { account: req.account, usage: presentUsage(usage, now), entries: usage.entries.map(presentEntry) });
  });

  registerSupportTariffRoutes(r, deps);
}
