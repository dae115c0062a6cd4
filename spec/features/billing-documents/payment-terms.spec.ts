import { expect } from 'chai';
import { IssuedDocument } from '../../../app/features/documents/entities';
import { addDays } from '../../../app/features/documents/period';
import { enforcePaymentTermsJob } from '../../../app/jobs/enforce-payment-terms';
import { buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';
import { buildCustomer, charge, runMonth, startBillingApp } from './world';

type App = Awaited<ReturnType<typeof startBillingApp>>;

/** 06:00 in Almaty on a day, when the daily job runs. */
const morningOf = (day: string) => new Date(`${day}T06:00:00+05:00`);

async function statusOf(app: App, accountId: number): Promise<{ status: string; marked: Date | null }> {
  const [row]: { status: string; termination_marked_at: Date | null }[] = await app.deps.db.query('SELECT status, termination_marked_at FROM accounts WHERE id = ?', [accountId]);
  return { status: row.status, marked: row.termination_marked_at };
}

async function noticeKinds(app: App, accountId: number): Promise<string[]> {
  const rows: { kind: string }[] = await app.deps.db.query('SELECT kind FROM notifications WHERE account_id = ? ORDER BY id', [accountId]);
  return rows.map((r) => r.kind);
}

describe('payment terms: notice, suspension, termination', () => {
  let app: App;
  before(async () => {
    app = await startBillingApp();
  });
  after(() => app.close());

  /** The daily job, as the scheduler runs it. */
  const enforce = () => enforcePaymentTermsJob.run(app.deps);

  /** A postpaid customer with an unpaid invoice for the month (6 234,56 тг), due on the 10th of the next month. */
  async function customerOwing(period: string) {
    const customer = await buildCustomer(app.deps.db, 'postpaid');
    await charge(app.deps.db, customer.account, period, { calls: 1_234_56, subscription: 5_000_00 });
    await runMonth(app, period);
    const invoice = await app.deps.db.getRepository(IssuedDocument).findOneByOrFail({ accountId: customer.account.id, period, kind: 'invoice' });
    return { ...customer, invoice };
  }

  it('day by day: a notice after the due date, suspension after the grace days, a termination mark two months after the invoice', async () => {
    const { account, owner, invoice } = await customerOwing('2035-11');
    const staff = await buildUser(app.deps.db, { staffRole: 'support' });
    expect(invoice.dueDate).to.equal('2035-12-10');
    const firstDay: Record<string, string> = {};
    for (let day = '2035-12-09'; day <= '2036-02-01'; day = addDays(day, 1)) {
      app.clock.set(morningOf(day));
      await enforce();
      const { status, marked } = await statusOf(app, account.id);
      const kinds = await noticeKinds(app, account.id);
      if (kinds.includes('invoice_overdue')) firstDay.notice ??= day;
      if (status === 'suspended') firstDay.suspended ??= day;
      if (marked) firstDay.marked ??= day;
    }
    expect(firstDay).to.deep.equal({ notice: '2035-12-11', suspended: '2035-12-21', marked: '2036-01-30' });
    expect(await noticeKinds(app, account.id)).to.deep.equal(['invoice_overdue', 'account_suspended', 'termination_warning']);
    const overdueMail = await app.mail.waitFor(owner.email, (m) => m.subject.includes('не оплачен'));
    expect(overdueMail.text).to.contain('6 234,56').and.contain('2035-12-21');
    const supportMail = await app.mail.waitFor(staff.email, (m) => m.subject.includes(`#${account.id}`));
    expect(supportMail.text).to.contain(`/support/accounts/${account.id}/payments`);
    const audit: { action: string }[] = await app.deps.db.query('SELECT action FROM audit_log WHERE account_id = ? AND action LIKE ? ORDER BY id', [account.id, 'billing.%']);
    expect(audit.map((a) => a.action)).to.deep.equal(['billing.suspended_for_debt', 'billing.marked_for_termination']);

    const agent = app.agent();
    await signIn(agent, staff.login!, TEST_PASSWORD);
    const list = await agent.get('/support/billing/termination');
    expect(list.text).to.contain(account.legalName);
    const off = await submitForm(agent, `/support/accounts/${account.id}/payments`, `/support/accounts/${account.id}/terminate`, {});
    expect(off.status).to.equal(302);
    const [ended]: { status: string; service_ended_at: Date | null }[] = await app.deps.db.query('SELECT status, service_ended_at FROM accounts WHERE id = ?', [account.id]);
    expect(ended.status).to.equal('terminated');
    expect(ended.service_ended_at?.getTime()).to.equal(app.clock.now().getTime());
    expect((await agent.get('/support/billing/termination')).text).not.to.contain(account.legalName);
  });

  it('a suspended customer still signs in and sees the cabinet and billing', async () => {
    const { account, owner } = await customerOwing('2036-03');
    app.clock.set(morningOf('2036-04-21'));
    await enforce();
    expect((await statusOf(app, account.id)).status).to.equal('suspended');
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    const home = await agent.get(`/a/${account.id}`);
    expect(home.status).to.equal(200);
    expect(home.text).to.contain('data-testid="billing-link"');
    const billing = await agent.get(`/a/${account.id}/billing`);
    expect(billing.status).to.equal(200);
    expect(billing.text).to.contain('data-state="overdue"');
  });

  it('a payment recorded by support that clears the debt lifts the suspension at once and the owner sees it', async () => {
    const { account, owner, invoice } = await customerOwing('2036-06');
    app.clock.set(morningOf('2036-07-25'));
    await enforce();
    expect((await statusOf(app, account.id)).status).to.equal('suspended');
    const staff = await buildUser(app.deps.db, { staffRole: 'support' });
    const support = app.agent();
    await signIn(support, staff.login!, TEST_PASSWORD);
    const page = `/support/accounts/${account.id}/payments`;

    const partial = await submitForm(support, page, page, { amount: '1 000', paidOn: '2036-07-24', bankReference: `PP-${account.id}-1`, payer: account.legalName });
    expect(partial.status).to.equal(302);
    expect((await statusOf(app, account.id)).status, 'a partial payment does not lift it').to.equal('suspended');

    const repeated = await submitForm(support, page, page, { amount: '1 000', paidOn: '2036-07-24', bankReference: `PP-${account.id}-1`, payer: account.legalName });
    expect(repeated.status).to.equal(422);
    expect(repeated.text).to.contain('Платеж с этим номером уже внесен');

    const rest = await submitForm(support, page, page, { amount: '5 234,56', paidOn: '2036-07-25', bankReference: `PP-${account.id}-2`, payer: account.legalName });
    expect(rest.status).to.equal(302);
    expect((await statusOf(app, account.id)).status).to.equal('active');
    expect(await noticeKinds(app, account.id)).to.include('suspension_lifted');
    const [lift]: { actor_user_id: number }[] = await app.deps.db.query("SELECT actor_user_id FROM audit_log WHERE account_id = ? AND action = 'billing.suspension_lifted'", [account.id]);
    expect(lift.actor_user_id).to.equal(staff.id);

    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    const billing = await agent.get(`/a/${account.id}/billing`);
    expect(billing.text).to.contain(`PP-${account.id}-2`).and.contain('data-state="paid"').and.contain(invoice.numberText);
    expect(billing.text).to.match(/data-testid="balance">0,00/);
  });

  it('a correction is a new entry with its reason and author, and a negative amount is a charge', async () => {
    const { account } = await buildCustomer(app.deps.db);
    const staff = await buildUser(app.deps.db, { staffRole: 'superadmin' });
    const agent = app.agent();
    await signIn(agent, staff.login!, TEST_PASSWORD);
    const page = `/support/accounts/${account.id}/payments`;
    expect((await submitForm(agent, page, `/support/accounts/${account.id}/corrections`, { correctionAmount: '-150,5', reason: 'Доначисление за октябрь' })).status).to.equal(302);
    expect((await submitForm(agent, page, `/support/accounts/${account.id}/corrections`, { correctionAmount: '0', reason: 'x' })).status).to.equal(422);
    const rows: { kind: string; amount_tiyn: number; reason: string; author_user_id: number }[] = await app.deps.db.query('SELECT kind, amount_tiyn, reason, author_user_id FROM ledger_entries WHERE account_id = ?', [account.id]);
    expect(rows.map((r) => [r.kind, Number(r.amount_tiyn), r.reason, r.author_user_id])).to.deep.equal([['correction', -150_50, 'Доначисление за октябрь', staff.id]]);
  });

  it('keeps the payments console from customers: a member gets 404', async () => {
    const { account, owner } = await buildCustomer(app.deps.db);
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    expect((await agent.get(`/support/accounts/${account.id}/payments`)).status).to.equal(404);
  });
});
