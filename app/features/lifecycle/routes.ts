import { access } from 'node:fs/promises';
import type { Request } from 'express';
import { notFound } from '../../errors';
import type { GuardedRoutes } from '../../web/access';
import { flash } from '../../web/flash';
import { parseForm } from '../../web/forms';
import type { RouteDeps } from '../../web/routes';
import { findAccount } from '../accounts/service';
import { audit } from '../audit/service';
import { switchOffService } from '../billing/termination';
import { archiveFile, latestArchive } from './archives';
import { archiveDownloadName, presentArchive } from './presenter';
import { serviceEndForm } from './schemas';

/** The owner switches the service off, then fetches the data archive while it is kept. */
export function registerLifecycleRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });

  r.get('/a/:accountId/service-end', { account: 'services.manage' }, (req, res) => {
    res.render('lifecycle/service-end', { account: req.account, values: {}, errors: {} });
  });

  r.post('/a/:accountId/service-end', { account: 'services.manage' }, async (req, res) => {
    const form = parseForm(serviceEndForm, req.body);
    if (!form.ok) {
      res.status(422);
      return res.render('lifecycle/service-end', { account: req.account, values: form.values, errors: form.errors });
    }
    await switchOffService(deps.db, req.account!.id, actor(req), deps.clock.now());
    flash(req, 'success', 'lifecycle.service_end.done');
    res.redirect(`/a/${req.account!.id}/archive`);
  });

  r.get('/a/:accountId/archive', { account: 'archive.download' }, async (req, res) => {
    const account = await findAccount(deps.db, req.account!.id);
    const archive = presentArchive(account.id, account.serviceEndedAt, await latestArchive(deps.db, account.id), req.t, res.locals.locale as string);
    res.render('lifecycle/archive', { account: req.account, archive });
  });

  r.get('/a/:accountId/archive/download', { account: 'archive.download' }, async (req, res) => {
    const accountId = req.account!.id;
    const archive = await latestArchive(deps.db, accountId);
    const file = archive && !archive.deletedAt ? archiveFile(deps, archive) : undefined;
    if (!archive || !file || !(await access(file).then(() => true, () => false))) throw notFound('archive');
    await deps.db.transaction((em) =>
      audit(em, deps.clock.now(), { action: 'account.archive_downloaded', accountId, actorUserId: req.user!.id, ip: req.ip ?? null, targetType: 'account_archive', targetId: archive.path }),
    );
    res.download(file, archiveDownloadName(accountId, archive), { headers: { 'Cache-Control': 'private, no-store' } });
  });
}
