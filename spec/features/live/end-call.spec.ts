import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { AuditEntry } from '../../../app/features/audit/entities';
import { Call } from '../../../app/features/calls/entities';
import type { Extension } from '../../../app/features/extensions/entities';
import { dialFrom } from '../../pbx/outbound-support';
import type { Phone } from '../../support/fake-asterisk';
import { buildExtension, buildNumber, randomMobile } from '../../support/telephony-factories';
import { until } from '../../support/until';
import { signedInMember } from '../../support/sign-in';
import { liveCsrf, ownerOf, useLiveWorld } from './support';

const trunk = (number: string) => `PJSIP/${number}@carrier`;

describe('live monitoring: ending a call', () => {
  const w = useLiveWorld();

  /** A phone of the account talking with an outside party; resolves once they are bridged. */
  async function talkingCall(account: Account, ext: Extension): Promise<{ phone: Phone; far: Phone; call: Call }> {
    const callee = randomMobile();
    w.h.fake.onDial(trunk(callee), { action: 'answer', afterMs: 50 });
    const phone = dialFrom(w.h, ext, callee);
    const far = await w.h.fake.waitForDial(trunk(callee));
    await w.h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === far.channelId);
    const call = await w.h.deps.db.getRepository(Call).findOneByOrFail({ node: w.h.pbx.nodes[0].node.name, channelId: phone.channelId });
    expect(call.accountId).to.equal(account.id);
    return { phone, far, call };
  }

  const hangups = (channelId: string) => w.h.fake.requests.filter((r) => r.method === 'DELETE' && r.path === `/channels/${channelId}`);

  it('given an owner and a call in progress, when they end it, then its channel is hung up on its node, the call ends and the act is audited', async () => {
    const { account, owner, agent } = await ownerOf(w.app);
    await buildNumber(w.h.deps.db, account);
    const { phone, far, call } = await talkingCall(account, await buildExtension(w.h.deps.db, account, '201'));
    const page = await agent.get(`/a/${account.id}/live`);
    expect(page.text).to.contain(`action="/a/${account.id}/live/${call.id}/end"`);

    const res = await agent.post(`/a/${account.id}/live/${call.id}/end`).type('form').send({ _csrf: await liveCsrf(agent, account.id) });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/a/${account.id}/live`);
    expect(hangups(phone.channelId)).to.have.length.greaterThan(0);
    await Promise.all([phone.ended, far.ended]);
    const ended = await w.h.finishedCall(phone.channelId);
    expect(ended.disposition).to.equal('answered');
    const entry = await w.app.deps.db.getRepository(AuditEntry).findOneByOrFail({ action: 'call.ended_by_member', targetId: String(call.id) });
    expect(entry).to.include({ accountId: account.id, actorUserId: owner.id });
    expect(entry.details).to.deep.include({ channelId: phone.channelId, wasUp: true });
    expect((await agent.get(`/a/${account.id}/live`)).text).to.contain('Звонок завершён.');
  });

  it('given a call of another account, when an owner tries to end it through their own account, then it is not found (404) and nothing is hung up', async () => {
    const theirs = await ownerOf(w.app);
    await buildNumber(w.h.deps.db, theirs.account);
    const { phone, call } = await talkingCall(theirs.account, await buildExtension(w.h.deps.db, theirs.account, '201'));
    const me = await ownerOf(w.app);
    const res = await me.agent.post(`/a/${me.account.id}/live/${call.id}/end`).type('form').send({ _csrf: await liveCsrf(me.agent, me.account.id) });
    expect(res.status).to.equal(404);
    const direct = await me.agent.post(`/a/${theirs.account.id}/live/${call.id}/end`).type('form').send({ _csrf: await liveCsrf(me.agent, me.account.id) });
    expect(direct.status).to.equal(404);
    expect(hangups(phone.channelId)).to.have.length(0);
    phone.hangup();
    await w.h.finishedCall(phone.channelId);
  });

  it('given an employee watching their own call, when they try to end it, then it is refused (403), the page offers no end button, and the call goes on', async () => {
    const { account } = await ownerOf(w.app);
    await buildNumber(w.h.deps.db, account);
    const { user, agent } = await signedInMember(w.app, account, 'employee');
    const { phone, call } = await talkingCall(account, await buildExtension(w.h.deps.db, account, '202', { userId: user.id }));
    const page = await agent.get(`/a/${account.id}/live`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(`data-live-call="${call.id}"`);
    expect(page.text).not.to.contain('/end"');
    const res = await agent.post(`/a/${account.id}/live/${call.id}/end`).type('form').send({ _csrf: await liveCsrf(agent, account.id) });
    expect(res.status).to.equal(403);
    expect(hangups(phone.channelId)).to.have.length(0);
    phone.hangup();
    await w.h.finishedCall(phone.channelId);
  });

  it('given a call whose channel Asterisk no longer has, when an admin ends it, then the 404 is taken as "already over"', async () => {
    const { account } = await ownerOf(w.app);
    const { user, agent } = await signedInMember(w.app, account, 'admin');
    const channelId = `gone-${randomBytes(6).toString('hex')}`;
    const call = await w.app.deps.db.getRepository(Call).save({
      accountId: account.id, direction: 'inbound', fromNumber: randomMobile(), toNumber: null, dialled: null, node: w.h.pbx.nodes[0].node.name,
      channelId, state: 'active', startedAt: new Date(),
    });
    const res = await agent.post(`/a/${account.id}/live/${call.id}/end`).type('form').send({ _csrf: await liveCsrf(agent, account.id) });
    expect(res.status).to.equal(303);
    expect(hangups(channelId)).to.have.length(1);
    const entry = await until(() => w.app.deps.db.getRepository(AuditEntry).findOneBy({ action: 'call.ended_by_member', targetId: String(call.id) }));
    expect(entry).to.include({ actorUserId: user.id });
    expect(entry.details).to.deep.include({ wasUp: false });
    expect((await agent.get(`/a/${account.id}/live`)).text).to.contain('Звонок уже закончился.');
  });
});
