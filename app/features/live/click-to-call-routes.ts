import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import type { RouteDeps } from '../../web/routes';
import { can } from '../accounts/policy';
import type { AriRest } from './ari-rest';
import { clickToCall, ClickToCallRefused, extensionsFor } from './click-to-call';
import { clickToCallForm } from './schemas';

/** Anyone with a phone of their own may use it; who manages telephony may ring any extension. */
const use = { account: 'telephony.view_own' } as const;

/** Click-to-call: the member's phone rings, and when picked up it calls the number. */
export function registerClickToCallRoutes(r: GuardedRoutes, deps: RouteDeps, ari: AriRest): void {
  const anyExtension = (req: Request) => can(req.account!.role, 'telephony.manage', req.account!.status);

  async function render(req: Request, res: Response, values: Record<string, string>, errors?: FieldErrors) {
    const extensions = await extensionsFor(deps.db, req.account!.id, req.user!.id, anyExtension(req));
    const chosen = values.extension ?? String(extensions.find((e) => e.userId === req.user!.id)?.id ?? extensions[0]?.id ?? '');
    res.status(errors ? 422 : 200).render('live/click-to-call', {
      title: req.t('live.click.title'),
      account: req.account,
      values,
      errors,
      extensions: extensions.map((e) => ({ value: String(e.id), label: `${e.exten} ${e.name}`, selected: String(e.id) === chosen })),
    });
  }

  r.get('/a/:accountId/click-to-call', use, async (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.slice(0, 40) : '';
    await render(req, res, { number });
  });

  r.post('/a/:accountId/click-to-call', use, async (req, res) => {
    const form = parseForm(clickToCallForm, req.body);
    if (!form.ok) return render(req, res, form.values as Record<string, string>, form.errors);
    const accountId = req.account!.id;
    try {
      await clickToCall(
        { db: deps.db, clock: deps.clock, ari, nodes: deps.config.pbx.nodes },
        { accountId, extensionId: form.data.extension, number: form.data.number, anyExtension: anyExtension(req) },
        { userId: req.user!.id, ip: req.ip ?? null },
      );
    } catch (err) {
      if (!(err instanceof ClickToCallRefused)) throw err;
      flash(req, 'error', err.messageKey);
      return res.redirect(303, `/a/${accountId}/click-to-call?${new URLSearchParams({ number: form.data.number })}`);
    }
    flash(req, 'success', 'live.click.ringing', { number: form.data.number });
    res.redirect(303, `/a/${accountId}/click-to-call`);
  });
}
