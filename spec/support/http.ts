import type supertest from 'supertest';
import { expect } from 'chai';

/** The CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** GETs a page for its token, then POSTs a form to `path` as a browser would. */
export async function submitForm(agent: supertest.Agent, pagePath: string, path: string, fields: Record<string, string>) {
  const page = await agent.get(pagePath);
  return agent.post(path).type('form').send({ ...fields, _csrf: csrfFrom(page.text) });
}

export async function signIn(agent: supertest.Agent, login: string, password: string): Promise<void> {
  const res = await submitForm(agent, '/signin', '/signin', { login, password });
  expect(res.status, `sign-in of ${login} failed: ${res.text.slice(0, 200)}`).to.equal(302);
}

/** The link in an e-mail body that starts with the given path. */
export function linkIn(text: string, pathPrefix: string): string {
  const match = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/\//g, '\\/')}[^\\s]*`).exec(text);
  if (!match) throw new Error(`no ${pathPrefix} link in: ${text}`);
  return new URL(match[0]).pathname;
}
