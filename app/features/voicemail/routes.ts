import type { Request } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { notFound } from '../../errors';
import { flash } from '../../web/flash';
import { StoredFiles } from '../recordings/stored-files';
import { boxScope } from './boxes';
import { messageFileName, presentMessage } from './presenter';
import { VoicemailService } from './service';

/** Whoever has a phone of their own; the service narrows each member to their boxes. */
const own = { account: 'telephony.view_own' } as const;

/** Voicemail boxes: list, listen, download, mark read or unread, delete. */
export function registerVoicemailRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const files = new StoredFiles(deps.config.pbx);
  const voicemail = new VoicemailService(deps.db, files, () => deps.clock.now());
  const pagePath = (req: Request) => `/a/${req.account!.id}/voicemail`;

  /** The message in one of the member's boxes; anything else is "not found". */
  async function reachable(req: Request) {
    const id = Number(req.params.messageId);
    const scope = await boxScope(deps.db, req.account!, req.user!.id);
    const message = Number.isSafeInteger(id) && id > 0 ? await voicemail.find(scope, id) : undefined;
    if (!message) throw notFound('message');
    return { scope, message };
  }

  r.get('/a/:accountId/voicemail', own, async (req, res) => {
    const scope = await boxScope(deps.db, req.account!, req.user!.id);
    const messages = await voicemail.list(scope);
    res.render('voicemail/index', {
      title: req.t('voicemail.title'),
      account: req.account,
      messages: messages.map((m) => presentMessage(m, req.account!.id, scope.timeZone)),
      counts: await voicemail.counts(scope),
      noExtension: scope.extensionIds.length === 0,
      timeZone: scope.timeZone,
    });
  });

  r.get('/a/:accountId/voicemail/:messageId/listen', own, async (req, res) => {
    const { scope, message } = await reachable(req);
    await files.send(req, res, { node: message.node, name: message.asteriskName }, { disposition: 'inline', filename: messageFileName(message, scope.timeZone) });
  });

  r.get('/a/:accountId/voicemail/:messageId/download', own, async (req, res) => {
    const { scope, message } = await reachable(req);
    await files.send(req, res, { node: message.node, name: message.asteriskName }, { disposition: 'attachment', filename: messageFileName(message, scope.timeZone) });
  });

  r.post('/a/:accountId/voicemail/:messageId/read', own, async (req, res) => {
    const { message } = await reachable(req);
    const read = req.body?.read !== '0';
    await voicemail.markRead(message, read);
    flash(req, 'success', read ? 'voicemail.marked_read' : 'voicemail.marked_unread');
    res.redirect(pagePath(req));
  });

  r.post('/a/:accountId/voicemail/:messageId/delete', own, async (req, res) => {
    const { scope, message } = await reachable(req);
    await voicemail.remove(scope, { userId: req.user!.id, ip: req.ip ?? null }, message);
    flash(req, 'success', 'voicemail.deleted');
    res.redirect(pagePath(req));
  });
}
