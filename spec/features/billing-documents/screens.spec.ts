import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { IssuedDocument } from '../../../app/features/documents/entities';
import { buildUser } from '../../support/factories';
import { launchBrowser, screenshot, SCREENSHOT_DIR } from '../../support/browser';
import { browserSignIn, buildCustomer, charge, runMonth, startBillingApp } from './world';

type App = Awaited<ReturnType<typeof startBillingApp>>;

describe('billing and documents as a person sees them', () => {
  let app: App;
  let browser: Browser;
  before(async () => {
    app = await startBillingApp();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const signedIn = (login: string) => browserSignIn(browser, app.baseUrl, login);

  it('renders each issued document to PNG and shows the billing, documents and support pages', async () => {
    const { account, owner } = await buildCustomer(app.deps.db);
    await charge(app.deps.db, account, '2038-01', { calls: 1_234_56, subscription: 5_000_00, 'option:recording': 2_499_99 });
    await runMonth(app, '2038-01');
    const docs = await app.deps.db.getRepository(IssuedDocument).findBy({ accountId: account.id, period: '2038-01' });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const doc of docs) {
      const pdf = path.join(SCREENSHOT_DIR, `billing-documents-${doc.kind}.pdf`);
      writeFileSync(pdf, await app.files.pdf(doc));
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, pdf.replace(/\.pdf$/, '')]);
      expect(existsSync(pdf.replace(/\.pdf$/, '.png'))).to.equal(true);
    }

    const ownerPage = await signedIn(owner.login!);
    await ownerPage.goto(`${app.baseUrl}/a/${account.id}/documents`);
    expect(await ownerPage.locator('[data-testid="documents-2038-01"] tr[data-kind]').count()).to.equal(3);
    await screenshot(ownerPage, 'billing-documents-list');
    await ownerPage.goto(`${app.baseUrl}/a/${account.id}/billing`);
    expect(await ownerPage.locator('[data-testid="invoices"] tr[data-state="unpaid"]').count()).to.equal(1);
    await screenshot(ownerPage, 'billing-documents-billing');

    const staff = await buildUser(app.deps.db, { staffRole: 'support' });
    const supportPage = await signedIn(staff.login!);
    await supportPage.goto(`${app.baseUrl}/support/accounts/${account.id}/payments`);
    await supportPage.locator('#f-amount').first().fill('1 000,00');
    await supportPage.locator('#f-paidOn').fill(new Date().toISOString().slice(0, 10));
    await supportPage.locator('#f-bankReference').fill(`PP-${account.id}`);
    await supportPage.locator('#f-payer').fill(account.legalName);
    await supportPage.locator('form[action$="/payments"] button[type=submit]').click();
    await supportPage.waitForLoadState('networkidle');
    expect(await supportPage.locator('[data-testid="ledger-entries"] tr[data-kind="payment"]').count()).to.equal(1);
    await screenshot(supportPage, 'billing-documents-support');
  });
});
