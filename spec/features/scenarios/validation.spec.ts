import { expect } from 'chai';
import { blankStep, definitionToDraft, type ScenarioDraft } from '../../../app/features/scenarios/draft';
import { buildDefinition, type BuildContext } from '../../../app/features/scenarios/draft-build';
import { readDraft, withoutStep } from '../../../app/features/scenarios/draft-form';
import { scenarioDefinition } from '../../../app/pbx/scenario/schema';

const ctx: BuildContext = { extensions: ['101', '102'], ringGroupIds: [7], numbers: ['+77271234567'] };
const draftOf = (def: unknown, name = 'Сценарий'): ScenarioDraft => definitionToDraft(name, scenarioDefinition.parse(def));
const errorsOf = (draft: ScenarioDraft) => buildDefinition(draft, ctx).errors.map((e) => ({ step: e.step, key: e.key, ...(e.params.target ? { target: e.params.target } : {}) }));

const full = {
  start: 'list',
  fallback: 'vm',
  steps: {
    list: { type: 'list_check', blackAction: 'busy', whiteNext: 'boss', next: 'hours' },
    hours: { type: 'time_condition', schedule: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }, { days: [6], from: '22:00', to: '02:00' }], holidays: ['2026-12-16'], open: 'hello', closed: 'vm' },
    hello: { type: 'greeting', prompt: { text: 'Сәлеметсіз бе', lang: 'kk' }, next: 'menu' },
    menu: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'sales', '2': 'group', '9': 'menu', '#': 'out' }, timeoutSeconds: 7, retries: 1, invalidPrompt: { sound: 'beeperr' }, fallback: 'vm' },
    sales: { type: 'dial', target: { extension: '101' }, ringSeconds: 25, next: 'vm', busyNext: 'bye' },
    group: { type: 'dial', target: { ringGroupId: 7 } },
    boss: { type: 'forward', number: '+77011234567', callerId: '+77271234567', ringSeconds: 40, next: 'vm' },
    out: { type: 'forward', number: '+77017654321' },
    vm: { type: 'voicemail', box: 'sales', greeting: { sound: 'vm-intro' }, maxSeconds: 60 },
    bye: { type: 'hangup', prompt: { text: 'До свидания', lang: 'ru' } },
  },
};

describe('scenario builder validation', () => {
  it('given every step type, when a stored scenario goes through the form and back, then nothing changes (fields without a form included)', () => {
    const def = scenarioDefinition.parse(full);
    const result = buildDefinition(draftOf(full), ctx);
    expect(result.errors).to.deep.equal([]);
    expect(result.warnings).to.deep.equal([]);
    expect(result.definition).to.deep.equal(def);
  });

  it('given the form as posted (flat multipart names), then it is read back into the same scenario', () => {
    const body: Record<string, unknown> = { name: 'Тест', start: 'm', fallback: '' };
    Object.assign(body, { 's.0.id': 'm', 's.0.type': 'menu', 's.0.prompt.kind': 'text', 's.0.prompt.text': 'Нажмите 1', 's.0.prompt.lang': 'ru', 's.0.opt.0.key': '1', 's.0.opt.0.target': 'd', 's.0.opt.1.key': '', 's.0.opt.1.target': '', 's.0.timeoutSeconds': '5', 's.0.retries': '2', 's.0.fallback': '' });
    Object.assign(body, { 's.1.id': 'd', 's.1.type': 'dial', 's.1.target': 'ext:102', 's.1.ringSeconds': '15', 's.1.next': '', 's.1.busyNext': '' });
    Object.assign(body, { 's.2.id': 't', 's.2.type': 'time_condition', 's.2.sch.0.days': ['1', '3'], 's.2.sch.0.from': '08:00', 's.2.sch.0.to': '12:00', 's.2.sch.1.from': '', 's.2.sch.1.to': '', 's.2.holidays': '', 's.2.open': 'm', 's.2.closed': 'd' });
    const result = buildDefinition(readDraft(body), ctx);
    expect(result.errors).to.deep.equal([]);
    expect(result.definition!.steps).to.deep.equal({
      m: { type: 'menu', prompt: { text: 'Нажмите 1', lang: 'ru' }, options: { '1': 'd' }, timeoutSeconds: 5, retries: 2 },
      d: { type: 'dial', target: { extension: '102' }, ringSeconds: 15 },
      t: { type: 'time_condition', schedule: [{ days: [1, 3], from: '08:00', to: '12:00' }], holidays: [], open: 'm', closed: 'd' },
    });
    expect(result.warnings.map((w) => [w.step, w.key])).to.deep.equal([['t', 'problems.unreachable']]);
  });

  it('given an exit to a step that does not exist, then that step is named with the missing target', () => {
    const draft = draftOf({ start: 'a', steps: { a: { type: 'hangup' } } });
    draft.steps.push({ ...blankStep('g', 'greeting'), prompt: { kind: 'sound', sound: 'x', text: '', lang: 'ru' }, next: 'nowhere' });
    draft.start = 'g';
    expect(errorsOf(draft)).to.deep.include({ step: 'g', key: 'problems.missing_target', target: 'nowhere' });
    expect(buildDefinition(draft, ctx).definition).to.equal(undefined);
  });

  it('given a menu with no options, then the menu step is refused with that reason', () => {
    const draft = draftOf({ start: 'a', steps: { a: { type: 'hangup' } } });
    draft.steps.push({ ...blankStep('m', 'menu'), prompt: { kind: 'text', text: 'Меню', lang: 'ru', sound: '' } });
    draft.start = 'm';
    expect(errorsOf(draft)).to.deep.include({ step: 'm', key: 'errors.menu_no_options' });
  });

  it('given a loop no call can leave, then every step of it is named; a menu looping back to itself with a way out is fine', () => {
    const loop = draftOf({ start: 'a', steps: { a: { type: 'hangup' } } });
    loop.steps = [
      { ...blankStep('a', 'greeting'), prompt: { kind: 'sound', sound: 'x', text: '', lang: 'ru' }, next: 'b' },
      { ...blankStep('b', 'time_condition'), open: 'a', closed: 'a' },
    ];
    expect(errorsOf(loop)).to.deep.include.members([{ step: 'a', key: 'problems.trapped' }, { step: 'b', key: 'problems.trapped' }]);
    const fine = buildDefinition(draftOf({ start: 'm', steps: { m: { type: 'menu', prompt: { sound: 'x' }, options: { '9': 'm', '0': 'bye' }, fallback: 'm' }, bye: { type: 'hangup' } } }), ctx);
    expect(fine.errors).to.deep.equal([]);
  });

  it('given a step nothing leads to, then it is a warning and the scenario still saves', () => {
    const result = buildDefinition(draftOf({ start: 'a', steps: { a: { type: 'hangup' }, lonely: { type: 'voicemail', box: 'x' } } }), ctx);
    expect(result.definition).not.to.equal(undefined);
    expect(result.warnings.map((w) => [w.step, w.key, w.level])).to.deep.equal([['lonely', 'problems.unreachable', 'warning']]);
  });

  it('given bad field values, then each names its step, field and reason', () => {
    const draft = draftOf(full);
    const at = (id: string) => draft.steps.find((s) => s.id === id)!;
    at('sales').target = 'ext:555';
    at('boss').number = 'позвони мне';
    at('menu').timeoutSeconds = '0';
    at('menu').options.push({ key: '1', target: 'vm' });
    at('hours').schedule[0].from = '9 утра';
    at('hours').holidays = '2026-02-30x';
    at('hello').prompt = { kind: 'text', text: '', lang: 'kk', sound: '' };
    at('hours').open = '';
    draft.steps.push({ ...blankStep('menu', 'hangup') });
    const found = buildDefinition(draft, ctx).errors.map((e) => [e.step, e.field, e.key]);
    expect(found).to.deep.include.members([
      ['sales', 'target', 'errors.unknown_extension'],
      ['boss', 'number', 'errors.phone'],
      ['menu', 'timeoutSeconds', 'errors.number_range'],
      ['menu', 'options', 'errors.menu_key_twice'],
      ['hours', 'schedule', 'errors.schedule_time'],
      ['hours', 'holidays', 'errors.holiday'],
      ['hello', 'prompt', 'errors.prompt_text'],
      ['hours', 'open', 'errors.exit_required'],
      ['menu', 'id', 'errors.duplicate_step_id'],
    ]);
  });

  it('given a step removed, then exits that led to it are cleared and the start moves to a step that exists', () => {
    const draft = withoutStep(draftOf(full), 'list');
    expect(draft.start).to.equal('hours');
    const after = withoutStep(draft, 'vm');
    expect(after.fallback).to.equal('');
    expect(after.steps.find((s) => s.id === 'hours')!.closed).to.equal('');
    expect(after.steps.find((s) => s.id === 'sales')!.next).to.equal('');
  });
});
