/** Serves Asterisk's Swagger api-docs with basePath pointing at the fake (as Asterisk rewrites it). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOCS_DIR = join(__dirname, '..', '..', 'fixtures', 'ari-api-docs');

export class ApiDocs {
  private readonly docs = new Map<string, Record<string, unknown>>();

  constructor(dir: string = DOCS_DIR) {
    for (const name of ['resources', 'asterisk', 'endpoints', 'channels', 'bridges', 'recordings', 'sounds', 'playbacks', 'deviceStates', 'mailboxes', 'events', 'applications']) {
      const file = join(dir, `${name}.json`);
      if (existsSync(file)) this.docs.set(name, JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
    }
  }

  /** The document for /ari/api-docs/<name>.json, or undefined. */
  get(name: string, baseUrl: string): Record<string, unknown> | undefined {
    const doc = this.docs.get(name);
    return doc && { ...doc, basePath: `${baseUrl}/ari` };
  }
}
