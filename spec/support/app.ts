import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { loadConfig, type Config } from '../../app/config';
import { createDataSource } from '../../app/db/data-source';
import type { Deps } from '../../app/deps';
import { startMailCapture, type MailCapture } from '../../app/features/mail/capture-server';
import { createMailer } from '../../app/features/mail/mailer';
import { createLogger } from '../../app/logger';
import { createWebApp } from '../../app/web/app';
import { ManualClock } from './clock';

export interface TestApp {
  deps: Deps;
  clock: ManualClock;
  mail: MailCapture;
  baseUrl: string;
  /** A cookie-keeping client for one visitor. */
  agent(): supertest.Agent;
  close(): Promise<void>;
}

/** The real web app on a random port, against the test database and a real SMTP capture server; `pbx` points it at a fake Asterisk. */
export async function startTestApp(overrides: Partial<Config['auth']> = {}, pbx: Partial<Config['pbx']> = {}): Promise<TestApp> {
  const mail = await startMailCapture({ port: 0, dir: await mkdtemp(path.join(tmpdir(), 'vpbx-mail-')) });
  const base = loadConfig();
  const server: { current?: Server } = {};
  const config: Config = { ...base, http: { ...base.http, port: 0 }, auth: { ...base.auth, mailRequestsPerHour: 1000, ...overrides }, pbx: { ...base.pbx, ...pbx } };
  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  const logger = createLogger(config.logLevel);
  const clock = new ManualClock();
  const mailer = createMailer({ smtpUrl: mail.smtpUrl, from: config.mail.from }, logger);
  const deps: Deps = { config, db, logger, clock, mailer };
  const web = createWebApp(deps);
  await new Promise<void>((resolve) => (server.current = web.app.listen(0, '127.0.0.1', () => resolve())));
  const baseUrl = `http://127.0.0.1:${(server.current!.address() as AddressInfo).port}`;
  deps.config = { ...config, http: { ...config.http, publicUrl: baseUrl } };
  return {
    deps,
    clock,
    mail,
    baseUrl,
    agent: () => supertest.agent(server.current!),
    async close() {
      server.current!.closeAllConnections();
      await new Promise<void>((resolve) => server.current!.close(() => resolve()));
      await web.close();
      mailer.close();
      await mail.close();
      await db.destroy();
    },
  };
}
