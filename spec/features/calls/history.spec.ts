import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn } from '../../support/http';
import { buildExtension } from '../../support/telephony-factories';
import { buildCall, buildCalls } from './call-factory';

/** The call ids a history page lists, in order. */
const idsOn = (html: string) => [...html.matchAll(/data-call="(\d+)"/g)].map((m) => Number(m[1]));
/** The CSV lines after the header. */
const csvRows = (text: string) => text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);

describe('call history', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function member(account: Account, role: 'employee' | 'accountant' | 'admin') {
    const user = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, user, role);
    const agent = app.agent();
    await signIn(agent, user.login!, TEST_PASSWORD);
    return { user, agent };
  }

  async function owner() {
    const setup = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, setup.owner.login!, TEST_PASSWORD);
    return { ...setup, agent, base: `/a/${setup.account.id}/calls` };
  }

  it('lists the account\'s calls newest first, times on the account\'s clock (Almaty, UTC+5), durations as mm:ss', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(app.deps.db, account, '101');
    const older = await buildCall(app.deps.db, account, { startedAt: new Date('2026-11-20T06:30:00Z'), fromNumber: '+77015550101', durationSeconds: 125, billableSeconds: 118, extensionId: ext.id, recordingId: 77, consent: 'accepted' });
    const newer = await buildCall(app.deps.db, account, { startedAt: new Date('2026-11-20T07:00:00Z'), disposition: 'busy', billableSeconds: 0 });
    const res = await agent.get(base);
    expect(res.status).to.equal(200);
    expect(idsOn(res.text)).to.deep.equal([newer.id, older.id]);
    const row = res.text.slice(res.text.indexOf(`data-call="${older.id}"`)).split('</tr>')[0];
    for (const shown of ['2026-11-20 11:30<', 'Входящий', '+77015550101', '101 Сотрудник 101', '02:05', '01:58', 'Отвечен', 'Да', 'Согласие получено']) expect(row).to.contain(shown);
    expect(res.text).to.contain('Найдено звонков: 2');
    expect((await agent.get(`/a/${account.id}`)).text).to.contain(`href="/a/${account.id}/calls"`);
  });

  it('narrows by period (local days), number in any Kazakh form, extension, direction and outcome, and keeps the form filled', async () => {
    const { agent, account, base } = await owner();
    const db = app.deps.db;
    const ext = await buildExtension(db, account, '102');
    const lateLocal = await buildCall(db, account, { startedAt: new Date('2026-11-19T19:30:00Z') }); // 00:30 on the 20th in Almaty
    const dayBefore = await buildCall(db, account, { startedAt: new Date('2026-11-19T18:30:00Z') }); // 23:30 on the 19th
    const byE164 = await buildCall(db, account, { fromNumber: '+77015551234' });
    const byEight = await buildCall(db, account, { fromNumber: '87015551234' });
    const dialled = await buildCall(db, account, { direction: 'outbound', fromNumber: '102', toNumber: null, dialled: '+77015551234', extensionId: ext.id, disposition: 'no_answer' });
    const internal = await buildCall(db, account, { direction: 'internal', fromNumber: '101', toNumber: '102', dialled: '102', disposition: 'voicemail' });
    const ids = async (query: string) => idsOn((await agent.get(`${base}?${query}`)).text).sort((a, b) => a - b);

    const day = await ids('from=2026-11-20&to=2026-11-20');
    expect(day).to.include(lateLocal.id);
    expect(day).to.not.include(dayBefore.id);
    expect(await ids('to=2026-11-19')).to.deep.equal([dayBefore.id]);
    expect(await ids(`number=${encodeURIComponent('8 (701) 555-12-34')}`)).to.deep.equal([byE164.id, byEight.id, dialled.id]);
    expect(await ids('number=102')).to.deep.equal([dialled.id, internal.id]);
    expect(await ids(`extension=${ext.id}`)).to.deep.equal([dialled.id]);
    expect(await ids('direction=internal')).to.deep.equal([internal.id]);
    expect(await ids('outcome=no_answer')).to.deep.equal([dialled.id]);
    expect(await ids('direction=outbound&outcome=answered')).to.deep.equal([]);

    const page = (await agent.get(`${base}?from=2026-11-01&number=${encodeURIComponent('+7 701 555 12 34')}&extension=${ext.id}&direction=outbound&outcome=no_answer`)).text;
    expect(page).to.contain('value="2026-11-01"').and.contain('value="+7 701 555 12 34"');
    expect(page).to.match(new RegExp(`<option value="${ext.id}" selected>`));
    expect(page).to.contain('<option value="outbound" selected>').and.contain('<option value="no_answer" selected>');
    const csvLink = /href="([^"]*calls\.csv[^"]*)"/.exec(page)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(Object.fromEntries(new URL(csvLink, 'http://x').searchParams)).to.deep.equal({ from: '2026-11-01', number: '+7 701 555 12 34', extension: String(ext.id), direction: 'outbound', outcome: 'no_answer' });
  });

  it('pages 50 at a time by keyset, back and forth, with the total', async () => {
    const { agent, account, base } = await owner();
    await buildCalls(app.deps.db, account, 120);
    const first = await agent.get(base);
    expect(idsOn(first.text)).to.have.length(50);
    expect(first.text).to.contain('Найдено звонков: 120').and.not.contain('rel="prev"');
    const next = (html: string, rel: 'next' | 'prev') => new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const second = await agent.get(base + next(first.text, 'next'));
    const third = await agent.get(base + next(second.text, 'next'));
    expect(idsOn(third.text)).to.have.length(20);
    expect(third.text).to.not.contain('rel="next"');
    const all = [...idsOn(first.text), ...idsOn(second.text), ...idsOn(third.text)];
    expect(new Set(all).size).to.equal(120);
    expect(all).to.deep.equal([...all].sort((a, b) => b - a));
    const back = await agent.get(base + next(third.text, 'prev'));
    expect(idsOn(back.text)).to.deep.equal(idsOn(second.text));
    const firstAgain = await agent.get(base + next(back.text, 'prev'));
    expect(idsOn(firstAgain.text)).to.deep.equal(idsOn(first.text));
    expect(firstAgain.text).to.not.contain('rel="prev"');
  });

  it('exports the filtered history as UTF-8 CSV with a BOM and ; separators, in batches, with formula-like caller ids defused', async () => {
    const { agent, account, base } = await owner();
    await buildCalls(app.deps.db, account, 2300);
    await buildCall(app.deps.db, account, { startedAt: new Date('2026-11-21T10:00:00Z'), fromNumber: '=HYPERLINK("x")', durationSeconds: 61, billableSeconds: 55, consent: 'declined' });
    const res = await agent.get(`${base}.csv`).buffer(true).parse((r, done) => { let s = ''; r.setEncoding('utf8'); r.on('data', (c: string) => (s += c)); r.on('end', () => done(null, s)); });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.contain(`calls-${account.id}.csv`);
    const text = res.body as string;
    expect(text.startsWith('\uFEFFНачало;Направление;Откуда;Куда;Внутренний;Длительность, с;Разговор, с;Итог;Запись;Согласие на запись\r\n')).to.equal(true);
    const rows = csvRows(text);
    expect(rows).to.have.length(2301);
    expect(rows[0]).to.equal(`2026-11-21 15:00:00;Входящий;"'=HYPERLINK(""x"")";+77272000000;;61;55;Отвечен;Нет;Отказ от записи`);
    const filtered = await agent.get(`${base}.csv?direction=inbound`);
    expect(csvRows(filtered.text)).to.have.length(1);
  });

  it('shows an employee only the calls of extensions assigned to them, on the page, in the select and in the CSV', async () => {
    const { account, base } = await owner();
    const { user, agent } = await member(account, 'employee');
    const mine = await buildExtension(app.deps.db, account, '201', { userId: user.id });
    const theirs = await buildExtension(app.deps.db, account, '202');
    const own = await buildCall(app.deps.db, account, { extensionId: mine.id });
    await buildCall(app.deps.db, account, { extensionId: theirs.id });
    await buildCall(app.deps.db, account, { extensionId: null });
    const page = await agent.get(base);
    expect(page.status).to.equal(200);
    expect(idsOn(page.text)).to.deep.equal([own.id]);
    expect(page.text).to.contain(`<option value="${mine.id}"`).and.not.contain(`<option value="${theirs.id}"`);
    const snooping = await agent.get(`${base}?extension=${theirs.id}`);
    expect(snooping.text).to.contain('Выберите внутренний номер из списка.');
    expect(idsOn(snooping.text)).to.deep.equal([own.id]);
    expect(csvRows((await agent.get(`${base}.csv`)).text)).to.have.length(1);
    const admin = await member(account, 'admin');
    expect(idsOn((await admin.agent.get(base)).text)).to.have.length(3);
    const unassigned = await member(account, 'employee');
    expect(idsOn((await unassigned.agent.get(base)).text)).to.deep.equal([]);
  });

  it('refuses an accountant (no calls action in the policy), on the page and the export, and hides the link', async () => {
    const { account, base } = await owner();
    await buildCall(app.deps.db, account);
    const { agent } = await member(account, 'accountant');
    expect((await agent.get(base)).status).to.equal(403);
    expect((await agent.get(`${base}.csv`)).status).to.equal(403);
    expect((await agent.get(`/a/${account.id}`)).text).to.not.contain(`/a/${account.id}/calls`);
  });

  it('never shows another account\'s calls: their history is not found, and their rows and extensions never appear in mine', async () => {
    const a = await owner();
    const b = await owner();
    const theirExt = await buildExtension(app.deps.db, b.account, '301');
    const theirs = await buildCall(app.deps.db, b.account, { fromNumber: '+77015559999', extensionId: theirExt.id });
    const unowned = await buildCall(app.deps.db, null, { fromNumber: '+77015559999' });
    const mine = await buildCall(app.deps.db, a.account, { fromNumber: '+77015550000' });
    expect((await a.agent.get(b.base)).status).to.equal(404);
    expect((await a.agent.get(`${b.base}.csv`)).status).to.equal(404);
    const page = await a.agent.get(`${a.base}?number=%2B77015559999`);
    expect(idsOn(page.text)).to.not.include(theirs.id).and.not.include(unowned.id);
    expect(idsOn((await a.agent.get(a.base)).text)).to.deep.equal([mine.id]);
    expect((await a.agent.get(`${a.base}?extension=${theirExt.id}`)).text).to.contain('Выберите внутренний номер из списка.');
    expect((await a.agent.get(`${a.base}.csv`)).text).to.not.contain('+77015559999');
  });

  it('answers bad filter values with a message and the other filters still applied, never a 500', async () => {
    const { agent, account, base } = await owner();
    const inbound = await buildCall(app.deps.db, account, { direction: 'inbound' });
    await buildCall(app.deps.db, account, { direction: 'outbound' });
    const bad = await agent.get(`${base}?from=2026-13-45&direction=inbound&outcome=lost&extension=abc&number=${'7'.repeat(5000)}&cursor=older:zz&page=-1`);
    expect(bad.status).to.equal(200);
    expect(idsOn(bad.text)).to.deep.equal([inbound.id]);
    expect(bad.text).to.contain('Укажите дату в виде ГГГГ-ММ-ДД.').and.contain('Слишком длинное значение.').and.contain('Выберите один из вариантов.');
    expect(bad.text).to.contain('Проверьте поля, отмеченные ниже.');
    const backwards = await agent.get(`${base}?from=2026-11-20&to=2026-11-01`);
    expect(backwards.text).to.contain('Дата окончания раньше даты начала.');
    const words = await agent.get(`${base}?number=${encodeURIComponent('позвоните мне')}`);
    expect(words.text).to.contain('Не удалось распознать номер');
    for (const query of ['direction[]=inbound&direction[]=x', 'from=2026-02-30', 'cursor=older:99999999999999999.1', 'cursor=newer:1.1', 'extension=-1', 'extension=1e309']) {
      expect((await agent.get(`${base}?${query}`)).status, query).to.equal(200);
      expect((await agent.get(`${base}.csv?${query}`)).status, query).to.equal(200);
    }
  });

  it('reads history through the account\'s indexes: a page never scans the whole calls table', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(app.deps.db, account, '401');
    await buildCalls(app.deps.db, account, 300);
    const seen: [string, unknown[]][] = [];
    const db = app.deps.db;
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: unknown[]) => (/FROM calls c/.test(sql) && seen.push([sql, params ?? []]), query(sql, params))) as typeof db.query;
    try {
      await agent.get(`${base}?from=2026-10-01&number=87015551234&direction=inbound&outcome=answered`);
      await agent.get(`${base}?extension=${ext.id}`);
    } finally {
      db.query = query as typeof db.query;
    }
    expect(seen).to.have.length(4);
    for (const [sql, params] of seen) {
      const plan: { key: string | null; table: string }[] = await db.query(`EXPLAIN ${sql}`, params);
      const calls = plan.find((p) => p.table === 'c' || p.table === 'calls')!;
      expect(calls.key, sql).to.be.oneOf(['calls_account_started', 'calls_account_extension_started']);
    }
  });
});
