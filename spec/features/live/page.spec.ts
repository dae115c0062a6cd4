import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import type { Account } from '../../../app/features/accounts/entities';
import { Call, CallLeg, type CallDirection } from '../../../app/features/calls/entities';
import { Recording } from '../../../app/features/recordings/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { buildExtension } from '../../support/telephony-factories';
import { buildCall } from '../calls/call-factory';
import { signedInMember } from '../../support/sign-in';
import { ownerOf } from './support';

/** A call in progress as the engine leaves it in the database, with its legs. */
async function liveCall(db: DataSource, account: Account, opts: { direction?: CallDirection; extensionId?: number; legs?: Partial<CallLeg>[]; recording?: boolean; startedAt?: Date } = {}) {
  const call = await buildCall(db, account, {
    direction: opts.direction ?? 'inbound', state: 'active', endedAt: null, disposition: null, durationSeconds: null, billableSeconds: null,
    extensionId: opts.extensionId ?? null, startedAt: opts.startedAt ?? new Date(Date.now() - 75_000),
  });
  const channel = () => `ch-${randomBytes(6).toString('hex')}`;
  await db.getRepository(CallLeg).insert({ callId: call.id, channelId: call.channelId, role: 'caller', startedAt: call.startedAt });
  for (const leg of opts.legs ?? []) await db.getRepository(CallLeg).insert({ callId: call.id, channelId: channel(), role: 'callee', startedAt: new Date(), ...leg });
  if (opts.recording) {
    const rec = await db.getRepository(Recording).save({ accountId: account.id, callId: call.id, kind: 'call', asteriskName: `calls/${account.id}/${call.id}`, state: 'recording', createdAt: new Date() });
    await db.getRepository(Call).update(call.id, { recordingId: rec.id });
  }
  return call;
}

const rowOf = (html: string, id: number) => new RegExp(`<tr data-live-call="${id}" data-state="([a-z]+)">([\\s\\S]*?)</tr>`).exec(html);

describe('live monitoring: the page without script', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('given calls in every state, when the owner opens the page, then each is listed with its state, duration and recording, and ended calls are not', async () => {
    const { account, agent } = await ownerOf(app);
    const db = app.deps.db;
    const menu = await liveCall(db, account);
    const ringing = await liveCall(db, account, { legs: [{}] });
    const talking = await liveCall(db, account, { legs: [{ answeredAt: new Date() }], recording: true, startedAt: new Date(app.clock.now().getTime() - 75_000) });
    const held = await liveCall(db, account, { direction: 'outbound', legs: [{ answeredAt: new Date(), heldAt: new Date() }] });
    const gone = await liveCall(db, account, { legs: [{ answeredAt: new Date(), endedAt: new Date() }] });
    const ended = await buildCall(db, account);
    const page = await agent.get(`/a/${account.id}/live`);
    expect(page.status).to.equal(200);
    expect(rowOf(page.text, menu.id)?.[1]).to.equal('menu');
    expect(rowOf(page.text, ringing.id)?.[1]).to.equal('ringing');
    expect(rowOf(page.text, talking.id)?.[1]).to.equal('talking');
    expect(rowOf(page.text, held.id)?.[1]).to.equal('held');
    expect(rowOf(page.text, gone.id)?.[1], 'a call whose other party left is back in its scenario').to.equal('menu');
    expect(rowOf(page.text, talking.id)?.[2]).to.contain('Идёт запись').and.to.contain('data-elapsed="75"').and.to.contain('01:15');
    expect(rowOf(page.text, menu.id)?.[2]).to.contain(menu.fromNumber!);
    expect(page.text).not.to.contain(`data-live-call="${ended.id}"`);
    expect(page.text).to.contain(`href="/a/${account.id}/live" data-testid="live-refresh"`);
    expect(page.text).to.contain('src="/static/live.js"');
  });

  it('given another account\'s calls, when the owner opens their page, then they are not listed; an employee sees only their own extension\'s calls', async () => {
    const { account, agent } = await ownerOf(app);
    const other = await ownerOf(app);
    const foreign = await liveCall(app.deps.db, other.account);
    const employee = await signedInMember(app, account, 'employee');
    const mine = await buildExtension(app.deps.db, account, '202', { userId: employee.user.id });
    const theirs = await buildExtension(app.deps.db, account, '203');
    const own = await liveCall(app.deps.db, account, { direction: 'outbound', extensionId: mine.id });
    const notOwn = await liveCall(app.deps.db, account, { direction: 'outbound', extensionId: theirs.id });
    const ownerPage = (await agent.get(`/a/${account.id}/live`)).text;
    expect(ownerPage).not.to.contain(`data-live-call="${foreign.id}"`);
    expect(ownerPage).to.contain(`data-live-call="${own.id}"`).and.to.contain(`data-live-call="${notOwn.id}"`);
    const employeePage = (await employee.agent.get(`/a/${account.id}/live`)).text;
    expect(employeePage).to.contain(`data-live-call="${own.id}"`);
    expect(employeePage).not.to.contain(`data-live-call="${notOwn.id}"`);
  });

  it('given the dashboard, then owners and employees find the live page and click-to-call from it, accountants do not', async () => {
    const { account, agent } = await ownerOf(app);
    expect((await agent.get(`/a/${account.id}`)).text).to.contain(`href="/a/${account.id}/live"`).and.to.contain(`href="/a/${account.id}/click-to-call"`);
    const accountant = await signedInMember(app, account, 'accountant');
    expect((await accountant.agent.get(`/a/${account.id}`)).text).not.to.contain(`href="/a/${account.id}/live"`);
    expect((await accountant.agent.get(`/a/${account.id}/live`)).status).to.equal(403);
  });
});
