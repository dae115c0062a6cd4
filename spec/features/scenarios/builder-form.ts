import type supertest from 'supertest';
import { csrfFrom } from '../../support/http';

export type FormFields = [string, string][];

const decode = (s: string) =>
  s.replace(/&(amp|quot|lt|gt|#x27|#39|#x3D|#x60);/g, (_, e: string) => ({ amp: '&', quot: '"', lt: '<', gt: '>', '#x27': "'", '#39': "'", '#x3D': '=', '#x60': '`' })[e]!);
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};

/** The fields the builder's form would send as a browser sends them (no button pressed). */
export function readBuilderForm(html: string): FormFields {
  const form = /<form[^>]*id="builder"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no builder form on the page');
  const body = form[1];
  const fields: FormFields = [];
  for (const m of body.matchAll(/<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g)) {
    const tag = m[0];
    const name = attr(tag.slice(0, tag.indexOf('>') + 1), 'name');
    if (!name) continue;
    if (tag.startsWith('<input')) {
      const type = attr(tag, 'type') ?? 'text';
      if (type === 'checkbox' && !/\schecked\b/.test(tag)) continue;
      fields.push([name, attr(tag, 'value') ?? '']);
    } else if (tag.startsWith('<select')) {
      const options = [...tag.matchAll(/<option\b([^>]*)>/g)];
      const chosen = options.find((o) => /\sselected\b/.test(o[1])) ?? options[0];
      fields.push([name, chosen ? (attr(chosen[0], 'value') ?? '') : '']);
    } else {
      fields.push([name, decode(/>([\s\S]*)<\/textarea>/.exec(tag)![1])]);
    }
  }
  return fields;
}

/** Sets one field (replacing every value it had), as a person changing a select or a text box. */
export function setField(fields: FormFields, name: string, value: string): FormFields {
  const rest = fields.filter(([n]) => n !== name);
  return [...rest, [name, value]];
}

/** The index N of a step's fields (s.N.*) in the form. */
export function stepIndex(fields: FormFields, id: string): number {
  const found = fields.find(([n, v]) => /^s\.\d+\.id$/.test(n) && v === id);
  if (!found) throw new Error(`no step ${id} in the form`);
  return Number(found[0].split('.')[1]);
}

/** Posts the builder form (multipart, token in the query) with the given button pressed. */
export function postBuilder(agent: supertest.Agent, path: string, pageHtml: string, fields: FormFields, action: string) {
  let req = agent.post(`${path}?_csrf=${encodeURIComponent(csrfFrom(pageHtml))}`);
  for (const [name, value] of [...fields, ['action', action] as [string, string]]) req = req.field(name, value);
  return req;
}
