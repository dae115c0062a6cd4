import { expect } from 'chai';
import { RingGroupMember } from '../../../app/features/extensions/entities';
import { definitionToDraft } from '../../../app/features/scenarios/draft';
import { buildDefinition } from '../../../app/features/scenarios/draft-build';
import { buildContextOf, ScenariosService } from '../../../app/features/scenarios/service';
import { TEMPLATES, templateDefinition } from '../../../app/features/scenarios/templates';
import { findUnreachable, type ScenarioDefinition } from '../../../app/pbx/scenario/schema';
import { startTestApp, type TestApp } from '../../support/app';
import { buildAccountWithOwner } from '../../support/factories';
import { buildExtension } from '../../support/telephony-factories';

describe('ready scenario templates', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  const service = () => new ScenariosService(app.deps.db, () => new Date());

  async function fromTemplate(template: (typeof TEMPLATES)[number], extens: string[], lang: 'ru' | 'kk' | 'en' = 'ru') {
    const { account, owner } = await buildAccountWithOwner(app.deps.db);
    const extensions = [];
    for (const exten of extens) extensions.push(await buildExtension(app.deps.db, account, exten));
    const id = await service().create(account.id, { userId: owner.id, ip: null }, 'Из шаблона', template, lang);
    const found = (await service().find(account.id, id))!;
    return { account, extensions, def: found.definition, targets: await service().targets(account.id) };
  }

  /** Valid by the engine's schema (find parses it), savable unchanged by the builder, every step reachable. */
  function expectSound(def: ScenarioDefinition, targets: Awaited<ReturnType<ScenariosService['targets']>>) {
    const result = buildDefinition(definitionToDraft('x', def), buildContextOf(targets).ctx);
    expect(result.errors).to.deep.equal([]);
    expect(result.definition).to.deep.equal(def);
    expect(findUnreachable(def)).to.deep.equal([]);
  }

  it('business hours → menu → departments: one key per actual extension, voicemail when closed or unanswered', async () => {
    const { def, targets } = await fromTemplate('business_hours', ['101', '102', '205']);
    expect(def.start).to.equal('hours');
    expect(def.steps.hours).to.deep.include({ type: 'time_condition', open: 'menu', closed: 'voicemail' });
    expect(def.steps.menu).to.deep.include({ type: 'menu', options: { '1': 'dial-101', '2': 'dial-102', '3': 'dial-205' }, fallback: 'voicemail' });
    expect(def.steps['dial-205']).to.deep.include({ type: 'dial', target: { extension: '205' }, next: 'voicemail' });
    expect((def.steps.menu as { prompt: { text: string } }).prompt.text).to.contain('Сотрудник 205 — нажмите 3');
    expect(def.steps.voicemail.type).to.equal('voicemail');
    expectSound(def, targets);
  });

  it('ring everyone, then voicemail: a ring group of all the account\'s phones, in the account\'s language', async () => {
    const { def, targets, extensions } = await fromTemplate('ring_all', ['101', '102'], 'kk');
    const dial = def.steps['ring-all'];
    expect(dial).to.deep.include({ type: 'dial', next: 'voicemail' });
    const groupId = (dial as { target: { ringGroupId: number } }).target.ringGroupId;
    const members = await app.deps.db.getRepository(RingGroupMember).find({ where: { ringGroupId: groupId }, order: { position: 'ASC' } });
    expect(members.map((m) => m.extensionId)).to.deep.equal(extensions.map((e) => e.id));
    expect((def.steps.welcome as { prompt: { lang: string } }).prompt.lang).to.equal('kk');
    expectSound(def, targets);
  });

  it('every template is valid for an account with no phones yet', async () => {
    for (const template of TEMPLATES) {
      const { def, targets } = await fromTemplate(template, []);
      expectSound(def, targets);
    }
    for (const template of TEMPLATES) expect(() => templateDefinition(template, { extensions: [], everyoneGroupId: null, lang: 'en' }), template).not.to.throw();
  });
});
