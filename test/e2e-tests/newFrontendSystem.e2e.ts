/*
 * The plugin's `./alpha` in the dev app's new-frontend-system entry
 * (`?frontend=new`), beside the catalog's own plugin, against the same stack:
 * the entity tab, the navigation entry and the sub-pages.
 */
import type { Browser, Page } from 'playwright-core';
import { APP, launchBrowser, newPage, screenshot } from './browser';

describe('the new frontend system', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { user: 'developer' });
    // The choice holds for the browser tab (sessionStorage).
    await page.goto(`${APP}/?frontend=new`);
  });
  afterAll(() => browser.close());

  it("shows a service's Service Network tab in the catalog's entity page", async () => {
    await page.goto(`${APP}/catalog/default/component/service-1/service-network`);
    try {
      await page.getByText(/^httproute-1-default-.*\.vpc-lattice-svcs\.us-west-2\.on\.aws$/).first().waitFor({ timeout: 60_000 });
    } finally {
      await screenshot(page, 'new-frontend-system-tab');
    }
    await page.getByRole('heading', { name: 'Workload clusters', level: 2 }).waitFor();
  });

  it('reaches the fleet and the route requests from the navigation, as tabs of one page', async () => {
    await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Service Network' }).click();
    await page.getByRole('heading', { name: 'Clusters', level: 2 }).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/service-network/fleet');
    await screenshot(page, 'new-frontend-system-fleet');

    await page.getByRole('tab', { name: 'Route requests' }).click();
    await page.getByText('My requests').waitFor({ timeout: 60_000 });
    await page.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/service-network/requests');
    await screenshot(page, 'new-frontend-system-requests');
  });
});
