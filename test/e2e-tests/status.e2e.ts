/*
 * Issue 3 in a real browser: the entity card, the entity tab and the fleet
 * page on the seeded services, with screenshots to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';

describe('service pages', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  afterAll(() => browser.close());

  it("shows a healthy service's DNS name and one chip per cluster on the card", async () => {
    await open(page, '/catalog/default/component/service-1');
    await page.getByText('workload-1: healthy').waitFor();
    await page.getByText('workload-2: healthy').waitFor();
    await expect(page.getByText(/^httproute-1-default-.*\.vpc-lattice-svcs\.us-west-2\.on\.aws$/).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'service-1-card');
  });

  it('explains an ignored export on the tab and draws the topology', async () => {
    await open(page, '/catalog/default/component/service-4/service-network');
    await page.getByText('workload-1: ignored').first().waitFor();
    // The finding says what is wrong and gives the exact annotation to add.
    await page.getByText(/application-networking\.k8s\.aws\/federation/).first().waitFor();
    await page.getByText('Topology').waitFor();
    await expect(page.getByText('httproute-3').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'service-4-tab');
  });

  it('shows a partly healthy service with the unhealthy target counted', async () => {
    await open(page, '/catalog/default/component/service-2/service-network');
    await page.getByText('workload-2: degraded').first().waitFor();
    await expect(page.getByText(/unhealthy/i).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'service-2-tab');
  });

  it('lists clusters with their sync state and the service networks on the fleet page', async () => {
    await open(page, '/service-network/fleet');
    for (const cluster of ['config', 'workload-1', 'workload-2']) {
      await page.getByRole('cell', { name: new RegExp(`^${cluster}\\b`) }).first().waitFor();
    }
    await page.getByRole('heading', { name: 'Service networks' }).waitFor();
    await expect(page.getByText('gateway-2').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'fleet');
  });
});
