import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { ValidationError, notFound } from '../../errors';
import { can } from '../accounts/policy';
import { flash } from '../../web/flash';
import { withoutSecrets, type FieldErrors } from '../../web/forms';
import { parseForm } from '../../web/forms';
import type { Extension } from './entities';
import { formValues, presentExtension, presentPhoneSettings } from './presenter';
import { createExtensionForm, updateExtensionForm } from './schemas';
import { ExtensionsService } from './service';
import { phoneSettings, softphoneQrSvg } from './sip';

const manage = { account: 'telephony.manage' } as const;
const viewOwn = { account: 'telephony.view_own' } as const;

type PageExtra = { errors?: FieldErrors; values?: Record<string, unknown>; password?: string };

/** Extensions: list, create, edit, forwarding, SIP password reset, delete; employees see their own read-only. */
export function registerExtensionRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const extensions = new ExtensionsService(deps.db, () => deps.clock.now());
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });
  const canManage = (req: Request) => can(req.account!.role, 'telephony.manage', req.account!.status);
  const base = (req: Request) => `/a/${req.account!.id}/extensions`;

  async function renderList(req: Request, res: Response, extra: PageExtra = {}) {
    const manager = canManage(req);
    const [list, options] = await Promise.all([extensions.list(req.account!.id, manager ? undefined : req.user!.id), extensions.options(req.account!.id)]);
    const names = new Map(options.members.map((m) => [m.id, m.name]));
    res.render('extensions/index', { account: req.account, canManage: manager, extensions: list.map((e) => presentExtension(e, names)), members: options.members, values: extra.values ?? {}, errors: extra.errors });
  }

  /** The extension this member may see: any of the account's for managers, only their own for employees. */
  async function visible(req: Request): Promise<Extension> {
    const id = Number(req.params.extensionId);
    const ext = Number.isSafeInteger(id) ? await extensions.find(req.account!.id, id) : null;
    if (!ext || (!canManage(req) && ext.userId !== req.user!.id)) throw notFound();
    return ext;
  }

  async function renderShow(req: Request, res: Response, ext: Extension, extra: PageExtra = {}) {
    const options = await extensions.options(req.account!.id);
    const settings = phoneSettings(deps.config.http.publicUrl, ext.sipUsername);
    const secret = extra.password ? { password: extra.password, qrSvg: await softphoneQrSvg(settings, extra.password) } : undefined;
    if (secret) res.set('Cache-Control', 'no-store');
    res.render('extensions/show', {
      account: req.account, canManage: canManage(req), extension: presentExtension(ext, new Map(options.members.map((m) => [m.id, m.name]))),
      phone: presentPhoneSettings(settings, secret), members: options.members, numbers: options.numbers,
      values: extra.values ?? formValues(ext), errors: extra.errors,
    });
  }

  r.get('/a/:accountId/extensions', viewOwn, (req, res) => renderList(req, res));

  r.post('/a/:accountId/extensions', manage, async (req, res) => {
    const form = parseForm(createExtensionForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      const { extension, password } = await extensions.create(req.account!.id, actor(req), form.data);
      res.status(201);
      return renderShow(req, res, extension, { password });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return renderList(req, res, { errors: err.fields, values: withoutSecrets(req.body ?? {}) });
    }
  });

  r.get('/a/:accountId/extensions/:extensionId', viewOwn, async (req, res) => renderShow(req, res, await visible(req)));

  r.post('/a/:accountId/extensions/:extensionId', manage, async (req, res) => {
    const ext = await visible(req);
    const form = parseForm(updateExtensionForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(form.errors);
      await extensions.update(req.account!.id, actor(req), ext.id, form.data);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return renderShow(req, res, ext, { errors: err.fields, values: withoutSecrets(req.body ?? {}) });
    }
    flash(req, 'success', 'telephony.extensions.saved');
    res.redirect(`${base(req)}/${ext.id}`);
  });

  r.post('/a/:accountId/extensions/:extensionId/reset-password', manage, async (req, res) => {
    const reset = await extensions.resetPassword(req.account!.id, actor(req), (await visible(req)).id);
    if (!reset) throw notFound();
    return renderShow(req, res, reset.extension, { password: reset.password });
  });

  r.post('/a/:accountId/extensions/:extensionId/delete', manage, async (req, res) => {
    if (!(await extensions.remove(req.account!.id, actor(req), (await visible(req)).id))) throw notFound();
    flash(req, 'success', 'telephony.extensions.deleted');
    res.redirect(base(req));
  });
}
