import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { ValidationError, notFound } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { NumbersService } from './service';
import { attachScenarioForm } from './schemas';

const manage = { account: 'telephony.manage' } as const;

/** The account's numbers and the scenario each runs. */
export function registerNumberRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const numbers = new NumbersService(deps.db, () => deps.clock.now());

  async function render(req: Request, res: Response, extra: { errors?: FieldErrors; failedId?: number } = {}) {
    const accountId = req.account!.id;
    const [list, scenarios] = await Promise.all([numbers.list(accountId), numbers.scenarios(accountId)]);
    const rows = list.map((n) => ({ ...n, errors: n.id === extra.failedId ? extra.errors : undefined }));
    res.render('numbers/index', { account: req.account, numbers: rows, scenarios });
  }

  r.get('/a/:accountId/numbers', manage, (req, res) => render(req, res));

  r.post('/a/:accountId/numbers/:numberId/scenario', manage, async (req, res) => {
    const id = Number(req.params.numberId);
    if (!Number.isSafeInteger(id)) throw notFound();
    const form = parseForm(attachScenarioForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      if (!(await numbers.attachScenario(req.account!.id, { userId: req.user!.id, ip: req.ip ?? null }, id, form.data.scenarioId))) throw notFound();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return render(req, res, { errors: err.fields, failedId: id });
    }
    flash(req, 'success', 'telephony.numbers.saved');
    res.redirect(`/a/${req.account!.id}/numbers`);
  });
}
