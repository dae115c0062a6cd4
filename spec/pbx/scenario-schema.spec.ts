import { expect } from 'chai';
import { scenarioDefinition } from '../../app/pbx/scenario/schema';
import { isOpen } from '../../app/pbx/scenario/steps/time-condition';

const messages = (def: unknown) => {
  const parsed = scenarioDefinition.safeParse(def);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('scenario definitions', () => {
  it('given a complete flow, when validated, then it passes with defaults filled in', () => {
    const def = scenarioDefinition.parse({
      start: 'hours',
      steps: {
        hours: { type: 'time_condition', schedule: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }], open: 'menu', closed: 'vm' },
        menu: { type: 'menu', prompt: { text: 'Нажмите 1' }, options: { '1': 'sales' }, fallback: 'vm' },
        sales: { type: 'dial', target: { extension: '101' }, next: 'vm' },
        vm: { type: 'voicemail', box: 'shared' },
      },
    });
    expect(def.steps.menu).to.include({ timeoutSeconds: 5, retries: 2 });
    expect((def.steps.menu as { prompt: { lang: string } }).prompt.lang).to.equal('ru');
  });

  it('given an exit pointing nowhere, when validated, then the message names the step and the target', () => {
    expect(messages({ start: 'a', steps: { a: { type: 'greeting', prompt: { sound: 'x' }, next: 'nowhere' } } })).to.deep.include('step "a" goes to "nowhere", which does not exist');
    expect(messages({ start: 'missing', steps: { a: { type: 'hangup' } } })).to.deep.include('start step "missing" does not exist');
  });

  it('given a menu with no options, when validated, then it is refused', () => {
    expect(messages({ start: 'm', steps: { m: { type: 'menu', prompt: { sound: 'x' }, options: {} } } })).to.deep.include('a menu needs at least one option');
  });

  it('given a loop with no way out, when validated, then every step of it is named', () => {
    const problems = messages({
      start: 'a',
      steps: { a: { type: 'greeting', prompt: { sound: 'x' }, next: 'b' }, b: { type: 'greeting', prompt: { sound: 'y' }, next: 'a' } },
    });
    expect(problems).to.include.members(['step "a" is in a loop with no way out', 'step "b" is in a loop with no way out']);
  });

  it('given a menu that loops back to itself but can end, when validated, then it passes', () => {
    expect(messages({ start: 'm', steps: { m: { type: 'menu', prompt: { sound: 'x' }, options: { '9': 'm', '0': 'bye' } }, bye: { type: 'hangup' } } })).to.deep.equal([]);
  });

  it('given bad values, when validated, then each is refused with its reason', () => {
    expect(messages({ start: 'f', steps: { f: { type: 'forward', number: '87011234567' } } })).to.deep.include('E.164, e.g. +77011234567');
    expect(messages({ start: 't', steps: { t: { type: 'time_condition', schedule: [{ days: [1], from: '25:00', to: '18:00' }], open: 't', closed: 't' } } })).to.deep.include('HH:MM');
  });
});

describe('time conditions in the account\'s time zone', () => {
  const weekdays = { schedule: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }], holidays: ['2026-12-16'] };
  it('given Monday 09:30 in Almaty (04:30 UTC), then open; given 18:00, then closed', () => {
    expect(isOpen(weekdays, new Date('2026-11-23T04:30:00Z'), 'Asia/Almaty')).to.equal(true);
    expect(isOpen(weekdays, new Date('2026-11-23T13:00:00Z'), 'Asia/Almaty')).to.equal(false);
  });
  it('given a Saturday or a holiday, then closed', () => {
    expect(isOpen(weekdays, new Date('2026-11-28T06:00:00Z'), 'Asia/Almaty')).to.equal(false);
    expect(isOpen(weekdays, new Date('2026-12-16T06:00:00Z'), 'Asia/Almaty')).to.equal(false);
  });
  it('given a night range past midnight, then open after it starts and before it ends the next day', () => {
    const night = { schedule: [{ days: [5], from: '22:00', to: '06:00' }], holidays: [] };
    expect(isOpen(night, new Date('2026-11-27T18:00:00Z'), 'Asia/Almaty')).to.equal(true); // Fri 23:00
    expect(isOpen(night, new Date('2026-11-27T23:30:00Z'), 'Asia/Almaty')).to.equal(true); // Sat 04:30
    expect(isOpen(night, new Date('2026-11-28T03:00:00Z'), 'Asia/Almaty')).to.equal(false); // Sat 08:00
  });
});
