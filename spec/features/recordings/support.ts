import type { Browser, Locator, Page } from 'playwright-core';
import type supertest from 'supertest';
import type { DataSource } from 'typeorm';
import type { Account } from '../../../app/features/accounts/entities';
import type { Call } from '../../../app/features/calls/entities';
import { Recording } from '../../../app/features/recordings/entities';
import { callRecordingName } from '../../../app/pbx/recording/recorder';
import { startTestApp, type TestApp } from '../../support/app';
import { launchBrowser } from '../../support/browser';
import { TEST_PASSWORD } from '../../support/factories';
import { startFakeAsterisk, type FakeAsterisk } from '../../support/fake-asterisk';
import { buildCall } from '../calls/call-factory';

export interface AppWithAsterisk {
  app: TestApp;
  fake: FakeAsterisk;
  /** The node name calls recorded on the fake carry (config names a node by its host:port). */
  node: string;
  close(): Promise<void>;
}

/** The real web app whose configured Asterisk node is a fake one holding the stored recordings. */
export async function startAppWithAsterisk(): Promise<AppWithAsterisk> {
  const fake = await startFakeAsterisk({ user: 'vpbx', password: 'fake-secret' });
  const names = ['ARI_URL', 'ARI_USER', 'ARI_PASSWORD'] as const;
  const saved = names.map((n) => process.env[n]);
  Object.assign(process.env, { ARI_URL: fake.url, ARI_USER: fake.user, ARI_PASSWORD: fake.password });
  let app: TestApp;
  try {
    app = await startTestApp();
  } finally {
    names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
  }
  return { app, fake, node: new URL(fake.url).host, close: async () => (await app.close(), await fake.close()) };
}

/** Mocha hooks for a describe block: the app on a fake Asterisk and a headless Chromium, both closed afterwards. */
export function useBrowserWithAsterisk(): { env: AppWithAsterisk; browser: Browser } {
  const ctx = {} as { env: AppWithAsterisk; browser: Browser };
  before(async function () {
    this.timeout(60_000); // Chromium's start is slow on a loaded machine
    ctx.env = await startAppWithAsterisk();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.env?.close();
  });
  return ctx;
}

/** An ended, recorded call: its row, its recording row and the file on the fake node. */
export async function buildRecordedCall(
  env: AppWithAsterisk,
  account: Account,
  call: Partial<Call> = {},
  recording: Partial<Recording> = {},
): Promise<{ call: Call; recording: Recording }> {
  const db: DataSource = env.app.deps.db;
  const row = await buildCall(db, account, { node: env.node, consent: 'accepted', ...call });
  const saved = await db.getRepository(Recording).save({
    accountId: account.id, callId: row.id, kind: 'call', asteriskName: callRecordingName(account.id, row.id), format: 'wav',
    durationSeconds: row.billableSeconds, sizeBytes: null, state: 'done', createdAt: row.answeredAt ?? row.startedAt, ...recording,
  });
  await db.query('UPDATE calls SET recording_id = ? WHERE id = ?', [saved.id, row.id]);
  env.fake.addStoredRecording(saved.asteriskName, 'wav', Math.min(saved.durationSeconds ?? 1, 5));
  return { call: { ...row, recordingId: saved.id }, recording: saved };
}

/** GET as raw bytes, whatever the content type. */
export function getBytes(agent: supertest.Agent, path: string, headers: Record<string, string> = {}) {
  return agent
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** Signs in through the form, as a person would. */
export async function signInPage(page: Page, baseUrl: string, login: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Логин или электронная почта').fill(login);
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** What the page script touches of an <audio> element (the specs compile without the DOM library). */
interface MediaLike {
  duration: number;
  preload: string;
  error: { code: number } | null;
  load(): void;
  addEventListener(type: string, listener: () => void, options?: { once: boolean }): void;
}

/** Loads an <audio> element's file as the browser plays it and resolves with its length in seconds. */
export function audioDuration(audio: Locator): Promise<number> {
  return audio.evaluate(
    (node) =>
      new Promise<number>((resolve, reject) => {
        const el = node as unknown as MediaLike;
        el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
        el.addEventListener('error', () => reject(new Error(`audio error ${el.error?.code}`)), { once: true });
        el.preload = 'auto';
        el.load();
      }),
  );
}
