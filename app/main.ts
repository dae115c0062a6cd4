/** Composition root: builds config, logger, database and mailer once, then starts the configured roles. */
import type { Server } from 'node:http';
import { systemClock } from './clock';
import { loadConfig, type Config } from './config';
import { createDataSource } from './db/data-source';
import type { Deps } from './deps';
import { startMailCapture, type MailCapture } from './features/mail/capture-server';
import { createMailer } from './features/mail/mailer';
import { jobs } from './jobs/registry';
import { startJobsRunner } from './jobs/runner';
import { createLogger, type Logger } from './logger';
import { createWebApp } from './web/app';
import { startPbx } from './pbx/role';

type Stop = () => Promise<void>;

async function startMail(config: Config, logger: Logger): Promise<{ smtpUrl: string; capture?: MailCapture }> {
  if (config.mail.smtpUrl) return { smtpUrl: config.mail.smtpUrl };
  const capture = await startMailCapture(config.mail.capture!);
  logger.info({ smtpUrl: capture.smtpUrl }, 'no SMTP_URL: e-mail is kept by the local capture server');
  return { smtpUrl: capture.smtpUrl, capture };
}

function startWeb(deps: Deps): Promise<Stop> {
  const web = createWebApp(deps);
  return new Promise((resolve) => {
    const server: Server = web.app.listen(deps.config.http.port, deps.config.http.host, () => {
      const { publicUrl } = deps.config.http;
      deps.logger.info({ url: publicUrl }, 'web role listening');
      console.log(`\n  Cabinet:  ${publicUrl}/signup  (sign up)   ${publicUrl}/signin  (sign in)`);
      if (deps.config.mail.capture) console.log(`  E-mail:   ${publicUrl}/dev/mail  (messages kept by the local capture server)`);
      console.log(`  Support:  make admin ARGS="create --email you@example.kz --name 'Your Name' --role superadmin"\n`);
      resolve(async () => {
        await new Promise<void>((done) => server.close(() => done()));
        server.closeAllConnections();
        await web.close();
      });
    });
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  const pending = await db.showMigrations();
  if (pending) throw new Error('the database has pending migrations: run `npm run migrate` (make run does it)');
  const mail = await startMail(config, logger);
  const mailer = createMailer({ smtpUrl: mail.smtpUrl, from: config.mail.from }, logger);
  const deps: Deps = { config, db, logger, clock: systemClock, mailer };
  const stops: Stop[] = [];
  if (config.roles.includes('web')) stops.push(await startWeb(deps));
  if (config.roles.includes('jobs')) stops.push(startJobsRunner(deps, jobs).stop);
  if (config.roles.includes('pbx')) stops.push(startPbx(deps).stop);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
    mailer.close();
    await mail.capture?.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
