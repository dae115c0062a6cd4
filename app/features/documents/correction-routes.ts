import type { Request } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { notFound, ValidationError } from '../../errors';
import { flash } from '../../web/flash';
import { Account } from '../accounts/entities';
import { presentAccount } from '../accounts/presenter';
import { correctedCharges, issueMonthCorrection, latestDocuments } from './corrections';
import type { DocumentFiles } from './files';
import { isPeriod } from './period';
import { presentDocument } from './presenter';

const staff = { staff: ['support', 'superadmin'] } as const;

/** The support console's correction documents: each month's latest documents, what the ledger says now, and re-issue. */
export function registerCorrectionRoutes(r: GuardedRoutes, deps: RouteDeps, files: DocumentFiles): void {
  async function staffAccount(req: Request): Promise<Account> {
    const id = Number(req.params.id);
    const account = Number.isSafeInteger(id) && id > 0 ? await deps.db.getRepository(Account).findOneBy({ id }) : null;
    if (!account) throw notFound();
    return account;
  }

  async function months(accountId: number) {
    const byPeriod = new Map<string, ReturnType<typeof presentDocument>[]>();
    for (const doc of await latestDocuments(deps.db, accountId)) byPeriod.set(doc.period, [...(byPeriod.get(doc.period) ?? []), presentDocument(doc)]);
    return Promise.all([...byPeriod].map(async ([period, items]) => {
      const nowTiyn = (await correctedCharges(deps.db, accountId, period)).reduce((sum, c) => sum + c.amountTiyn, 0);
      const issuedTiyn = items.find((i) => i.kind === 'act')?.grossTiyn ?? items[0].grossTiyn;
      return { period, items, issuedTiyn, nowTiyn, changed: nowTiyn !== issuedTiyn };
    }));
  }

  r.get('/support/accounts/:id/documents', staff, async (req, res) => {
    const account = await staffAccount(req);
    res.render('documents/support-corrections', { account: presentAccount(account), months: await months(account.id) });
  });

  r.post('/support/accounts/:id/documents/corrections', staff, async (req, res) => {
    const account = await staffAccount(req);
    const period = String(req.body?.period ?? '');
    if (!isPeriod(period)) throw notFound();
    try {
      const issued = await issueMonthCorrection(
        { db: deps.db, config: deps.config, files, now: () => deps.clock.now() },
        account.id, period, { userId: req.user!.id, ip: req.ip ?? null },
      );
      flash(req, issued.length ? 'success' : 'info', issued.length ? 'documents.corrections.issued' : 'documents.corrections.unchanged', { count: issued.length });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return res.render('documents/support-corrections', { account: presentAccount(account), months: await months(account.id), error: Object.values(err.fields)[0], errorPeriod: period });
    }
    res.redirect(`/support/accounts/${account.id}/documents`);
  });
}
