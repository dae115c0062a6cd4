import { expect } from 'chai';
import { purgeExpiredSessions } from '../../app/jobs/purge-expired-sessions';
import { purgeStaleAuthRows } from '../../app/jobs/purge-stale-auth-rows';
import { startJobsRunner } from '../../app/jobs/runner';
import type { Job } from '../../app/jobs/job';
import { startTestApp, type TestApp } from '../support/app';
import { HOUR } from '../support/clock';

describe('jobs', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('purges expired sessions only, and a second run finds nothing', async () => {
    const now = Math.floor(app.clock.now().getTime() / 1000);
    await app.deps.db.query("INSERT INTO sessions (session_id, expires, data) VALUES ('old-1', ?, '{}'), ('old-2', ?, '{}'), ('live-1', ?, '{}')", [now - 10, now - 5000, now + 3600]);
    expect(await purgeExpiredSessions.run(app.deps)).to.be.at.least(2);
    const left: { session_id: string }[] = await app.deps.db.query("SELECT session_id FROM sessions WHERE session_id IN ('old-1','old-2','live-1')");
    expect(left.map((r) => r.session_id)).to.deep.equal(['live-1']);
    expect(await purgeExpiredSessions.run(app.deps)).to.equal(0);
  });

  it('purges spent throttles and long-expired tokens', async () => {
    const old = new Date(app.clock.now().getTime() - 48 * HOUR);
    await app.deps.db.query('INSERT INTO throttles (throttle_key, failures, window_started_at) VALUES (?, 1, ?), (?, 1, ?)', ['old-key', old, 'fresh-key', app.clock.now()]);
    await purgeStaleAuthRows.run(app.deps);
    const keys: { throttle_key: string }[] = await app.deps.db.query("SELECT throttle_key FROM throttles WHERE throttle_key IN ('old-key','fresh-key')");
    expect(keys.map((k) => k.throttle_key)).to.deep.equal(['fresh-key']);
  });

  it('runs the schedule in one process only: a second runner stands by', async () => {
    const ran: string[] = [];
    const jobFor = (who: string): Job => ({ name: `probe-${who}`, schedule: '* * * * * *', run: async () => (ran.push(who), 1) });
    const first = startJobsRunner(app.deps, [jobFor('first')]);
    await new Promise((r) => setTimeout(r, 300));
    const second = startJobsRunner(app.deps, [jobFor('second')]);
    await new Promise((r) => setTimeout(r, 2300));
    await first.stop();
    await second.stop();
    expect(ran).to.include('first');
    expect(ran).to.not.include('second');
  });
});
