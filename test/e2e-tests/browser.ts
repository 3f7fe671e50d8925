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

/** The dev app's demo users (see plugins/service-network/dev/DevSignInPage.tsx). */
export type DevUser = 'guest' | 'developer' | 'platform-admin';

/**
 * A page signed in as `user`: the dev sign-in page remembers the choice in a
 * cookie that the backend's dev provider reads, so setting it signs in on load.
 * Tall by default: Backstage pages scroll inside the layout, so a full-page
 * screenshot shows only the viewport.
 */
export async function newPage(
  browser: Browser,
  options: { user?: DevUser; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 2400 } });
  await context.addCookies([
    { name: 'service-network-dev-user', value: options.user ?? 'guest', url: APP },
  ]);
  return context.newPage();
}

/**
 * A developer's and a platform admin's pages for the tests of one describe
 * block (its beforeAll and afterAll), as a route request's two sides.
 */
export function requesterAndApprover(): { developer: () => Page; admin: () => Page } {
  let browser: Browser;
  let developer: Page;
  let admin: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    developer = await newPage(browser, { user: 'developer' });
    admin = await newPage(browser, { user: 'platform-admin' });
  });
  afterAll(() => browser.close());
  return { developer: () => developer, admin: () => admin };
}

/** Opens a path of the dev app and waits until the app (not the sign-in page) shows. */
export async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${APP}${route}`);
  try {
    await page.getByText('Sign Out').first().waitFor({ timeout: 60_000 });
  } catch (error) {
    await screenshot(page, `failed-to-open-${route.replace(/\W+/g, '-')}`);
    throw error;
  }
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
