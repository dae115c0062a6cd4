import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { rollUpChangedDays } from '../../../app/features/stats/rollup';
import { startTestApp, type TestApp } from '../../support/app';
import { buildExtension, buildNumber } from '../../support/telephony-factories';
import { signedInMember, signedInOwner, summaryOf, tableRows } from './helpers';
import { insertStatsCalls } from './stats-factory';

const Z = (iso: string) => new Date(`${iso}Z`);

describe('call statistics: the numbers', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());
  beforeEach(async () => {
    // The watermark is one for the whole database: each test starts as if the job never ran.
    await app.deps.db.query('DELETE FROM job_watermarks');
    app.clock.set(Z('2026-11-25T06:00:00')); // 11:00 on the 25th in Almaty (UTC+5)
  });

  /** A small month whose every figure is worked out by hand in the comments. */
  async function knownMonth(account: Account) {
    const db = app.deps.db;
    const office = await buildNumber(db, account);
    const sales = await buildNumber(db, account);
    const aigerim = await buildExtension(db, account, '101', { name: 'Айгерим' });
    const baur = await buildExtension(db, account, '102', { name: 'Бауыржан' });
    await insertStatsCalls(db, account, [
      { startedAt: Z('2026-11-20T04:00:00'), fate: 'answered', phoneNumberId: office.id, extensionId: aigerim.id, waitSeconds: 10, billableSeconds: 120 }, // 09:00
      { startedAt: Z('2026-11-20T04:30:00'), fate: 'answered', phoneNumberId: office.id, extensionId: baur.id, waitSeconds: 30, billableSeconds: 60 }, // 09:30
      // rang, the caller hung up: the engine leaves "answered" (the greeting answered), the legs say missed
      { startedAt: Z('2026-11-20T09:15:00'), fate: 'missed', phoneNumberId: office.id, disposition: 'answered' }, // 14:15
      { startedAt: Z('2026-11-21T09:40:00'), fate: 'missed', phoneNumberId: sales.id }, // 14:40, no_answer
      // hung up in the greeting: "answered" again by the disposition, lost in the menu by the legs
      { startedAt: Z('2026-11-19T19:30:00'), fate: 'lost', phoneNumberId: office.id, disposition: null }, // 00:30 on the 20th
      { startedAt: Z('2026-11-19T18:30:00'), fate: 'lost', phoneNumberId: sales.id }, // 23:30 on the 19th, abandoned (no choice in the menu)
      { startedAt: Z('2026-11-21T10:00:00'), fate: 'refused', phoneNumberId: office.id }, // 15:00, blocked
      { startedAt: Z('2026-11-21T05:00:00'), fate: 'answered', direction: 'outbound', extensionId: aigerim.id, waitSeconds: 20, billableSeconds: 90 }, // 10:00
      { startedAt: Z('2026-11-25T05:50:00'), fate: 'answered', phoneNumberId: office.id, active: true }, // still going: not counted
      { startedAt: Z('2026-11-25T05:00:00'), fate: 'answered', phoneNumberId: sales.id, extensionId: baur.id, waitSeconds: 20, billableSeconds: 30 }, // today 10:00
      { startedAt: Z('2026-10-31T18:59:59'), fate: 'answered', phoneNumberId: office.id }, // 23:59:59 on 31 October: outside
      { startedAt: Z('2026-10-31T19:00:00'), fate: 'missed', phoneNumberId: office.id }, // 00:00 on 1 November: inside
    ]);
    return { office, sales, aigerim, baur };
  }

  it('counts answered, missed, lost in the menu and averages for this month on the account\'s clock, the same before and after the roll-up', async () => {
    const { agent, account, base } = await signedInOwner(app);
    const { office, sales } = await knownMonth(account);
    const before = await agent.get(base);
    expect(before.status).to.equal(200);
    expect(before.text).to.contain('2026-11-01 — 2026-11-25');
    expect(summaryOf(before.text)).to.deep.equal({
      calls: '10', answered: '4 (40%)', missed: '3', lost_in_menu: '2', other: '1', average_wait: '00:20', average_talk: '01:15', talk: '05:00',
    });
    expect(tableRows(before.text, 'table-days')).to.deep.equal([
      ['2026-11-01', '1', '0', '1', '0', '0', '0%', '—', '—', '00:00'],
      ['2026-11-19', '1', '0', '0', '1', '0', '0%', '—', '—', '00:00'],
      ['2026-11-20', '4', '2', '1', '1', '0', '50%', '00:20', '01:30', '03:00'],
      ['2026-11-21', '3', '1', '1', '0', '1', '33%', '00:20', '01:30', '01:30'],
      ['2026-11-25', '1', '1', '0', '0', '0', '100%', '00:20', '00:30', '00:30'],
    ]);
    expect(tableRows(before.text, 'table-hours').map((r) => r.slice(0, 5))).to.deep.equal([
      ['00:00–01:00', '2', '0', '1', '1'],
      ['09:00–10:00', '2', '2', '0', '0'],
      ['10:00–11:00', '2', '2', '0', '0'],
      ['14:00–15:00', '2', '0', '2', '0'],
      ['15:00–16:00', '1', '0', '0', '0'],
      ['23:00–00:00', '1', '0', '0', '1'],
    ]);
    expect(tableRows(before.text, 'table-numbers').map((r) => r.slice(0, 6))).to.deep.equal([
      [office.e164, '6', '2', '2', '1', '1'],
      [sales.e164, '3', '1', '1', '1', '0'],
      ['Без номера', '1', '1', '0', '0', '0'],
    ]);
    expect(tableRows(before.text, 'table-extensions')).to.deep.equal([
      ['Без сотрудника', '6', '0', '3', '2', '1', '0%', '—', '—', '00:00'],
      ['101 Айгерим', '2', '2', '0', '0', '0', '100%', '00:15', '01:45', '03:30'],
      ['102 Бауыржан', '2', '2', '0', '0', '0', '100%', '00:25', '00:45', '01:30'],
    ]);
    expect(before.text).to.contain('<svg').and.contain('data-testid="chart-days"').and.contain('<title>20.11: звонков 4, отвечено 2</title>');

    expect(await rollUpChangedDays(app.deps.db, 0)).to.be.greaterThan(0);
    const after = await agent.get(base);
    for (const id of ['table-days', 'table-hours', 'table-numbers', 'table-extensions']) expect(tableRows(after.text, id), id).to.deep.equal(tableRows(before.text, id));
    expect(summaryOf(after.text)).to.deep.equal(summaryOf(before.text));
  });

  it('narrows by period, direction and extension; an employee sees only their own extension\'s figures', async () => {
    const { agent, account, base } = await signedInOwner(app);
    const { aigerim } = await knownMonth(account);
    await rollUpChangedDays(app.deps.db, 0);
    expect(summaryOf((await agent.get(`${base}?from=2026-11-20&to=2026-11-20`)).text).calls).to.equal('4');
    expect(summaryOf((await agent.get(`${base}?from=2026-11-19&to=2026-11-19`)).text)).to.include({ calls: '1', lost_in_menu: '1' });
    expect(summaryOf((await agent.get(`${base}?direction=outbound`)).text)).to.include({ calls: '1', answered: '1 (100%)' });
    const mine = await agent.get(`${base}?extension=${aigerim.id}`);
    expect(summaryOf(mine.text)).to.include({ calls: '2', answered: '2 (100%)', average_wait: '00:15' });
    expect(mine.text).to.match(new RegExp(`<option value="${aigerim.id}" selected>`));

    const { user, agent: employee } = await signedInMember(app, account, 'employee');
    await app.deps.db.query('UPDATE extensions SET user_id = ? WHERE id = ?', [user.id, aigerim.id]);
    const own = await employee.get(base);
    expect(own.status).to.equal(200);
    expect(summaryOf(own.text)).to.include({ calls: '2', answered: '2 (100%)', missed: '0' });
    expect(tableRows(own.text, 'table-extensions').map((r) => r[0])).to.deep.equal(['101 Айгерим']);
    expect(own.text).to.contain('только ваши внутренние номера');
    expect(summaryOf((await employee.get(`${base}?extension=999999`)).text).calls).to.equal('2');
  });
});
