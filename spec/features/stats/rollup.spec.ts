import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import type { Account } from '../../../app/features/accounts/entities';
import type { CallDirection } from '../../../app/features/calls/entities';
import { localDateTime } from '../../../app/features/calls/period';
import type { HistoryScope } from '../../../app/features/calls/service';
import type { Measures } from '../../../app/features/stats/aggregate';
import { StatsService } from '../../../app/features/stats/service';
import { rollUpCallStats } from '../../../app/jobs/roll-up-call-stats';
import { rollUpChangedDays } from '../../../app/features/stats/rollup';
import { startTestApp, type TestApp } from '../../support/app';
import { buildAccount } from '../../support/factories';
import { buildExtension, buildNumber } from '../../support/telephony-factories';
import { insertStatsCalls, type Fate, type StatsCall } from './stats-factory';

const Z = (iso: string) => new Date(`${iso}Z`);
const scopeOf = (account: Account): HistoryScope => ({ accountId: account.id, timeZone: account.timeZone, extensionIds: 'all' });
const snapshot = (db: DataSource, account: Account) =>
  Promise.all(['call_stats_daily', 'call_stats_hourly'].map((t) => db.query(`SELECT * FROM ${t} WHERE account_id = ? ORDER BY 1, 2, 3, 4, 5`, [account.id])));

/** A seeded random source, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    // mulberry32: 32-bit integer steps only (a float LCG loses bits past 2^53 and repeats early)
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('call statistics: roll-ups', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());
  beforeEach(async () => {
    await app.deps.db.query('DELETE FROM job_watermarks');
    app.clock.set(Z('2026-11-25T06:00:00'));
  });

  it('recomputes whole days: running the job again, or after nothing changed, leaves the same rows', async () => {
    const db = app.deps.db;
    const account = await buildAccount(db);
    await insertStatsCalls(db, account, [
      { startedAt: Z('2026-11-20T04:00:00'), fate: 'answered' },
      { startedAt: Z('2026-11-20T05:00:00'), fate: 'missed' },
      { startedAt: Z('2026-11-21T05:00:00'), fate: 'lost' },
    ]);
    expect(await rollUpChangedDays(app.deps.db, 0)).to.be.at.least(2);
    const first = await snapshot(db, account);
    expect(first[0].map((r: { calls: number }) => Number(r.calls)).reduce((a: number, b: number) => a + b)).to.equal(3);
    expect(await rollUpChangedDays(app.deps.db, 0)).to.equal(0);
    await db.query('DELETE FROM job_watermarks');
    expect(await rollUpChangedDays(app.deps.db, 0)).to.be.at.least(2);
    expect(await snapshot(db, account)).to.deep.equal(first);
  });

  it('leaves the last minute\'s changes to its next run (they count from the calls meanwhile), then moves its watermark', async () => {
    const db = app.deps.db;
    const account = await buildAccount(db);
    await insertStatsCalls(db, account, [{ startedAt: Z('2026-11-20T04:00:00'), fate: 'answered' }]);
    await rollUpCallStats.run(app.deps);
    expect(await db.query('SELECT * FROM call_stats_daily WHERE account_id = ?', [account.id])).to.deep.equal([]);
    const [{ lag }]: { lag: number }[] = await db.query('SELECT TIMESTAMPDIFF(SECOND, reached_at, NOW(3)) AS lag FROM job_watermarks');
    expect(Number(lag)).to.be.within(59, 61);
    const report = await new StatsService(db, app.clock).report(scopeOf(account), { from: '2026-11-01', to: '2026-11-25' });
    expect(report.liveDays).to.deep.equal(['2026-11-20', '2026-11-25']);
    expect(report.totals.answered).to.equal(1);
  });

  it('counts a call closed after the last run, even with an earlier end time, from the calls until its day is rolled up again', async () => {
    const db = app.deps.db;
    const account = await buildAccount(db);
    const stats = new StatsService(db, app.clock);
    await insertStatsCalls(db, account, [{ startedAt: Z('2026-11-20T04:00:00'), fate: 'answered' }]);
    await rollUpChangedDays(app.deps.db, 0);
    // A call of the 20th, lost while the engine was disconnected, closed now with its end time of then.
    await insertStatsCalls(db, account, [{ startedAt: Z('2026-11-20T06:00:00'), fate: 'answered', endedAt: Z('2026-11-20T06:05:00') }]);
    const query = { from: '2026-11-01', to: '2026-11-25' };
    const live = await stats.report(scopeOf(account), query);
    expect(live.liveDays).to.deep.equal(['2026-11-20', '2026-11-25']);
    expect(live.totals.calls).to.equal(2);
    await rollUpChangedDays(app.deps.db, 0);
    const settled = await stats.report(scopeOf(account), query);
    expect(settled.liveDays).to.deep.equal(['2026-11-25']);
    expect(settled.totals).to.deep.equal(live.totals);
  });

  for (const timeZone of ['Asia/Almaty', 'Asia/Kolkata']) {
    it(`gives the same numbers from roll-ups as from the calls, and as worked out here, on a generated month (${timeZone}, local day boundaries)`, async function () {
      this.timeout(60_000);
      const db = app.deps.db;
      const account = await buildAccount(db, { timeZone });
      const numbers = [await buildNumber(db, account), await buildNumber(db, account)];
      const extensions = [await buildExtension(db, account, '201'), await buildExtension(db, account, '202'), await buildExtension(db, account, '203')];
      const rnd = random(timeZone.length * 7919);
      const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
      const calls: StatsCall[] = Array.from({ length: 800 }, () => {
        // Half the calls within 40 minutes of a local midnight, so day boundaries are crossed often.
        const day = Date.UTC(2026, 9, 28) + Math.floor(rnd() * 36) * 86_400_000;
        const offset = timeZone === 'Asia/Almaty' ? 5 * 3600_000 : 5.5 * 3600_000;
        const startedAt = new Date(rnd() < 0.5 ? day - offset + Math.floor((rnd() - 0.5) * 80 * 60_000) : day + Math.floor(rnd() * 86_400_000));
        const fate = pick<Fate>(['answered', 'answered', 'missed', 'lost', 'refused']);
        return {
          startedAt, fate, direction: pick<CallDirection>(['inbound', 'inbound', 'outbound', 'internal']),
          phoneNumberId: rnd() < 0.8 ? pick(numbers).id : null, extensionId: rnd() < 0.7 ? pick(extensions).id : null,
          waitSeconds: 3 + Math.floor(rnd() * 60), billableSeconds: Math.floor(rnd() * 600),
        };
      }).filter((c) => c.startedAt < app.clock.now());
      await insertStatsCalls(db, account, calls);
      await rollUpChangedDays(app.deps.db, 0);

      const query = { from: '2026-11-01', to: '2026-11-25' };
      const stats = new StatsService(db, app.clock);
      const rolled = await stats.report(scopeOf(account), query);
      const raw = await stats.report(scopeOf(account), query, { fromCallsOnly: true });
      expect(rolled.liveDays).to.deep.equal(['2026-11-25']);
      expect(raw.liveDays).to.have.length(25);
      const expected = expectedFor(calls, timeZone, query);
      for (const report of [rolled, raw]) {
        expect(report.totals).to.deep.equal(expected.totals);
        expect(Object.fromEntries(report.days.filter((d) => d.measures.calls).map((d) => [d.day, d.measures]))).to.deep.equal(expected.days);
        expect(Object.fromEntries(report.hours.map((m, h) => [h, m]).filter(([, m]) => (m as Measures).calls))).to.deep.equal(expected.hours);
        expect(Object.fromEntries(report.numbers.map((n) => [n.phoneNumberId, n.measures]))).to.deep.equal(expected.numbers);
        expect(Object.fromEntries(report.extensions.map((e) => [e.extensionId, e.measures]))).to.deep.equal(expected.extensions);
      }
    });
  }

  it('reads a past month from the roll-ups only: no query over the calls themselves, and each roll-up read uses its primary key', async () => {
    const db = app.deps.db;
    const account = await buildAccount(db);
    await insertStatsCalls(db, account, Array.from({ length: 200 }, (_, i) => ({ startedAt: new Date(Z('2026-10-01T00:00:00').getTime() + i * 3 * 3600_000), fate: 'answered' as const })));
    await rollUpChangedDays(app.deps.db, 0);
    const seen: [string, unknown[]][] = [];
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: unknown[]) => (seen.push([sql, params ?? []]), query(sql, params))) as typeof db.query;
    let report;
    try {
      report = await new StatsService(db, app.clock).report(scopeOf(account), { from: '2026-10-01', to: '2026-10-31' });
    } finally {
      db.query = query as typeof db.query;
    }
    expect(report.totals.calls).to.equal(200);
    expect(report.liveDays).to.deep.equal([]);
    const overCalls = seen.filter(([sql]) => /FROM calls c/.test(sql));
    expect(overCalls, 'only the look for calls changed since the watermark').to.have.length(1);
    expect(overCalls[0][0]).to.contain('c.changed_at > ?');
    const rollUps = seen.filter(([sql]) => /FROM call_stats_/.test(sql));
    expect(rollUps).to.have.length(4);
    for (const [sql, params] of rollUps) {
      const plan: { key: string | null; table: string }[] = await db.query(`EXPLAIN ${sql}`, params);
      expect(plan.find((p) => /call_stats_/.test(p.table))!.key, sql).to.equal('PRIMARY');
    }
    // Which index the optimizer picks depends on the other indexes on calls and their statistics; what matters is that it is not a scan.
    const plan: { key: string | null; table: string; type: string }[] = await db.query(`EXPLAIN ${overCalls[0][0]}`, overCalls[0][1]);
    const onCalls = plan.find((p) => p.table === 'c')!;
    expect(onCalls.type, 'the look for changed calls is not a full scan').to.not.equal('ALL');
    expect(onCalls.key, 'the look for changed calls goes through an index').to.be.a('string');
  });
});

/** The report worked out in plain code from the generated calls, with Intl for local days and hours. */
function expectedFor(calls: StatsCall[], timeZone: string, query: { from: string; to: string }) {
  const zero = (): Measures => ({ calls: 0, answered: 0, missed: 0, lostInMenu: 0, waitMs: 0, talkSeconds: 0 });
  const totals = zero();
  const days: Record<string, Measures> = {};
  const hours: Record<number, Measures> = {};
  const numbers: Record<number, Measures> = {};
  const extensions: Record<number, Measures> = {};
  for (const c of calls) {
    const local = localDateTime(c.startedAt, timeZone);
    const day = local.slice(0, 10);
    if (day < query.from || day > query.to) continue;
    const hour = Number(local.slice(11, 13));
    for (const m of [totals, (days[day] ??= zero()), (hours[hour] ??= zero()), (numbers[c.phoneNumberId ?? 0] ??= zero()), (extensions[c.extensionId ?? 0] ??= zero())]) {
      m.calls++;
      if (c.fate === 'answered') (m.answered++, (m.waitMs += (c.waitSeconds ?? 10) * 1000), (m.talkSeconds += c.billableSeconds ?? 60));
      if (c.fate === 'missed') m.missed++;
      if (c.fate === 'lost' && (c.direction ?? 'inbound') === 'inbound') m.lostInMenu++;
    }
  }
  return { totals, days, hours, numbers, extensions };
}
