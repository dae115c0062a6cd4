import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { AuditEntry } from '../../../app/features/audit/entities';
import { Recording } from '../../../app/features/recordings/entities';
import { VoicemailMessage } from '../../../app/features/voicemail/entities';
import { csrfFrom } from '../../support/http';
import { signedInMember, signedInOwner } from '../../support/sign-in';
import { buildExtension } from '../../support/telephony-factories';
import { getBytes, startAppWithAsterisk, type AppWithAsterisk } from '../recordings/support';
import { buildMessage } from './message-factory';

const idsOn = (html: string) => [...html.matchAll(/data-message="(\d+)"/g)].map((m) => Number(m[1]));
const storedOnFake = (env: AppWithAsterisk, name: string) =>
  fetch(`${env.fake.url}/ari/recordings/stored/${encodeURIComponent(name)}`, { headers: { authorization: `Basic ${Buffer.from('vpbx:fake-secret').toString('base64')}` } }).then((r) => r.status);

describe('voicemail boxes', () => {
  let env: AppWithAsterisk;
  before(async () => (env = await startAppWithAsterisk()));
  after(() => env.close());

  const member = (account: Account, role: 'employee' | 'accountant' | 'admin' | 'owner') => signedInMember(env.app, account, role);

  async function setup() {
    const { account, owner, agent: ownerAgent } = await signedInOwner(env.app);
    return { account, owner, ownerAgent, base: `/a/${account.id}/voicemail` };
  }

  it('given an employee, then he sees his extension\'s box only; admins also the shared boxes, never another employee\'s', async () => {
    const { account, ownerAgent, base } = await setup();
    const employee = await member(account, 'employee');
    const admin = await member(account, 'admin');
    const mine = await buildExtension(env.app.deps.db, account, '301', { userId: employee.user.id });
    const colleague = await buildExtension(env.app.deps.db, account, '302');
    await buildExtension(env.app.deps.db, account, '303', { userId: admin.user.id });
    const t0 = env.app.clock.now().getTime();
    const at = (minutes: number) => new Date(t0 - minutes * 60_000);
    const own = await buildMessage(env, account, { box: 'ext-301', extensionId: mine.id, createdAt: at(5) });
    const ownByScenario = await buildMessage(env, account, { box: 'ext-301', extensionId: null, createdAt: at(4) });
    const other = await buildMessage(env, account, { box: 'ext-302', extensionId: colleague.id, createdAt: at(3) });
    const adminOwn = await buildMessage(env, account, { box: 'ext-303', extensionId: null, createdAt: at(2) });
    const shared = await buildMessage(env, account, { box: 'sales', createdAt: at(1) });
    const orphan = await buildMessage(env, account, { box: 'ext-999', extensionId: 987654, createdAt: at(0) });

    const employeePage = await employee.agent.get(base);
    expect(employeePage.status).to.equal(200);
    expect(idsOn(employeePage.text)).to.deep.equal([ownByScenario.id, own.id]);
    expect(employeePage.text).to.contain('Внутренний 301');
    expect(employeePage.text).to.contain('Сообщений: 2, новых: 2');
    for (const hidden of [other, shared, adminOwn]) expect((await getBytes(employee.agent, `${base}/${hidden.id}/listen`)).status).to.equal(404);

    expect(idsOn((await admin.agent.get(base)).text)).to.deep.equal([orphan.id, shared.id, adminOwn.id]);
    const ownerPage = await ownerAgent.get(base);
    expect(idsOn(ownerPage.text)).to.deep.equal([orphan.id, shared.id]);
    expect(ownerPage.text).to.contain('Общий ящик «sales»');
    expect(ownerPage.text).to.contain('data-testid="no-extension"');
    expect((await employee.agent.get(`/a/${account.id}`)).text).to.contain(`href="${base}"`);
  });

  it('refuses accountants, and is "not found" for another account on list, listen, mark read and delete', async () => {
    const { account, base } = await setup();
    const message = await buildMessage(env, account, { box: 'sales' });
    const accountant = await member(account, 'accountant');
    expect((await accountant.agent.get(base)).status).to.equal(403);
    const stranger = await setup();
    expect((await stranger.ownerAgent.get(base)).status).to.equal(404);
    expect((await getBytes(stranger.ownerAgent, `${base}/${message.id}/listen`)).status).to.equal(404);
    const token = csrfFrom((await stranger.ownerAgent.get(stranger.base)).text);
    for (const path of [`${base}/${message.id}/read`, `${base}/${message.id}/delete`, `${stranger.base}/${message.id}/read`, `${stranger.base}/${message.id}/delete`]) {
      expect((await stranger.ownerAgent.post(path).type('form').send({ _csrf: token, read: '1' })).status, path).to.equal(404);
    }
    expect((await getBytes(stranger.ownerAgent, `${stranger.base}/${message.id}/listen`)).status).to.equal(404);
    const row = await env.app.deps.db.getRepository(VoicemailMessage).findOneByOrFail({ id: message.id });
    expect(row.readAt).to.equal(null);
  });

  it('plays a message with byte ranges and downloads it named by date and caller', async () => {
    const { account, ownerAgent, base } = await setup();
    const message = await buildMessage(env, account, { box: 'sales', callerNumber: '+77015550101', durationSeconds: 2, createdAt: new Date('2026-11-20T06:30:00Z') });
    const part = await getBytes(ownerAgent, `${base}/${message.id}/listen`, { Range: 'bytes=44-' });
    expect(part.status).to.equal(206);
    expect(part.headers['content-range']).to.equal(`bytes 44-${44 + 32000 - 1}/${44 + 32000}`);
    expect((part.body as Buffer).length).to.equal(32000);
    const download = await getBytes(ownerAgent, `${base}/${message.id}/download`);
    expect(download.headers['content-disposition']).to.equal('attachment; filename=voicemail-2026-11-20_11-30_+77015550101.wav');
  });

  it('marks a message read and unread again', async () => {
    const { account, ownerAgent, base } = await setup();
    const message = await buildMessage(env, account, { box: 'sales' });
    const page = await ownerAgent.get(base);
    expect(page.text).to.contain(`data-message="${message.id}" data-unread`);
    const read = await ownerAgent.post(`${base}/${message.id}/read`).type('form').send({ _csrf: csrfFrom(page.text), read: '1' });
    expect(read.status).to.equal(302);
    const readAt = (await env.app.deps.db.getRepository(VoicemailMessage).findOneByOrFail({ id: message.id })).readAt;
    expect(readAt).to.be.instanceOf(Date);
    const after = await ownerAgent.get(base);
    expect(after.text).to.contain('Сообщение отмечено как прочитанное.');
    expect(after.text).to.contain('Сообщений: 1, новых: 0');
    expect(after.text).not.to.contain('data-unread');
    await ownerAgent.post(`${base}/${message.id}/read`).type('form').send({ _csrf: csrfFrom(after.text), read: '0' });
    expect((await env.app.deps.db.getRepository(VoicemailMessage).findOneByOrFail({ id: message.id })).readAt).to.equal(null);
  });

  it('given an employee deletes a message from his box, then the file goes from Asterisk and both rows from the database, audited', async () => {
    const { account, base } = await setup();
    const employee = await member(account, 'employee');
    const ext = await buildExtension(env.app.deps.db, account, '401', { userId: employee.user.id });
    const message = await buildMessage(env, account, { box: 'ext-401', extensionId: ext.id });
    expect(await storedOnFake(env, message.asteriskName)).to.equal(200);
    const page = await employee.agent.get(base);
    const res = await employee.agent.post(`${base}/${message.id}/delete`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).to.equal(302);
    expect(await storedOnFake(env, message.asteriskName)).to.equal(404);
    expect(await env.app.deps.db.getRepository(VoicemailMessage).existsBy({ id: message.id })).to.equal(false);
    expect(await env.app.deps.db.getRepository(Recording).existsBy({ id: message.recordingId })).to.equal(false);
    const entry = await env.app.deps.db.getRepository(AuditEntry).findOneByOrFail({ action: 'voicemail.deleted', targetId: String(message.id) });
    expect(entry).to.include({ accountId: account.id, actorUserId: employee.user.id });
    expect((await employee.agent.get(base)).text).to.contain('Сообщение удалено.');
  });
});
