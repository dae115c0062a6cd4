import { expect } from 'chai';
import { CallerListEntry } from '../../../app/features/lists/entities';
import { readListCsv, writeListCsv } from '../../../app/features/lists/csv';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { csrfFrom, signIn, submitForm } from '../../support/http';


describe('black and white lists in the cabinet', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function owner() {
    const setup = await buildAccountWithOwner(app.deps.db);
    const agent = app.agent();
    await signIn(agent, setup.owner.login!, TEST_PASSWORD);
    return { ...setup, agent, base: `/a/${setup.account.id}/lists` };
  }

  const upload = async (agent: ReturnType<TestApp['agent']>, base: string, list: string, content: Buffer, filename = 'numbers.csv') => {
    const token = csrfFrom((await agent.get(base)).text);
    return agent.post(`${base.replace(/\/lists$/, '')}/lists/import?_csrf=${encodeURIComponent(token)}`).field('list', list).attach('file', content, filename);
  };

  it('adds numbers typed in any Kazakh form as E.164, with a comment, and refuses what cannot be read', async () => {
    const { agent, account, base } = await owner();
    expect((await submitForm(agent, base, `${base}/add`, { list: 'black', number: '8 (701) 555-12-34', comment: 'спам' })).status).to.equal(302);
    const entry = await app.deps.db.getRepository(CallerListEntry).findOneByOrFail({ accountId: account.id });
    expect(entry).to.include({ list: 'black', e164: '+77015551234', comment: 'спам' });
    const bad = await submitForm(agent, base, `${base}/add`, { list: 'black', number: 'позвоните мне' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Не удалось распознать номер');
    const dup = await submitForm(agent, base, `${base}/add`, { list: 'black', number: '+77015551234' });
    expect(dup.status).to.equal(422);
    expect(dup.text).to.contain('Этот номер уже в списке');
  });

  it('imports a CSV (UTF-8 or Windows-1251), skips what is already listed and names the lines it could not read', async () => {
    const { agent, account, base } = await owner();
    await submitForm(agent, base, `${base}/add`, { list: 'white', number: '+77015550001' });
    const csv = 'номер;комментарий\n8 701 555 00 01;уже есть\n+7 727 222 33 44;"Бухгалтерия; главная"\nне номер;x\n87015550002;\n';
    const res = await upload(agent, base, 'white', Buffer.from(csv, 'utf8'));
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('добавлено 2, уже были в списке 1, не распознано 1');
    expect(res.text).to.contain('строка 4');
    const numbers = (await app.deps.db.getRepository(CallerListEntry).findBy({ accountId: account.id, list: 'white' })).map((e) => e.e164).sort();
    expect(numbers).to.deep.equal(['+77015550001', '+77015550002', '+77272223344']);
    const cp1251 = Buffer.from([0x2b, 0x37, 0x37, 0x30, 0x31, 0x35, 0x35, 0x35, 0x30, 0x30, 0x30, 0x33, 0x2c, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // +77015550003,Привет
    await upload(agent, base, 'white', cp1251);
    expect((await app.deps.db.getRepository(CallerListEntry).findOneByOrFail({ accountId: account.id, e164: '+77015550003' })).comment).to.equal('Привет');
  });

  it('refuses a broken upload with a message and keeps the list as it was', async () => {
    const { agent, account, base } = await owner();
    const binary = await upload(agent, base, 'black', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), 'photo.png');
    expect(binary.status).to.equal(422);
    expect(binary.text).to.contain('Файл не похож на CSV');
    const huge = await upload(agent, base, 'black', Buffer.alloc(600 * 1024, '7'));
    expect(huge.status).to.equal(413);
    expect(huge.text).to.contain('Файл больше 512 КБ');
    const token = csrfFrom((await agent.get(base)).text);
    const none = await agent.post(`${base}/import?_csrf=${encodeURIComponent(token)}`).field('list', 'black');
    expect(none.status).to.equal(422);
    expect(await app.deps.db.getRepository(CallerListEntry).countBy({ accountId: account.id })).to.equal(0);
    const noToken = await agent.post(`${base}/import`).field('list', 'black').attach('file', Buffer.from('+77015550009'), 'a.csv');
    expect(noToken.status).to.equal(403);
  });

  it('exports the list as CSV that imports back the same', async () => {
    const { agent, base } = await owner();
    await submitForm(agent, base, `${base}/add`, { list: 'black', number: '+77015559999', comment: 'звонит "по делу", ночью' });
    const res = await agent.get(`${base}/export.csv?list=black`);
    expect(res.headers['content-type']).to.contain('text/csv');
    expect(res.headers['content-disposition']).to.contain('black-list.csv');
    expect(readListCsv(res.text).rows).to.deep.equal([{ e164: '+77015559999', comment: 'звонит "по делу", ночью' }]);
    expect(writeListCsv([{ e164: '+77015559999', comment: 'a,b' }])).to.equal('number,comment\r\n+77015559999,"a,b"\r\n');
  });

  it('removes an entry; another account\'s entry or list is not found; employees and accountants cannot manage lists', async () => {
    const a = await owner();
    const b = await owner();
    await submitForm(b.agent, b.base, `${b.base}/add`, { list: 'black', number: '+77015558888' });
    const theirs = await app.deps.db.getRepository(CallerListEntry).findOneByOrFail({ accountId: b.account.id });
    const token = csrfFrom((await a.agent.get(a.base)).text);
    expect((await a.agent.post(`${a.base}/${theirs.id}/delete`).type('form').send({ _csrf: token })).status).to.equal(404);
    expect((await a.agent.get(`${b.base}`)).status).to.equal(404);
    expect((await a.agent.get(`${b.base}/export.csv?list=black`)).status).to.equal(404);
    expect((await b.agent.post(`${b.base}/${theirs.id}/delete`).type('form').send({ _csrf: csrfFrom((await b.agent.get(b.base)).text) })).status).to.equal(302);
    expect(await app.deps.db.getRepository(CallerListEntry).existsBy({ id: theirs.id })).to.equal(false);
    for (const role of ['employee', 'accountant'] as const) {
      const user = await buildUser(app.deps.db);
      await addMember(app.deps.db, a.account, user, role);
      const agent = app.agent();
      await signIn(agent, user.login!, TEST_PASSWORD);
      expect((await agent.get(a.base)).status, role).to.equal(403);
    }
  });
});
