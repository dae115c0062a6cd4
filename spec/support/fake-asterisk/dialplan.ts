/** The simulated extensions.conf: contexts -> extensions (patterns allowed) -> steps. */

export interface Step {
  app: string;
  data?: string;
}

export interface Extension {
  exten: string;
  steps: Step[];
}

const s = (app: string, data = ''): Step => ({ app, data });

/** The dialplan of the recorded Asterisk (see the traces' README). */
function traceDialplan(app: string): Record<string, Record<string, Step[]>> {
  return {
    'to-stasis': {
      s: [s('NoOp', `to-stasis: entering Stasis ${app}`), s('Set', 'CHANNEL(language)=en'), s('Stasis', `${app},inbound,s`),
        s('NoOp', 'to-stasis: left Stasis, STASISSTATUS=${STASISSTATUS}'), s('Hangup')],
    },
    'local-park': { s: [s('NoOp', 'local-park'), s('Answer'), s('Wait', '120')] },
    'local-talk': { s: [s('NoOp', 'local-talk'), s('Answer'), s('Playback', 'demo-congrats'), s('Goto', '3')] },
    'after-stasis': { s: [s('NoOp', 'after-stasis'), s('Playback', 'beep'), s('Stasis', `${app},reentered`), s('Hangup')] },
    'from-test': {
      _6XX: [s('NoOp', 'from-test: ${EXTEN}'), s('Stasis', `${app},internal,\${EXTEN}`)],
      '700': [s('NoOp', 'from-test: 700 = blind-transfer target, re-enters Stasis'), s('Stasis', `${app},transferred,\${EXTEN}`)],
    },
  };
}

/** Contexts the fake's channels run when they are not in Stasis. */
export class Dialplan {
  private readonly contexts = new Map<string, Map<string, Step[]>>();

  /** Loads the recorded Asterisk's dialplan, with `app` as the Stasis application. */
  static fromTraces(app = 'app-under-test'): Dialplan {
    const plan = new Dialplan();
    for (const [ctx, extens] of Object.entries(traceDialplan(app))) {
      for (const [exten, steps] of Object.entries(extens)) plan.set(ctx, exten, steps);
    }
    return plan;
  }

  /** Defines (or replaces) context,exten; priority n is steps[n-1]. Patterns start with "_". */
  set(context: string, exten: string, steps: Step[]): this {
    const ctx = this.contexts.get(context) ?? new Map<string, Step[]>();
    ctx.set(exten, steps);
    this.contexts.set(context, ctx);
    return this;
  }

  remove(context: string, exten?: string): this {
    if (exten === undefined) this.contexts.delete(context);
    else this.contexts.get(context)?.delete(exten);
    return this;
  }

  /** Exact extension first, then the first pattern that matches (X, Z, N, [a-b], ".", "!"). */
  find(context: string, exten: string): Extension | undefined {
    const ctx = this.contexts.get(context);
    if (!ctx) return undefined;
    const exact = ctx.get(exten);
    if (exact && !exten.startsWith('_')) return { exten, steps: exact };
    for (const [pattern, steps] of ctx) {
      if (pattern.startsWith('_') && patternRegex(pattern).test(exten)) return { exten: pattern, steps };
    }
    return undefined;
  }
}

function patternRegex(pattern: string): RegExp {
  let re = '';
  const body = pattern.slice(1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === 'X') re += '[0-9]';
    else if (c === 'Z') re += '[1-9]';
    else if (c === 'N') re += '[2-9]';
    else if (c === '.') re += '.+';
    else if (c === '!') re += '.*';
    else if (c === '[') {
      const end = body.indexOf(']', i);
      re += `[${body.slice(i + 1, end)}]`;
      i = end;
    } else re += c.replace(/[\\^$*+?.()|{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
