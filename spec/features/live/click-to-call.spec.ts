import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { AuditEntry } from '../../../app/features/audit/entities';
import { CHANNEL_VARS } from '../../../app/pbx/contract';
import { mediaPlayedTo, originates, originateTo, uniqueChannelId } from '../../pbx/outbound-support';
import { buildExtension, buildNumber, randomMobile } from '../../support/telephony-factories';
import { buildCall } from '../calls/call-factory';
import { signedInMember } from '../../support/sign-in';
import { ownerOf, useLiveWorld } from './support';
import { csrfFrom } from '../../support/http';

const trunk = (number: string) => `PJSIP/${number}@carrier`;
/** "+7701…" as someone types it: 8 701 … */
const typed = (e164: string) => `8 ${e164.slice(2, 5)} ${e164.slice(5, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`;

describe('click-to-call', () => {
  const w = useLiveWorld();

  async function submit(agent: Awaited<ReturnType<typeof ownerOf>>['agent'], account: Account, fields: Record<string, string>) {
    const page = await agent.get(`/a/${account.id}/click-to-call`);
    return agent.post(`/a/${account.id}/click-to-call`).type('form').send({ ...fields, _csrf: csrfFrom(page.text) });
  }

  it('given an owner with an extension, when they call a typed number, then their phone rings, and once answered the number is dialled through the trunk as if the phone had dialled it', async () => {
    const { account, owner, agent } = await ownerOf(w.app, { codecs: 'alaw,ulaw' });
    const own = await buildNumber(w.h.deps.db, account);
    const ext = await buildExtension(w.h.deps.db, account, '201', { userId: owner.id });
    w.h.fake.addEndpoint(ext.sipUsername, { online: true });
    const callee = randomMobile();
    w.h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
    w.h.fake.onDial(trunk(callee), { action: 'answer', afterMs: 50 });
    const since = w.h.fake.seq;

    const res = await submit(agent, account, { number: typed(callee), extension: String(ext.id) });
    expect(res.status).to.equal(303);
    const ringMine = await originateTo(w.h, `PJSIP/${ext.sipUsername}`, since);
    expect(ringMine.query).to.include({ app: w.h.app, appArgs: `click-to-call,8${callee.slice(2)}`, formats: 'alaw,ulaw' });
    expect(ringMine.query).not.to.have.property('originator');
    const myPhone = await w.h.fake.waitForDial(`PJSIP/${ext.sipUsername}`);

    const out = await originateTo(w.h, trunk(callee), since);
    expect(out.query).to.include({ callerId: own.e164, formats: 'alaw,ulaw' });
    expect(out.seq, 'the number is dialled only after the phone answered').to.be.greaterThan(ringMine.seq);
    const far = await w.h.fake.waitForDial(trunk(callee));
    await w.h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === far.channelId, 5000, since);
    far.hangup();
    await myPhone.ended;
    const call = await w.h.finishedCall(myPhone.channelId);
    expect(call).to.include({ accountId: account.id, direction: 'outbound', extensionId: ext.id, fromNumber: '201', toNumber: callee, disposition: 'answered' });
    const entry = await w.app.deps.db.getRepository(AuditEntry).findOneByOrFail({ action: 'call.click_to_call', accountId: account.id });
    expect(entry).to.include({ actorUserId: owner.id, targetId: String(ext.id) });
  });

  it('given an account that records, when the called party answers a click-to-call, then they hear the recording warning before being connected', async () => {
    w.h.fake.sounds.add('vpbx/recording-warning', 1);
    const { account, owner, agent } = await ownerOf(w.app, { recordCalls: true });
    await buildNumber(w.h.deps.db, account);
    const ext = await buildExtension(w.h.deps.db, account, '201', { userId: owner.id });
    w.h.fake.addEndpoint(ext.sipUsername, { online: true });
    const callee = randomMobile();
    w.h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
    w.h.fake.onDial(trunk(callee), { action: 'answer', afterMs: 50 });
    expect((await submit(agent, account, { number: callee, extension: String(ext.id) })).status).to.equal(303);
    const myPhone = await w.h.fake.waitForDial(`PJSIP/${ext.sipUsername}`);
    const far = await w.h.fake.waitForDial(trunk(callee), 5000);
    const bridged = await w.h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === far.channelId, 5000);
    const warned = w.h.fake.events.find((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${far.channelId}`);
    expect(warned?.event.playback?.media_uri).to.equal('sound:vpbx/recording-warning');
    expect(warned!.seq).to.be.lessThan(bridged.seq);
    myPhone.hangup();
    await far.ended;
    expect((await w.h.finishedCall(myPhone.channelId)).consent).to.equal('accepted');
  });

  it('given a suspended account, when a member asks for a call, then nothing rings and they are told why', async () => {
    const { account, owner, agent } = await ownerOf(w.app, { status: 'suspended' });
    await buildNumber(w.h.deps.db, account);
    const ext = await buildExtension(w.h.deps.db, account, '201', { userId: owner.id });
    const before = originates(w.h).length;
    const res = await submit(agent, account, { number: randomMobile(), extension: String(ext.id) });
    expect(res.status).to.equal(303);
    expect(originates(w.h).length).to.equal(before);
    expect((await agent.get(res.headers.location)).text).to.contain('Обслуживание приостановлено');
  });

  it('given an account suspended after the phone was rung, when the phone answers, then it hears the notice, nothing is dialled and the call is recorded as blocked', async () => {
    const { account } = await ownerOf(w.app, { status: 'suspended' });
    await buildNumber(w.h.deps.db, account);
    const ext = await buildExtension(w.h.deps.db, account, '201');
    const before = originates(w.h).length;
    const phone = w.h.fake.callIntoStasis({
      app: w.h.app, channelId: uniqueChannelId(), args: ['click-to-call', randomMobile()], endpoint: ext.sipUsername, tech: 'PJSIP', callerNumber: '',
      channelVars: { [CHANNEL_VARS.callerEndpoint]: ext.sipUsername },
    });
    await phone.ended;
    expect(mediaPlayedTo(w.h, phone)).to.deep.equal(['sound:vpbx/service-suspended']);
    expect(originates(w.h).length).to.equal(before);
    expect(await w.h.finishedCall(phone.channelId)).to.include({ accountId: account.id, direction: 'outbound', extensionId: ext.id, disposition: 'blocked' });
  });

  it('given an employee, when they name another person\'s extension, then it is refused and nothing rings; an admin may ring any extension', async () => {
    const { account } = await ownerOf(w.app);
    await buildNumber(w.h.deps.db, account);
    const employee = await signedInMember(w.app, account, 'employee');
    const admin = await signedInMember(w.app, account, 'admin');
    await buildExtension(w.h.deps.db, account, '202', { userId: employee.user.id });
    const others = await buildExtension(w.h.deps.db, account, '203');
    w.h.fake.addEndpoint(others.sipUsername, { online: true });
    const before = originates(w.h).length;
    const refused = await submit(employee.agent, account, { number: randomMobile(), extension: String(others.id) });
    expect(refused.status).to.equal(303);
    expect(originates(w.h).length).to.equal(before);
    expect((await employee.agent.get(refused.headers.location)).text).to.contain('нет своего внутреннего номера');

    w.h.fake.onDial(`PJSIP/${others.sipUsername}`, 'busy');
    const since = w.h.fake.seq;
    expect((await submit(admin.agent, account, { number: randomMobile(), extension: String(others.id) })).status).to.equal(303);
    await originateTo(w.h, `PJSIP/${others.sipUsername}`, since);
  });

  it('given a number that is not digits, when submitted, then the form comes back with the reason (422)', async () => {
    const { account, owner, agent } = await ownerOf(w.app);
    const ext = await buildExtension(w.h.deps.db, account, '201', { userId: owner.id });
    const res = await submit(agent, account, { number: 'позвони мне', extension: String(ext.id) });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Введите номер цифрами');
  });

  it('given the call history, when a member clicks "call back" on an incoming call, then the click-to-call form opens with the caller\'s number', async () => {
    const { account, owner, agent } = await ownerOf(w.app);
    await buildExtension(w.h.deps.db, account, '201', { userId: owner.id });
    const caller = randomMobile();
    await buildCall(w.app.deps.db, account, { fromNumber: caller });
    const history = await agent.get(`/a/${account.id}/calls`);
    expect(history.text).to.contain(`<input type="hidden" name="number" value="${caller}">`);
    const form = await agent.get(`/a/${account.id}/click-to-call`).query({ number: caller });
    expect(form.text).to.contain(`value="${caller}"`);
  });
});
