import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type supertest from 'supertest';
import type { DataSource } from 'typeorm';
import type { Account, PaymentMethod } from '../../../app/features/accounts/entities';
import { post } from '../../../app/features/billing/ledger';
import { DocumentFiles } from '../../../app/features/documents/files';
import { issueMonthlyDocuments, type MonthlyRunOptions } from '../../../app/features/documents/monthly-run';
import { periodBounds } from '../../../app/features/documents/period';
import { startTestApp, type TestApp } from '../../support/app';
import { buildAccountWithOwner, TEST_PASSWORD } from '../../support/factories';
import { randomBin, testSeller } from './requisites';

/** The web app with documents stored in a fresh temporary directory and the provider's requisites set. */
export async function startBillingApp(): Promise<TestApp & { storageDir: string; files: DocumentFiles }> {
  const storageDir = await mkdtemp(path.join(tmpdir(), 'vpbx-docs-'));
  const previous = process.env.STORAGE_DIR;
  process.env.STORAGE_DIR = storageDir;
  const app = await startTestApp();
  if (previous === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = previous;
  app.deps.config = { ...app.deps.config, billing: { ...app.deps.config.billing, seller: testSeller, graceDays: 10, invoiceDueDays: 10 } };
  const files = new DocumentFiles(storageDir);
  return Object.assign(app, { storageDir, files });
}

/** An account with an owner, a valid БИН and an address, paying as told. */
export async function buildCustomer(db: DataSource, paymentMethod: PaymentMethod = 'postpaid') {
  return buildAccountWithOwner(db, { bin: randomBin(), address: 'г. Алматы, ул. Абая, 1', paymentMethod, status: 'active' });
}

/** Charges in the middle of a month (Almaty), one ledger entry per category. */
export async function charge(db: DataSource, account: Account, period: string, amounts: Record<string, number>): Promise<void> {
  const at = new Date(periodBounds(period).from.getTime() + 10 * 24 * 3600_000);
  for (const [category, tiyn] of Object.entries(amounts)) {
    await post(db, { accountId: account.id, kind: 'charge', amountTiyn: -tiyn, occurredAt: at, reason: `Тест ${category}`, sourceKey: `test:${period}:${category}:${randomInt(1e9)}`, category });
  }
}

/** The monthly run for a period, as the job runs it. */
export function runMonth(app: Awaited<ReturnType<typeof startBillingApp>>, period: string, options: MonthlyRunOptions = {}) {
  const { db, config, logger } = app.deps;
  return issueMonthlyDocuments({ db, config, logger, files: app.files, now: () => app.clock.now() }, period, options);
}

/** A download's body as bytes, whatever its content type. */
export function getBytes(agent: supertest.Agent, url: string) {
  return agent.get(url).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** The names of the files inside a zip, as unzip lists them. */
export function zipEntries(zip: Buffer): string[] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'vpbx-zip-')), 'month.zip');
  writeFileSync(file, zip);
  return execFileSync('zipinfo', ['-1', file], { encoding: 'utf8' }).trim().split('\n').sort();
}

/** A new page of the browser, signed in through the sign-in form. */
export async function browserSignIn(browser: Browser, baseUrl: string, login: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Логин или электронная почта').fill(login);
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForLoadState('networkidle');
  return page;
}
