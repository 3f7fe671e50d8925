/*
 * Debian's Chromium driven by playwright-core, signed in to the dev app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

export const APP = 'http://localhost:3000';
export const SCREENSHOTS = path.join(__dirname, 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A new page signed in as the guest user (the dev app's sign-in page offers guest). */
export async function signedInPage(browser: Browser, viewport = { width: 1440, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(APP);
  const enter = page.getByRole('button', { name: /enter/i });
  if (await enter.isVisible({ timeout: 15_000 }).catch(() => false)) await enter.click();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function fleetAdmin(method: string, route: string, body?: unknown) {
  const response = await fetch(`${process.env.FLEET_ADMIN_URL}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`fleet admin ${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}
