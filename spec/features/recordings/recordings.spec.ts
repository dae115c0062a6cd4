import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { AuditEntry } from '../../../app/features/audit/entities';
import { Call } from '../../../app/features/calls/entities';
import { Recording } from '../../../app/features/recordings/entities';
import { csrfFrom } from '../../support/http';
import { signedInMember, signedInOwner } from '../../support/sign-in';
import { buildExtension } from '../../support/telephony-factories';
import { buildRecordedCall, getBytes, startAppWithAsterisk, type AppWithAsterisk } from './support';

/** The recording ids a page lists, in order. */
const idsOn = (html: string) => [...html.matchAll(/data-recording="(\d+)"/g)].map((m) => Number(m[1]));
/** A pager link as the browser follows it (Handlebars escapes = and &). */
const pagerHref = (html: string, rel: 'prev' | 'next') => new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)![1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('call recordings', () => {
  let env: AppWithAsterisk;
  before(async () => (env = await startAppWithAsterisk()));
  after(() => env.close());

  const member = (account: Account, role: 'employee' | 'accountant' | 'admin') => signedInMember(env.app, account, role);

  async function owner() {
    const setup = await signedInOwner(env.app);
    return { ...setup, base: `/a/${setup.account.id}/recordings` };
  }

  it('lists the account\'s call recordings newest first with the consent outcome, linked from the dashboard', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(env.app.deps.db, account, '101');
    const older = await buildRecordedCall(env, account, { startedAt: new Date('2026-11-20T06:30:00Z'), fromNumber: '+77015550101', billableSeconds: 125, extensionId: ext.id, consent: 'accepted' });
    const newer = await buildRecordedCall(env, account, { startedAt: new Date('2026-11-20T07:00:00Z'), direction: 'outbound', toNumber: '+77015550202', consent: 'not_required' });
    await buildRecordedCall(env, account, {}, { state: 'failed' });
    const res = await agent.get(base);
    expect(res.status).to.equal(200);
    expect(idsOn(res.text)).to.deep.equal([newer.recording.id, older.recording.id]);
    const row = res.text.slice(res.text.indexOf(`data-recording="${older.recording.id}"`)).split('</tr>')[0];
    for (const shown of ['2026-11-20 11:30<', 'Входящий', '+77015550101', '101 Сотрудник 101', '02:05', 'Согласие получено', `src="${base}/${older.recording.id}/listen"`, `${base}/${older.recording.id}/download`]) {
      expect(row).to.contain(shown);
    }
    expect((await agent.get(`/a/${account.id}`)).text).to.contain(`href="${base}"`);
  });

  it('shows the storage used against the quota: known sizes, and 44 + 16000 bytes a second where the size is unknown', async () => {
    const { agent, account, base } = await owner();
    await env.app.deps.db.query('UPDATE accounts SET storage_quota_bytes = ? WHERE id = ?', [10 * 1024 * 1024, account.id]);
    await buildRecordedCall(env, account, {}, { sizeBytes: 3 * 1024 * 1024 });
    await buildRecordedCall(env, account, { billableSeconds: 131 }, { sizeBytes: null, durationSeconds: 131 }); // 2,096,044 bytes
    await env.app.deps.db.getRepository(Recording).save({ accountId: account.id, callId: null, kind: 'voicemail', asteriskName: `voicemail/${account.id}/x`, durationSeconds: null, sizeBytes: null, state: 'done', createdAt: new Date() });
    const res = await agent.get(base);
    // 3,145,728 + 2,096,044 + 44 = 5,241,816 bytes = 4.999… MiB of 10 MiB
    expect(res.text).to.match(/data-testid="storage"[^>]*>\s*Занято 5 МБ из 10 МБ \(50%\)/);
    expect(res.text).to.contain('value="5241816"');
  });

  it('filters by period (the account\'s days), number in any spelling, extension and direction, and pages by keyset', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(env.app.deps.db, account, '102');
    const match = await buildRecordedCall(env, account, { startedAt: new Date('2026-11-10T20:00:00Z'), fromNumber: '+77015551234', extensionId: ext.id, direction: 'inbound' });
    await buildRecordedCall(env, account, { startedAt: new Date('2026-11-10T18:00:00Z'), fromNumber: '+77015551234', extensionId: ext.id, direction: 'inbound' }); // the 10th in Almaty
    await buildRecordedCall(env, account, { startedAt: new Date('2026-11-10T20:00:00Z'), fromNumber: '+77015559999', extensionId: ext.id, direction: 'inbound' });
    await buildRecordedCall(env, account, { startedAt: new Date('2026-11-10T20:10:00Z'), fromNumber: '+77015551234', direction: 'inbound' });
    await buildRecordedCall(env, account, { startedAt: new Date('2026-11-10T20:20:00Z'), fromNumber: '101', toNumber: '+77015551234', extensionId: ext.id, direction: 'outbound' });
    const q = new URLSearchParams({ from: '2026-11-11', to: '2026-11-11', number: '8 701 555 12 34', extension: String(ext.id), direction: 'inbound' });
    expect(idsOn((await agent.get(`${base}?${q}`)).text)).to.deep.equal([match.recording.id]);

    const many = await signedInOwner(env.app);
    const manyAgent = many.agent;
    const made: number[] = [];
    for (let i = 0; i < 53; i++) made.push((await buildRecordedCall(env, many.account, { startedAt: new Date(Date.UTC(2026, 9, 1, 0, i)) })).recording.id);
    const first = await manyAgent.get(`/a/${many.account.id}/recordings`);
    expect(idsOn(first.text)).to.deep.equal(made.slice(3).reverse());
    const older = pagerHref(first.text, 'next');
    const second = await manyAgent.get(`/a/${many.account.id}/recordings${older}`);
    expect(idsOn(second.text)).to.deep.equal(made.slice(0, 3).reverse());
    const newer = pagerHref(second.text, 'prev');
    expect(idsOn((await manyAgent.get(`/a/${many.account.id}/recordings${newer}`)).text)).to.deep.equal(made.slice(3).reverse());
  });

  it('given an employee, then only the recordings of his own extension\'s calls are listed and playable', async () => {
    const { account, base } = await owner();
    const { user, agent } = await member(account, 'employee');
    const mine = await buildExtension(env.app.deps.db, account, '201', { userId: user.id });
    const theirs = await buildExtension(env.app.deps.db, account, '202');
    const own = await buildRecordedCall(env, account, { extensionId: mine.id });
    const other = await buildRecordedCall(env, account, { extensionId: theirs.id });
    const unassigned = await buildRecordedCall(env, account, { extensionId: null });
    expect(idsOn((await agent.get(base)).text)).to.deep.equal([own.recording.id]);
    expect((await getBytes(agent, `${base}/${own.recording.id}/listen`)).status).to.equal(200);
    for (const hidden of [other, unassigned]) {
      expect((await getBytes(agent, `${base}/${hidden.recording.id}/listen`)).status).to.equal(404);
      expect((await getBytes(agent, `${base}/${hidden.recording.id}/download`)).status).to.equal(404);
    }
    const page = await agent.get(base);
    expect(page.text).not.to.contain('/delete');
    const del = await agent.post(`${base}/${own.recording.id}/delete`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(del.status).to.equal(403);
    expect(env.fake.requests.some((r) => r.method === 'DELETE' && r.path.includes(String(own.call.id)))).to.equal(false);
  });

  it('refuses accountants, and is "not found" for another account\'s members on list, listen, download and delete', async () => {
    const { account, base } = await owner();
    const rec = await buildRecordedCall(env, account);
    const accountant = await member(account, 'accountant');
    expect((await accountant.agent.get(base)).status).to.equal(403);
    expect((await getBytes(accountant.agent, `${base}/${rec.recording.id}/listen`)).status).to.equal(403);
    expect((await accountant.agent.get(`/a/${account.id}`)).text).not.to.contain(`href="${base}"`);

    const stranger = await owner();
    expect((await stranger.agent.get(base)).status).to.equal(404);
    expect((await getBytes(stranger.agent, `${base}/${rec.recording.id}/listen`)).status).to.equal(404);
    expect((await getBytes(stranger.agent, `${base}/${rec.recording.id}/download`)).status).to.equal(404);
    const token = csrfFrom((await stranger.agent.get(stranger.base)).text);
    expect((await stranger.agent.post(`${base}/${rec.recording.id}/delete`).type('form').send({ _csrf: token })).status).to.equal(404);
    // Their own account's address with this account's recording id: still not theirs.
    expect((await getBytes(stranger.agent, `${stranger.base}/${rec.recording.id}/listen`)).status).to.equal(404);
    expect((await stranger.agent.post(`${stranger.base}/${rec.recording.id}/delete`).type('form').send({ _csrf: token })).status).to.equal(404);
    expect(await env.app.deps.db.getRepository(Recording).existsBy({ id: rec.recording.id })).to.equal(true);
  });

  it('streams the WAV for <audio> with byte ranges: 200 whole, 206 a part, 416 past the end', async () => {
    const { agent, account, base } = await owner();
    const rec = await buildRecordedCall(env, account, { billableSeconds: 3 });
    const url = `${base}/${rec.recording.id}/listen`;
    const whole = await getBytes(agent, url);
    expect(whole.status).to.equal(200);
    expect(whole.headers['content-type']).to.equal('audio/wav');
    expect(whole.headers['accept-ranges']).to.equal('bytes');
    const body = whole.body as Buffer;
    expect(body.length).to.equal(44 + 3 * 16000);
    expect(whole.headers['content-length']).to.equal(String(body.length));
    expect(body.subarray(0, 4).toString()).to.equal('RIFF');
    expect(whole.headers['content-disposition']).to.equal(undefined);

    const head = await getBytes(agent, url, { Range: 'bytes=0-99' });
    expect(head.status).to.equal(206);
    expect(head.headers['content-range']).to.equal(`bytes 0-99/${body.length}`);
    expect((head.body as Buffer).equals(body.subarray(0, 100))).to.equal(true);

    const tail = await getBytes(agent, url, { Range: 'bytes=30000-' });
    expect(tail.status).to.equal(206);
    expect(tail.headers['content-range']).to.equal(`bytes 30000-${body.length - 1}/${body.length}`);
    expect((tail.body as Buffer).equals(body.subarray(30000))).to.equal(true);

    const last = await getBytes(agent, url, { Range: 'bytes=-10' });
    expect((last.body as Buffer).equals(body.subarray(body.length - 10))).to.equal(true);

    const beyond = await getBytes(agent, url, { Range: `bytes=${body.length + 5}-` });
    expect(beyond.status).to.equal(416);
    expect(beyond.headers['content-range']).to.equal(`bytes */${body.length}`);
  });

  it('downloads the file named by the call\'s local date and the other party\'s number', async () => {
    const { agent, account, base } = await owner();
    const rec = await buildRecordedCall(env, account, { startedAt: new Date('2026-11-20T06:30:00Z'), fromNumber: '+77015550101', direction: 'inbound' }, { createdAt: new Date('2026-11-20T06:30:05Z') });
    const res = await getBytes(agent, `${base}/${rec.recording.id}/download`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-disposition']).to.equal('attachment; filename=recording-2026-11-20_11-30_+77015550101.wav');
    expect((res.body as Buffer).subarray(0, 4).toString()).to.equal('RIFF');
  });

  it('is "not found" when the file is gone from Asterisk, and "PBX unavailable" when the node does not answer', async () => {
    const { agent, account, base } = await owner();
    const rec = await buildRecordedCall(env, account);
    await fetch(`${env.fake.url}/ari/recordings/stored/${encodeURIComponent(rec.recording.asteriskName)}`, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('vpbx:fake-secret').toString('base64')}` } });
    expect((await getBytes(agent, `${base}/${rec.recording.id}/listen`)).status).to.equal(404);
    const elsewhere = await buildRecordedCall(env, account, { node: 'node-not-configured' });
    expect((await getBytes(agent, `${base}/${elsewhere.recording.id}/listen`)).status).to.equal(503);
  });

  it('given an admin deletes a recording, then the file goes from Asterisk, the row from the list, the call forgets it, and the audit log says who', async () => {
    const { account, base } = await owner();
    const admin = await member(account, 'admin');
    const rec = await buildRecordedCall(env, account);
    const keep = await buildRecordedCall(env, account);
    const page = await admin.agent.get(base);
    expect(page.text).to.contain(`action="${base}/${rec.recording.id}/delete"`);
    const res = await admin.agent.post(`${base}/${rec.recording.id}/delete`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).to.equal(302);
    const name = rec.recording.asteriskName;
    expect(env.fake.requests.some((r) => r.method === 'DELETE' && r.path === `/recordings/stored/${encodeURIComponent(name)}`)).to.equal(true);
    const stored = await fetch(`${env.fake.url}/ari/recordings/stored/${encodeURIComponent(name)}`, { headers: { authorization: `Basic ${Buffer.from('vpbx:fake-secret').toString('base64')}` } });
    expect(stored.status).to.equal(404);
    expect(await env.app.deps.db.getRepository(Recording).existsBy({ id: rec.recording.id })).to.equal(false);
    expect((await env.app.deps.db.getRepository(Call).findOneByOrFail({ id: rec.call.id })).recordingId).to.equal(null);
    const entry = await env.app.deps.db.getRepository(AuditEntry).findOneByOrFail({ action: 'recording.deleted', targetId: String(rec.recording.id) });
    expect(entry).to.include({ accountId: account.id, actorUserId: admin.user.id });
    const after = await admin.agent.get(base);
    expect(idsOn(after.text)).to.deep.equal([keep.recording.id]);
    expect(after.text).to.contain('Запись удалена.');
  });
});
