/** Runs channels through the simulated dialplan (NoOp, Set, Answer, Wait, Playback, Stasis, Goto, Hangup...). */
import { ev } from './events';
import { enterStasis, hangup, leaveStasis, setDialplan, setState } from './lifecycle';
import { leaveBridge } from './bridges';
import type { Extension } from './dialplan';
import type { Channel } from './types';
import type { World } from './world';

/** Answer() lets media settle before the next priority (trace m: Wait() starts ~10 ms after Answer). */
const ANSWER_SETTLE_MS = 300;

interface Loc {
  context: string;
  exten: string;
}

/** Starts executing context,exten,priority; a missing extension hangs the channel up. */
export function runDialplan(world: World, ch: Channel, context: string, exten: string, priority = 1): void {
  const ext = world.dialplan.find(context, exten);
  if (!ext) return hangup(world, ch, { cause: 16, request: { cause: 16, soft: true } });
  step(world, ch, { context, exten }, ext, priority);
}

/** POST /channels/{id}/continue: leave the bridge and Stasis, resume in the dialplan. */
export function continueInDialplan(world: World, ch: Channel, target: { context?: string; extension?: string; priority?: number }): void {
  const given = target.context !== undefined || target.extension !== undefined;
  const context = target.context ?? ch.dialplan.context;
  const exten = target.extension ?? ch.dialplan.exten;
  const priority = target.priority ?? (given ? 1 : ch.dialplan.priority + 1);
  leaveBridge(world, ch, { hangup: false });
  leaveStasis(world, ch);
  runDialplan(world, ch, context, exten, priority);
}

function step(world: World, ch: Channel, loc: Loc, ext: Extension, priority: number): void {
  if (!ch.alive || ch.stasis) return;
  const st = ext.steps[priority - 1];
  if (!st) return hangup(world, ch, { cause: 16, request: { cause: 16, soft: true } });
  const data = substitute(ch, st.data ?? '', loc.exten);
  setDialplan(ch, { context: loc.context, exten: loc.exten, priority, app_name: st.app, app_data: data });
  world.emit(ev.dialplan(ch), ch);
  const next = (): void => step(world, ch, loc, ext, priority + 1);
  execute(world, ch, st.app, data, next, loc);
}

function execute(world: World, ch: Channel, app: string, data: string, next: () => void, loc: Loc): void {
  const wait = (ms: number): void => {
    ch.cancel = world.after(ms, next);
  };
  switch (app) {
    case 'Set': return set(world, ch, data, next);
    case 'Answer': return answer(world, ch, next, wait);
    case 'Wait': return wait(Number(data || 0) * 1000);
    case 'Playback': return wait(data.split('&').reduce((t, f) => t + world.sounds.durationSec(f) * 1000, 0));
    case 'Stasis': return stasis(world, ch, data, next);
    case 'Goto': return goto(world, ch, data, loc);
    case 'Hangup': return hangup(world, ch, { cause: Number(data) || 16, request: { cause: 16, soft: true } });
    case 'Busy': return hangup(world, ch, { cause: 17, request: { cause: 17 } });
    case 'Congestion': return hangup(world, ch, { cause: 34, request: { cause: 34 } });
    default: return next();
  }
}

function answer(world: World, ch: Channel, next: () => void, wait: (ms: number) => void): void {
  if (ch.state === 'Up') return next();
  setState(world, ch, 'Up');
  wait(ANSWER_SETTLE_MS);
}

function set(world: World, ch: Channel, data: string, next: () => void): void {
  const eq = data.indexOf('=');
  const name = data.slice(0, eq);
  const value = data.slice(eq + 1);
  if (name === 'CHANNEL(language)') ch.language = value;
  else if (!name.includes('(')) {
    ch.vars.set(name, value);
    world.emit(ev.varset(ch, name, value), ch);
  }
  next();
}

function stasis(world: World, ch: Channel, data: string, next: () => void): void {
  const [app, ...args] = data.split(',');
  if (!enterStasis(world, ch, app, args)) next();
}

function goto(world: World, ch: Channel, data: string, loc: Loc): void {
  const parts = data.split(',');
  if (parts.length === 1) return runDialplan(world, ch, loc.context, loc.exten, Number(parts[0]));
  if (parts.length === 2) return runDialplan(world, ch, loc.context, parts[0], Number(parts[1]));
  runDialplan(world, ch, parts[0], parts[1], Number(parts[2]));
}

/** ${EXTEN}, ${CONTEXT}, ${CALLERID(num|name)} and channel variables. */
export function substitute(ch: Channel, data: string, exten: string): string {
  return data.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    if (name === 'EXTEN') return exten;
    if (name === 'CONTEXT') return ch.dialplan.context;
    if (name === 'CALLERID(num)') return ch.caller.number;
    if (name === 'CALLERID(name)') return ch.caller.name;
    return ch.vars.get(name) ?? '';
  });
}
