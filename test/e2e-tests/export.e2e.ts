/*
 * Issue 4 in a real browser: a developer clicks "Export service" on a
 * service nobody exports yet (service-5); the ServiceExports appear in both
 * workload clusters with the federation annotation and the Service's port,
 * and the page follows them until the controller has picked them up, the
 * target groups are active and the targets healthy (httproute-4 already routes to it).
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';
import { eventually, getFromCluster, SERVICE_EXPORT } from './stackApi';

describe('Export service', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { user: 'developer' });
  });
  afterAll(() => browser.close());

  it("hides the button from those who do not own the service", async () => {
    const outsider = await newPage(browser, { user: 'platform-admin' });
    await open(outsider, '/catalog/default/component/service-5/service-network');
    await outsider.getByText('workload-1: not exported').first().waitFor();
    // Permission answers arrive after the status: wait for one (Request route) and for the network to settle.
    await outsider.getByRole('button', { name: 'Request route' }).first().waitFor();
    await outsider.waitForLoadState('networkidle');
    expect(await outsider.getByRole('button', { name: 'Export service' }).count()).toBe(0);
    await outsider.close();
  });

  it('exports service-5 from the service page and follows it until it is live', async () => {
    for (const cluster of ['workload-1', 'workload-2']) {
      expect((await getFromCluster(cluster, SERVICE_EXPORT('service-5'))).status).toBe(404);
    }
    await open(page, '/catalog/default/component/service-5/service-network');
    await page.getByText('workload-1: not exported').first().waitFor();

    await page.getByRole('button', { name: 'Export service' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Objects to apply').waitFor();
    // The preview is the dry run: what will be applied, per cluster.
    await dialog.getByText(/application-networking\.k8s\.aws\/federation: amazon-vpc-lattice/).first().waitFor();
    await screenshot(page, 'export-dialog');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await screenshot(page, 'export-in-progress');

    for (const cluster of ['workload-1', 'workload-2']) {
      const exported = await eventually(`the ServiceExport in ${cluster}`, async () => {
        const response = await getFromCluster(cluster, SERVICE_EXPORT('service-5'));
        return response.status === 200 ? response.body : undefined;
      });
      expect(exported.metadata.annotations['application-networking.k8s.aws/federation']).toBe('amazon-vpc-lattice');
      expect(exported.spec.exportedPorts).toEqual([{ port: 80, routeType: 'HTTP' }]);
      expect(exported.metadata.managedFields.map((f: { manager: string }) => f.manager)).toContain(
        'backstage-service-network',
      );
    }

    // The page follows the export without a reload: picked up, target groups active, targets healthy.
    await page.getByText('workload-1: healthy').first().waitFor({ timeout: 90_000 });
    await page.getByText('workload-2: healthy').first().waitFor({ timeout: 90_000 });
    await expect(page.getByText('picked up by the controller').count()).resolves.toBeGreaterThanOrEqual(2);
    await screenshot(page, 'export-live');
  });
});
