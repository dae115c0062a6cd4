import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { AppError, notFound, ValidationError } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { startOfLocalDay } from '../calls/period';
import { audit } from '../audit/service';
import { destinationClasses } from './destinations';
import { BILLING_TIME_ZONE } from './months';
import { addTariffVersion, createTariff } from './tariff-admin';
import { presentPriceList, presentTariff } from './tariff-presenter';
import { newTariffForm, tariffVersionForm } from './tariff-schemas';
import { loadOptions, TariffCatalog, type PriceList } from './tariffs';

const staff = { staff: ['support', 'superadmin'] } as const;
type Locale = 'ru' | 'kk' | 'en';
const tenge = (tiyn: number) => (tiyn / 100).toFixed(2);

/** The support console's tariffs: the list, a tariff's prices by date, new prices from a future date, a new tariff. */
export function registerSupportTariffRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });

  async function renderList(_req: Request, res: Response, form: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    const locale = res.locals.locale as Locale;
    const now = deps.clock.now();
    const [catalog, options] = await Promise.all([TariffCatalog.load(deps.db), loadOptions(deps.db)]);
    const tariffs = catalog.tariffs.map((t) => {
      const current = catalog.at(t.code, now);
      return { ...presentTariff(t, locale), current: current && presentPriceList(current, options, locale, now), pendingCount: catalog.history(t.code).filter((v) => v.validFrom > now).length };
    });
    res.render('billing/support-tariffs', { tariffs, ...form });
  }

  async function renderTariff(req: Request, res: Response, form: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    const locale = res.locals.locale as Locale;
    const now = deps.clock.now();
    const [catalog, options] = await Promise.all([TariffCatalog.load(deps.db), loadOptions(deps.db)]);
    const tariff = catalog.tariff(String(req.params.code));
    if (!tariff) throw notFound();
    const current = catalog.at(tariff.code, now);
    res.render('billing/support-tariff', {
      tariff: presentTariff(tariff, locale),
      history: catalog.history(tariff.code).map((v) => presentPriceList(v, options, locale, now)),
      classes: destinationClasses,
      options: options.map((o) => ({ code: o.code, name: o.names[locale], perUnit: o.perUnit })),
      values: form.values ?? (current ? formValues(current) : {}),
      errors: form.errors,
    });
  }

  r.get('/support/tariffs', staff, (req, res) => renderList(req, res));

  r.post('/support/tariffs', staff, async (req, res) => {
    const form = parseForm(newTariffForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await createTariff(deps.db, form.data.code, { ru: form.data.nameRu, kk: form.data.nameKk, en: form.data.nameEn });
      await deps.db.transaction((em) => audit(em, deps.clock.now(), { action: 'billing.tariff_created', ...actorOf(actor(req)), targetType: 'tariff', targetId: form.data.code }));
    } catch (err) {
      const fields = fieldsOf(err, 'code');
      res.status(422);
      return renderList(req, res, { errors: fields, values: req.body });
    }
    flash(req, 'success', 'billing.tariffs.created');
    res.redirect(`/support/tariffs/${form.data.code}`);
  });

  r.get('/support/tariffs/:code', staff, (req, res) => renderTariff(req, res));

  r.post('/support/tariffs/:code/versions', staff, async (req, res) => {
    const code = String(req.params.code);
    const options = await loadOptions(deps.db);
    const form = parseForm(tariffVersionForm(options.map((o) => o.code)), req.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      const data = form.data as Record<string, number | string | undefined>;
      const validFrom = startOfLocalDay(String(data.validFrom), BILLING_TIME_ZONE);
      const versionId = await addTariffVersion(deps.db, code, {
        validFrom,
        monthlyFeeTiyn: Number(data.monthlyFee),
        includedMinutes: Number(data.includedMinutes),
        lowBalanceThresholdTiyn: Number(data.lowBalanceThreshold),
        rates: Object.fromEntries(destinationClasses.map((c) => [c, Number(data[`rate_${c}`])])) as PriceList['rates'],
        optionFees: Object.fromEntries(options.filter((o) => data[`option_${o.code}`] !== undefined).map((o) => [o.code, Number(data[`option_${o.code}`])])),
      }, req.user!.id, deps.clock.now());
      await deps.db.transaction((em) => audit(em, deps.clock.now(), { action: 'billing.tariff_version_added', ...actorOf(actor(req)), targetType: 'tariff_version', targetId: versionId, details: { code, from: String(data.validFrom) } }));
      flash(req, 'success', 'billing.tariffs.saved', { from: String(data.validFrom) });
    } catch (err) {
      const fields = fieldsOf(err, 'validFrom');
      res.status(422);
      return renderTariff(req, res, { errors: fields, values: req.body });
    }
    res.redirect(`/support/tariffs/${code}`);
  });
}

const actorOf = (a: { userId: number; ip: string | null }) => ({ actorUserId: a.userId, ip: a.ip });

/** A validation failure or a refused value becomes field errors; anything else is rethrown. */
function fieldsOf(err: unknown, field: string): FieldErrors {
  if (err instanceof ValidationError) return err.fields;
  if (err instanceof AppError && err.status === 422) return { [field]: err.messageKey };
  throw err;
}

/** The form prefilled from the prices in force, so support changes only what moves. */
function formValues(p: PriceList): Record<string, string> {
  return {
    monthlyFee: tenge(p.monthlyFeeTiyn),
    includedMinutes: String(p.includedMinutes),
    lowBalanceThreshold: tenge(p.lowBalanceThresholdTiyn),
    ...Object.fromEntries(destinationClasses.map((c) => [`rate_${c}`, tenge(p.rates[c])])),
    ...Object.fromEntries(Object.entries(p.optionFees).map(([code, fee]) => [`option_${code}`, tenge(fee)])),
  };
}
