import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../var/screenshots');

/** Debian's Chromium, headless, with the flags this closed network needs (no browser download, ever). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a full-page screenshot under var/screenshots (gitignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface BrowserApp {
  app: TestApp;
  browser: Browser;
}

/** Mocha hooks for a describe block: the real app and a headless Chromium, both closed afterwards. */
export function useBrowserApp(): BrowserApp {
  const ctx = {} as BrowserApp;
  before(async () => {
    ctx.app = await startTestApp();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.app?.close();
  });
  return ctx;
}
