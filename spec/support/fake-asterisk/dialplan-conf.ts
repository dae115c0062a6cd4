import type { Dialplan, Step } from './dialplan';

/**
 * Loads an extensions.conf text (as the project renders it) into the fake's dialplan, so the fake
 * runs the very contexts a real Asterisk would: `exten => pattern,1,App(data)` then `same => n,App(data)`.
 */
export function loadExtensionsConf(plan: Dialplan, text: string): Dialplan {
  let context: string | undefined;
  let current: { exten: string; steps: Step[] } | undefined;
  const flush = () => {
    if (context && current && context !== 'general' && context !== 'globals') plan.set(context, current.exten, current.steps);
    current = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) continue;
    const section = /^\[([^\]]+)\]/.exec(line);
    if (section) {
      flush();
      context = section[1];
      continue;
    }
    const exten = /^exten\s*=>\s*([^,]+),[^,]+,(.*)$/.exec(line);
    const same = /^same\s*=>\s*[^,]+,(.*)$/.exec(line);
    if (exten) {
      flush();
      current = { exten: exten[1].trim(), steps: [parseStep(exten[2])] };
    } else if (same && current) {
      current.steps.push(parseStep(same[1]));
    }
  }
  flush();
  return plan;
}

function parseStep(text: string): Step {
  const open = text.indexOf('(');
  if (open < 0) return { app: text.trim() };
  return { app: text.slice(0, open).trim(), data: text.slice(open + 1, text.lastIndexOf(')')) };
}
