import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { notFound, ValidationError } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { presentAccount } from '../accounts/presenter';
import { Account } from '../accounts/entities';
import { localDay } from '../documents/period';
import { NotificationsService } from '../notifications/service';
import { invoiceStandings } from './invoice-standing';
import { presentEntry, presentInvoice } from './presenter';
import { correctionForm, paymentForm } from './schemas';
import { PaymentsService, type Actor } from './service';
import { switchOffService } from './termination';

const staff = { staff: ['support', 'superadmin'] } as const;

/** The owner's billing page, and the support console's payments, corrections and termination. */
export function registerBillingRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const notices = new NotificationsService(deps.db, deps.mailer, deps.clock, deps.logger);
  const payments = new PaymentsService(deps.db, deps.clock, notices);
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });

  async function billingView(account: Account) {
    const today = localDay(deps.clock.now());
    const [invoices, entries] = await Promise.all([invoiceStandings(deps.db, account.id), payments.entries(account.id)]);
    return {
      account: presentAccount(account),
      invoices: invoices.reverse().map((i) => presentInvoice(account.id, i, today)),
      entries: entries.map(presentEntry),
    };
  }

  r.get('/a/:accountId/billing', { account: 'billing.view' }, async (req, res) => {
    const account = await deps.db.getRepository(Account).findOneByOrFail({ id: req.account!.id });
    res.render('billing/index', await billingView(account));
  });

  async function staffAccount(req: Request): Promise<Account> {
    const id = Number(req.params.id);
    const account = Number.isSafeInteger(id) && id > 0 ? await deps.db.getRepository(Account).findOneBy({ id }) : null;
    if (!account) throw notFound();
    return account;
  }

  async function renderConsole(req: Request, res: Response, account: Account, form: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    const [marked]: { termination_marked_at: Date | null }[] = await deps.db.query('SELECT termination_marked_at FROM accounts WHERE id = ?', [account.id]);
    res.render('billing/support-payments', { ...(await billingView(account)), markedAt: marked?.termination_marked_at, today: localDay(deps.clock.now()), ...form });
  }

  r.get('/support/accounts/:id/payments', staff, async (req, res) => renderConsole(req, res, await staffAccount(req)));

  /** A support form that writes one ledger entry: 422 with the form's messages, or back to the console. */
  function entryForm<S extends z.ZodType>(path: string, schema: S, save: (accountId: number, by: Actor, data: z.output<S>) => Promise<void>, done: string) {
    r.post(`/support/accounts/:id/${path}`, staff, async (req, res) => {
      const account = await staffAccount(req);
      const form = parseForm(schema, req.body);
      try {
        if (!form.ok) throw new ValidationError(form.errors);
        await save(account.id, actor(req), form.data);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        res.status(422);
        return renderConsole(req, res, account, { errors: err.fields, values: req.body });
      }
      flash(req, 'success', done);
      res.redirect(`/support/accounts/${account.id}/payments`);
    });
  }
  entryForm('payments', paymentForm, (id, by, data) => payments.recordPayment(id, by, data), 'billing.payments.recorded');
  entryForm('corrections', correctionForm, (id, by, data) => payments.recordCorrection(id, by, data), 'billing.corrections.recorded');

  r.post('/support/accounts/:id/terminate', staff, async (req, res) => {
    const account = await staffAccount(req);
    await switchOffService(deps.db, account.id, actor(req), deps.clock.now());
    flash(req, 'success', 'billing.termination.done');
    res.redirect(`/support/accounts/${account.id}/payments`);
  });

  r.get('/support/billing/termination', staff, async (_req, res) => {
    const rows: { id: number; legal_name: string; balance_tiyn: string | number; termination_marked_at: Date }[] = await deps.db.query(
      "SELECT id, legal_name, balance_tiyn, termination_marked_at FROM accounts WHERE termination_marked_at IS NOT NULL AND status <> 'terminated' ORDER BY termination_marked_at LIMIT 500",
    );
    res.render('billing/support-termination', {
      accounts: rows.map((a) => ({ id: a.id, legalName: a.legal_name, balanceTiyn: Number(a.balance_tiyn), markedAt: a.termination_marked_at })),
    });
  });
}
