import { expect } from 'chai';
import { PhoneNumber } from '../../../app/features/numbers/entities';
import { Prompt } from '../../../app/features/prompts/entities';
import { promptSound } from '../../../app/features/prompts/files';
import { Scenario } from '../../../app/features/scenarios/entities';
import { scenarioDefinition } from '../../../app/pbx/scenario/schema';
import { startTestApp, type TestApp } from '../../support/app';
import { csrfFrom, submitForm } from '../../support/http';
import { signedInMember, signedInOwner } from '../../support/sign-in';
import { buildExtension, buildNumber, buildScenario } from '../../support/telephony-factories';
import { postBuilder, readBuilderForm, setField, stepIndex } from './builder-form';

describe('the scenario builder in the cabinet', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  async function owner() {
    const setup = await signedInOwner(app);
    return { ...setup, base: `/a/${setup.account.id}/scenarios` };
  }

  async function create(agent: ReturnType<TestApp['agent']>, base: string, template: string, name = 'Входящие') {
    const res = await submitForm(agent, `${base}/new`, base, { name, template });
    expect(res.status, res.text.slice(0, 300)).to.equal(302);
    return res.headers.location as string;
  }

  const stored = async (id: number) => scenarioDefinition.parse((await app.deps.db.getRepository(Scenario).findOneByOrFail({ id })).definition);

  it('given a blank scenario, when steps are added, connected and saved with forms, then the stored definition is exactly that flow', async () => {
    const { agent, account, base } = await owner();
    await buildExtension(app.deps.db, account, '101');
    const path = await create(agent, base, 'blank');
    const id = Number(path.split('/').pop());
    let page = await agent.get(path);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('<svg').and.contain('data-step="end"');

    let fields = setField(readBuilderForm(page.text), 'addType', 'greeting');
    fields = setField(fields, 'addId', 'hello');
    page = await postBuilder(agent, path, page.text, fields, 'add');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('data-testid="unsaved"').and.contain('data-step="hello"');
    fields = setField(readBuilderForm(page.text), 'addType', 'menu');
    page = await postBuilder(agent, path, page.text, fields, 'add');
    fields = setField(readBuilderForm(page.text), 'addType', 'dial');
    page = await postBuilder(agent, path, page.text, fields, 'add');

    fields = readBuilderForm(page.text);
    const [hello, menu, dial] = ['hello', 'menu', 'dial'].map((s) => stepIndex(fields, s));
    fields = setField(fields, `s.${hello}.prompt.kind`, 'sound');
    fields = setField(fields, `s.${hello}.prompt.sound`, 'hello-world');
    fields = setField(fields, `s.${hello}.next`, 'menu');
    fields = setField(fields, `s.${menu}.prompt.text`, 'Нажмите 1');
    fields = setField(fields, `s.${menu}.opt.0.key`, '1');
    fields = setField(fields, `s.${menu}.opt.0.target`, 'dial');
    fields = setField(fields, `s.${menu}.fallback`, 'end');
    fields = setField(fields, `s.${dial}.target`, 'ext:101');
    fields = setField(fields, 'start', 'hello');
    fields = setField(fields, 'name', 'Главный');
    const saved = await postBuilder(agent, path, page.text, fields, 'save');
    expect(saved.status, saved.text.slice(0, 2000)).to.equal(302);

    const def = await stored(id);
    expect(def.start).to.equal('hello');
    expect(def.steps.hello).to.deep.equal({ type: 'greeting', prompt: { sound: 'hello-world' }, next: 'menu' });
    expect(def.steps.menu).to.deep.include({ type: 'menu', options: { '1': 'dial' }, fallback: 'end', timeoutSeconds: 5, retries: 2 });
    expect(def.steps.dial).to.deep.include({ type: 'dial', target: { extension: '101' }, ringSeconds: 20 });
    expect((await app.deps.db.getRepository(Scenario).findOneByOrFail({ id })).name).to.equal('Главный');

    const again = await agent.get(path);
    expect(again.text).to.contain('data-from="menu" data-to="dial"').and.not.contain('data-testid="scenario-errors"');
  });

  it('given an invalid scenario, when saved, then it is re-rendered (422) naming the step and the reason, with everything typed kept', async () => {
    const { agent, base } = await owner();
    const path = await create(agent, base, 'blank');
    const id = Number(path.split('/').pop());
    let page = await agent.get(path);
    page = await postBuilder(agent, path, page.text, setField(readBuilderForm(page.text), 'addType', 'menu'), 'add');
    let fields = readBuilderForm(page.text);
    const menu = stepIndex(fields, 'menu');
    fields = setField(fields, `s.${menu}.prompt.text`, 'Текст, который я набрал');
    fields = setField(fields, 'start', 'menu');
    fields = setField(fields, 'name', 'Набранное имя');
    const res = await postBuilder(agent, path, page.text, fields, 'save');
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('data-testid="scenario-errors"');
    expect(res.text).to.match(/<li data-step="menu">.*в меню нет ни одной кнопки/);
    expect(res.text).to.match(/<li data-step="end">.*недостижим/);
    expect(res.text).to.contain('Текст, который я набрал').and.contain('value="Набранное имя"');
    expect((await stored(id)).steps).to.have.keys('end');
    expect((await app.deps.db.getRepository(Scenario).findOneByOrFail({ id })).name).to.equal('Входящие');
  });

  it('given a step removed, then exits to it are cleared and the save names what is left dangling', async () => {
    const { agent, account, base } = await owner();
    await buildExtension(app.deps.db, account, '101');
    const path = await create(agent, base, 'business_hours');
    let page = await agent.get(path);
    expect(page.text).to.contain('data-step="hours"').and.contain('data-step="dial-101"');
    page = await postBuilder(agent, path, page.text, readBuilderForm(page.text), 'remove:voicemail');
    expect(page.status).to.equal(200);
    expect(page.text).not.to.contain('data-step="voicemail"');
    const res = await postBuilder(agent, path, page.text, readBuilderForm(page.text), 'save');
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/<li data-step="hours">[^<]*<a[^>]*>hours<\/a>: выберите, куда идти дальше/);
  });

  it('in Kazakh and English, the messages are in that language', async () => {
    const { agent, base } = await owner();
    const path = await create(agent, base, 'blank');
    for (const [lang, text] of [['kk', 'мәзірде бірде-бір батырма жоқ'], ['en', 'the menu has no keys']]) {
      await agent.get(`/locale/${lang}`);
      let page = await agent.get(path);
      page = await postBuilder(agent, path, page.text, setField(readBuilderForm(page.text), 'addType', 'menu'), 'add');
      const res = await postBuilder(agent, path, page.text, setField(readBuilderForm(page.text), 'start', 'menu'), 'save');
      expect(res.status).to.equal(422);
      expect(res.text, lang).to.contain(text);
    }
  });

  it('given the account has voice prompts, then greetings may use one from a select, and it is shown as chosen again', async () => {
    const { agent, account, base } = await owner();
    const prompt = await app.deps.db.getRepository(Prompt).save({ accountId: account.id, name: 'Новогоднее приветствие', source: 'upload', text: null, lang: null, sizeBytes: 1000, durationMs: 2000, createdAt: new Date(), updatedAt: new Date() });
    const path = await create(agent, base, 'ring_all');
    const id = Number(path.split('/').pop());
    let page = await agent.get(path);
    expect(page.text).to.contain('Новогоднее приветствие');
    let fields = readBuilderForm(page.text);
    const welcome = stepIndex(fields, 'welcome');
    fields = setField(fields, `s.${welcome}.prompt.kind`, 'saved');
    fields = setField(fields, `s.${welcome}.prompt.saved`, promptSound(account.id, prompt.id));
    expect((await postBuilder(agent, path, page.text, fields, 'save')).status).to.equal(302);
    expect((await stored(id)).steps.welcome).to.deep.include({ prompt: { sound: promptSound(account.id, prompt.id) } });
    page = await agent.get(path);
    expect(page.text).to.match(/<option value="saved" selected>/).and.match(new RegExp(`<option value="${promptSound(account.id, prompt.id)}" selected>Новогоднее приветствие`));
  });

  it('attaches a scenario to one of the account\'s numbers from the builder, and will not delete a scenario in use', async () => {
    const { agent, account, base } = await owner();
    const number = await buildNumber(app.deps.db, account);
    const path = await create(agent, base, 'ring_all');
    const id = Number(path.split('/').pop());
    expect((await submitForm(agent, path, `${path}/attach`, { numberId: String(number.id) })).status).to.equal(302);
    expect((await app.deps.db.getRepository(PhoneNumber).findOneByOrFail({ id: number.id })).scenarioId).to.equal(id);
    expect((await agent.get(path)).text).to.contain('data-testid="attached-number"');
    expect((await agent.get(base)).text).to.contain('Входящие');
    const refused = await submitForm(agent, path, `${path}/delete`, {});
    expect(refused.status).to.equal(302);
    expect(await app.deps.db.getRepository(Scenario).existsBy({ id })).to.equal(true);
    await submitForm(agent, `/a/${account.id}/numbers`, `/a/${account.id}/numbers/${number.id}/scenario`, { scenarioId: '' });
    const removed = await submitForm(agent, path, `${path}/delete`, {});
    expect(removed.headers.location).to.equal(base);
    expect(await app.deps.db.getRepository(Scenario).existsBy({ id })).to.equal(false);
  });

  it('another account\'s scenario is 404 for every page and action, and its number cannot be attached', async () => {
    const a = await owner();
    const b = await owner();
    const theirs = await buildScenario(app.deps.db, b.account, { start: 'bye', steps: { bye: { type: 'hangup' } } });
    const theirNumber = await buildNumber(app.deps.db, b.account);
    const page = await a.agent.get(a.base);
    const token = csrfFrom((await a.agent.get(`${a.base}/new`)).text);
    expect((await a.agent.get(`${a.base}/${theirs.id}`)).status).to.equal(404);
    expect((await a.agent.get(`${b.base}/${theirs.id}`)).status).to.equal(404);
    expect((await a.agent.post(`${a.base}/${theirs.id}?_csrf=${token}`).field('action', 'save').field('name', 'x')).status).to.equal(404);
    expect((await a.agent.post(`${a.base}/${theirs.id}/delete`).type('form').send({ _csrf: token })).status).to.equal(404);
    expect(page.text).not.to.contain(`/scenarios/${theirs.id}"`);
    const mine = Number((await create(a.agent, a.base, 'blank')).split('/').pop());
    expect((await a.agent.post(`${a.base}/${mine}/attach`).type('form').send({ _csrf: token, numberId: String(theirNumber.id) })).status).to.equal(404);
    expect((await app.deps.db.getRepository(PhoneNumber).findOneByOrFail({ id: theirNumber.id })).scenarioId).to.equal(null);
    expect(await app.deps.db.getRepository(Scenario).existsBy({ id: theirs.id })).to.equal(true);
  });

  it('is for owners and admins: employees and accountants get 403 on every page and action', async () => {
    const { account, base } = await owner();
    const scenario = await buildScenario(app.deps.db, account, { start: 'bye', steps: { bye: { type: 'hangup' } } });
    for (const role of ['employee', 'accountant', 'admin'] as const) {
      const { agent } = await signedInMember(app, account, role);
      const allowed = role === 'admin';
      for (const path of [base, `${base}/new`, `${base}/${scenario.id}`]) expect((await agent.get(path)).status, `${role} ${path}`).to.equal(allowed ? 200 : 403);
      const token = csrfFrom((await agent.get(`/a/${account.id}`)).text);
      const created = await agent.post(base).type('form').send({ _csrf: token, name: `by ${role}`, template: 'blank' });
      expect(created.status, role).to.equal(allowed ? 302 : 403);
      const del = await agent.post(`${base}/${scenario.id}/delete`).type('form').send({ _csrf: token });
      expect(del.status, role).to.equal(allowed ? 302 : 403);
    }
  });
});
