import { expect } from 'chai';
import type { Account } from '../../../app/features/accounts/entities';
import { addDeploymentSounds } from '../../pbx/outbound-support';
import { startTestApp, type TestApp } from '../../support/app';
import { TEST_PASSWORD } from '../../support/factories';
import { startPbxHarness, type PbxHarness } from '../../support/pbx';
import { signedInOwner } from '../../support/sign-in';

/** The engine on a fake Asterisk, and the cabinet pointed at the same fake and database (as the web and pbx roles share them). */
export interface LiveWorld {
  h: PbxHarness;
  app: TestApp;
}

export function useLiveWorld(): LiveWorld {
  const world = {} as LiveWorld;
  before(async () => {
    // Asterisk time at real speed: a call rings for real seconds, long enough for the page to see it ring.
    world.h = await startPbxHarness({}, { timeScale: 1 });
    world.h.fake.addEndpoint('carrier', { online: true });
    addDeploymentSounds(world.h);
    world.app = await startTestApp({}, world.h.deps.config.pbx);
  });
  after(async () => {
    await world.app?.close();
    await world.h?.close();
  });
  return world;
}

/** The session cookie of a signed-in member, for requests made without supertest (the event stream). */
export async function sessionCookie(baseUrl: string, login: string): Promise<string> {
  const page = await fetch(`${baseUrl}/signin`);
  const first = cookieOf(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${baseUrl}/signin`, {
    method: 'POST', redirect: 'manual', headers: { cookie: first, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password: TEST_PASSWORD, _csrf: token }),
  });
  expect(res.status, 'sign-in').to.equal(302);
  return cookieOf(res) || first;
}

const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

export interface ServerEvent {
  event: string;
  data: unknown;
}

/** A client of a server-sent event stream: every event and comment received so far. */
export class EventReader {
  readonly events: ServerEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private readonly abort = new AbortController();
  private buffer = '';
  status = 0;
  contentType = '';

  static async open(url: string, cookie: string): Promise<EventReader> {
    const reader = new EventReader();
    const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: reader.abort.signal });
    reader.status = res.status;
    reader.contentType = res.headers.get('content-type') ?? '';
    void reader.pump(res);
    return reader;
  }

  /** The first event (from index `from`) that matches, once it has arrived. */
  async next(match: (e: ServerEvent) => boolean, from = 0, timeoutMs = 5000): Promise<ServerEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.slice(from).find(match);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(this.events.slice(from))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(res: Response): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
  }

  private parse(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) this.events.push({ event, data: JSON.parse(data.join('\n')) });
  }
}

/** A postpaid account and its signed-in owner. */
export const ownerOf = (app: TestApp, overrides: Partial<Account> = {}) => signedInOwner(app, { paymentMethod: 'postpaid', ...overrides });

/** The session's CSRF token, from the live page's script config (present whether or not calls are listed). */
export async function liveCsrf(agent: ReturnType<TestApp['agent']>, accountId: number): Promise<string> {
  const page = await agent.get(`/a/${accountId}/live`);
  const token = /"csrf":"([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no CSRF token on the live page (${page.status})`);
  return token;
}
