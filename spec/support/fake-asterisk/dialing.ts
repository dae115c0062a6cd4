/** What the far end does when Asterisk dials it: scripted per endpoint or number with fake.onDial(). */
import type { Phone } from './phone';
import type { World } from './world';

export type DialAction = 'answer' | 'ring' | 'noanswer' | 'busy' | 'congestion' | 'reject' | 'unreachable' | 'manual';

export interface DialScript {
  action: DialAction;
  /** Asterisk ms before the final response (answer / busy / reject); default 1000 for answer, 0 otherwise */
  afterMs?: number;
  /** send 180 Ringing first (default: true for answer/ring, false for rejections) */
  ringing?: boolean;
  /** cause for 'reject' (default 21) */
  cause?: number;
}

/** What was dialed: PJSIP/<endpoint> or PJSIP/<number>@<endpoint>. */
export interface DialTarget {
  tech: string;
  endpoint: string;
  number: string;
  dialstring: string;
}

export type DialBehaviour = DialAction | DialScript | ((phone: Phone, target: DialTarget) => void);
export type DialMatcher = string | RegExp | ((target: DialTarget) => boolean);

const CAUSES: Partial<Record<DialAction, number>> = { busy: 17, congestion: 34 };

/** Rules added later win; unmatched targets ring until the dial times out. */
export class DialRules {
  private readonly rules: Array<{ match: DialMatcher; behaviour: DialBehaviour }> = [];

  add(match: DialMatcher, behaviour: DialBehaviour): void {
    this.rules.unshift({ match, behaviour });
  }

  clear(): void {
    this.rules.length = 0;
  }

  find(target: DialTarget): DialBehaviour | undefined {
    return this.rules.find((r) => matches(r.match, target))?.behaviour;
  }
}

function matches(m: DialMatcher, t: DialTarget): boolean {
  if (typeof m === 'function') return m(t);
  const candidates = [t.endpoint, t.number, t.dialstring, `${t.tech}/${t.dialstring}`];
  return typeof m === 'string' ? candidates.includes(m) : candidates.some((c) => m.test(c));
}

export function isUnreachable(b: DialBehaviour | undefined): boolean {
  return b === 'unreachable' || (typeof b === 'object' && b.action === 'unreachable');
}

/** Plays the far end's part on an outgoing PJSIP channel. */
export function actCallee(world: World, phone: Phone, target: DialTarget, scripted?: DialBehaviour): void {
  if (!scripted && world.dialUa?.(phone, target)) return;
  const behaviour = scripted ?? 'ring';
  if (typeof behaviour === 'function') return behaviour(phone, target);
  const script: DialScript = typeof behaviour === 'string' ? { action: behaviour } : behaviour;
  if (script.action === 'manual' || script.action === 'unreachable') return;
  const rejecting = !['answer', 'ring', 'noanswer'].includes(script.action);
  if (script.ringing ?? !rejecting) phone.ring();
  if (script.action === 'ring' || script.action === 'noanswer') return;
  const after = script.afterMs ?? (script.action === 'answer' ? 1000 : 0);
  const cause = script.cause ?? CAUSES[script.action] ?? 21;
  world.after(after, () => (script.action === 'answer' ? phone.answer() : phone.reject(cause)));
}
