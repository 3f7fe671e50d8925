/*
 * What `npm start` promises on a fresh clone: the app answers, guest sign-in
 * works, the catalog holds the seeded services and the backend reads the fleet.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';

describe('npm start', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('serves the app with guest sign-in and the seeded services in the catalog', async () => {
    const page = await newPage(browser, { viewport: { width: 1440, height: 1000 } });
    await open(page, '/catalog');
    for (const name of ['service-1', 'service-2', 'service-3', 'service-4', 'service-5']) {
      const link = page.getByRole('link', { name, exact: true });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe(`/catalog/default/component/${name}`);
    }
    await screenshot(page, 'catalog');
  });

  it('answers the backend health check without a token', async () => {
    const response = await fetch('http://localhost:7007/api/service-network/health');
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
