import type { GuardedRoutes } from '../../web/access';
import { notFound } from '../../errors';
import { readCapturedMail } from './capture-server';

/** Development only: the messages the local capture server kept, for a person to follow links from. */
export function registerDevMailRoutes(r: GuardedRoutes, dir: string): void {
  r.get('/dev/mail', 'public', async (_req, res) => res.render('dev/mail', { mails: await readCapturedMail(dir) }));
  r.get('/dev/mail/:id', 'public', async (req, res) => {
    const mail = (await readCapturedMail(dir)).find((m) => m.id === req.params.id);
    if (!mail) throw notFound();
    res.render('dev/mail-message', { mail });
  });
}
