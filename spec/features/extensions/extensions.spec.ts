import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { loadConfig } from '../../../app/config';
import { DeletedExtension } from '../../../app/features/extensions/deleted-entity';
import { Extension } from '../../../app/features/extensions/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { csrfFrom, signIn, submitForm } from '../../support/http';
import { buildExtension, buildNumber } from '../../support/telephony-factories';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const passwordIn = (html: string) => /data-testid="sip-password"[^>]*>([^<]+)</.exec(html)?.[1];

describe('extensions in the cabinet', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());
  const repo = () => app.deps.db.getRepository(Extension);

  async function owner() {
    const setup = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, setup.owner.login!, TEST_PASSWORD);
    return { ...setup, agent, base: `/a/${setup.account.id}/extensions` };
  }

  async function member(account: Awaited<ReturnType<typeof owner>>['account'], role: 'employee' | 'accountant' | 'admin') {
    const user = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, user, role);
    const agent = app.agent();
    await signIn(agent, user.login!, TEST_PASSWORD);
    return { user, agent };
  }

  const edit = (ext: Extension, fields: Record<string, string>) => ({ name: ext.name, userId: '', forwardNoAnswerSeconds: '20', ...fields });

  it('given an owner, when they create an extension, the SIP password is shown once with a QR code and stored only as md5_cred', async () => {
    const { agent, account, owner: user, base } = await owner();
    const res = await submitForm(agent, base, base, { exten: '201', name: 'Приёмная', userId: String(user.id) });
    expect(res.status).to.equal(201);
    expect(res.headers['cache-control']).to.contain('no-store');
    const password = passwordIn(res.text)!;
    expect(password).to.match(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
    expect(res.text).to.contain('<svg').and.contain(`a${account.id}-201`).and.contain('5060');
    expect(res.text).to.contain(`data-testid="sip-server">${new URL(loadConfig().http.publicUrl).hostname}<`);
    const ext = await repo().findOneByOrFail({ accountId: account.id, exten: '201' });
    expect(ext).to.include({ name: 'Приёмная', userId: user.id, sipUsername: `a${account.id}-201`, provisionedAt: null });
    expect(ext.sipMd5Cred).to.equal(md5(`a${account.id}-201:vpbx:${password}`));
    const again = await agent.get(`${base}/${ext.id}`);
    expect(again.status).to.equal(200);
    expect(again.text).not.to.contain(password);
    expect(passwordIn(again.text)).to.equal(undefined);
    expect(again.text).not.to.contain('<svg');
  });

  it('refuses a duplicate, an emergency number, a malformed number and a user of another account, keeping what was typed', async () => {
    const { agent, account, base } = await owner();
    await buildExtension(app.deps.db, account, '301');
    const stranger = await buildUser(app.deps.db);
    const cases: [Record<string, string>, string][] = [
      [{ exten: '301', name: 'Дубль' }, 'Такой внутренний номер уже есть'],
      [{ exten: '112', name: 'Экстренный' }, 'экстренные службы'],
      [{ exten: '1', name: 'Короткий' }, 'от 2 до 8 цифр'],
      [{ exten: '302', name: 'Чужой', userId: String(stranger.id) }, 'Выберите сотрудника из этого аккаунта'],
      [{ exten: '303', name: '' }, 'Заполните это поле'],
    ];
    for (const [fields, message] of cases) {
      const res = await submitForm(agent, base, base, fields);
      expect(res.status, fields.exten).to.equal(422);
      expect(res.text, fields.exten).to.contain(message).and.contain(`value="${fields.exten}"`);
    }
    expect(await repo().countBy({ accountId: account.id })).to.equal(1);
  });

  it('saves forwarding normalised to E.164 or another extension, voicemail and the caller number, and stamps updated_at', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(app.deps.db, account, '401', { provisionedAt: new Date(Date.now() - 60_000) });
    await buildExtension(app.deps.db, account, '402');
    const did = await buildNumber(app.deps.db, account);
    const before = ext.updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    const page = `${base}/${ext.id}`;
    const res = await submitForm(agent, page, page, edit(ext, { forwardAlways: '8 (701) 555-12-34', forwardBusy: '402', forwardNoAnswer: '+7 727 222 33 44', forwardNoAnswerSeconds: '35', forwardUnavailable: '7015550000', outboundCallerNumber: did.e164 }));
    expect(res.status).to.equal(302);
    const saved = await repo().findOneByOrFail({ id: ext.id });
    expect(saved).to.include({ forwardAlways: '+77015551234', forwardBusy: '402', forwardNoAnswer: '+77272223344', forwardNoAnswerSeconds: 35, forwardUnavailable: '+77015550000', voicemailEnabled: false, outboundCallerNumber: did.e164 });
    expect(saved.updatedAt.getTime()).to.be.greaterThan(before.getTime());
    expect(saved.provisionedAt!.getTime()).to.equal(ext.provisionedAt!.getTime());
    expect((await agent.get(base)).text).to.contain('+7 701 555 12 34');
    await submitForm(agent, page, page, edit(ext, { voicemailEnabled: 'on' }));
    expect(await repo().findOneByOrFail({ id: ext.id })).to.include({ voicemailEnabled: true, forwardAlways: null, outboundCallerNumber: null });
  });

  it('refuses bad forwarding, an unknown extension, itself, seconds out of range and a caller number the account does not own', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(app.deps.db, account, '501');
    const other = await buildAccountWithOwner(app.deps.db);
    const foreign = await buildNumber(app.deps.db, other.account);
    const page = `${base}/${ext.id}`;
    const cases: [Record<string, string>, string][] = [
      [{ forwardAlways: 'позвоните Асель' }, 'Не удалось распознать номер'],
      [{ forwardBusy: '599' }, 'Такого внутреннего номера нет в аккаунте'],
      [{ forwardBusy: '501' }, 'Нельзя переадресовать номер на него же'],
      [{ forwardNoAnswerSeconds: '3' }, 'Укажите от 5 до 120 секунд'],
      [{ forwardNoAnswerSeconds: '121' }, 'Укажите от 5 до 120 секунд'],
      [{ outboundCallerNumber: foreign.e164 }, 'Выберите один из номеров аккаунта'],
    ];
    for (const [fields, message] of cases) {
      const res = await submitForm(agent, page, page, edit(ext, fields));
      expect(res.status, JSON.stringify(fields)).to.equal(422);
      expect(res.text, JSON.stringify(fields)).to.contain(message);
    }
    const typed = await submitForm(agent, page, page, edit(ext, { forwardAlways: 'позвоните Асель' }));
    expect(typed.text).to.contain('value="позвоните Асель"');
    expect(await repo().findOneByOrFail({ id: ext.id })).to.include({ forwardAlways: null, forwardBusy: null, outboundCallerNumber: null });
  });

  it('resets the SIP password: a new one shown once, md5_cred replaced', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(app.deps.db, account, '601');
    const page = `${base}/${ext.id}`;
    const res = await submitForm(agent, page, `${page}/reset-password`, {});
    expect(res.status).to.equal(200);
    const password = passwordIn(res.text)!;
    expect(password).to.have.length(16);
    const saved = await repo().findOneByOrFail({ id: ext.id });
    expect(saved.sipMd5Cred).to.equal(md5(`${ext.sipUsername}:vpbx:${password}`)).and.not.equal(ext.sipMd5Cred);
    expect((await agent.get(page)).text).not.to.contain(password);
  });

  it('deletes an extension and leaves a trace for the pbx; the number can be created again', async () => {
    const { agent, account, base } = await owner();
    const ext = await buildExtension(app.deps.db, account, '701');
    const page = `${base}/${ext.id}`;
    expect((await submitForm(agent, page, `${page}/delete`, {})).status).to.equal(302);
    expect(await repo().existsBy({ id: ext.id })).to.equal(false);
    const trace = await app.deps.db.getRepository(DeletedExtension).findOneByOrFail({ extensionId: ext.id });
    expect(trace).to.include({ accountId: account.id, exten: '701', sipUsername: ext.sipUsername, removedAt: null });
    expect((await submitForm(agent, base, base, { exten: '701', name: 'Снова' })).status).to.equal(201);
  });

  it('lets an employee see only their own extension read-only, without reset; accountants get 403; other accounts 404', async () => {
    const a = await owner();
    const b = await owner();
    const employee = await member(a.account, 'employee');
    const mine = await buildExtension(app.deps.db, a.account, '801', { userId: employee.user.id });
    const colleague = await buildExtension(app.deps.db, a.account, '802');
    const list = await employee.agent.get(a.base);
    expect(list.status).to.equal(200);
    expect(list.text).to.contain('data-exten="801"').and.not.contain('data-exten="802"').and.not.contain('name="exten"');
    const own = await employee.agent.get(`${a.base}/${mine.id}`);
    expect(own.status).to.equal(200);
    expect(own.text).to.contain(mine.sipUsername).and.contain('data-testid="readonly-settings"').and.not.contain('reset-password').and.not.contain('name="forwardAlways"');
    expect((await employee.agent.get(`${a.base}/${colleague.id}`)).status).to.equal(404);
    const token = csrfFrom(own.text);
    for (const path of [`${a.base}/${mine.id}/reset-password`, `${a.base}/${mine.id}`, `${a.base}/${mine.id}/delete`, a.base]) {
      expect((await employee.agent.post(path).type('form').send({ _csrf: token, exten: '803', name: 'x' })).status, path).to.equal(403);
    }
    const accountant = await member(a.account, 'accountant');
    expect((await accountant.agent.get(a.base)).status).to.equal(403);
    expect((await accountant.agent.get(`${a.base}/${mine.id}`)).status).to.equal(403);
    const theirs = await buildExtension(app.deps.db, b.account, '901');
    expect((await a.agent.get(`${a.base}/${theirs.id}`)).status).to.equal(404);
    const ownerToken = csrfFrom((await a.agent.get(a.base)).text);
    for (const suffix of ['', '/reset-password', '/delete']) {
      expect((await a.agent.post(`${a.base}/${theirs.id}${suffix}`).type('form').send({ _csrf: ownerToken, name: 'x', forwardNoAnswerSeconds: '20' })).status, suffix).to.equal(404);
    }
    expect((await a.agent.get(`${b.base}/${theirs.id}`)).status).to.equal(404);
    expect(await repo().findOneByOrFail({ id: theirs.id })).to.include({ name: theirs.name, sipMd5Cred: theirs.sipMd5Cred });
    const admin = await member(a.account, 'admin');
    expect((await admin.agent.get(`${a.base}/${colleague.id}`)).text).to.contain('name="forwardAlways"');
  });
});
