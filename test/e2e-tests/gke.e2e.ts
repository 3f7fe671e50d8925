/*
 * The GKE multi-cluster Services provider in a real browser, on the demo's
 * GKE fleet (both workload clusters run GKE's MCS controller beside the
 * others; the config cluster holds a MultiClusterService and a
 * MultiClusterIngress): a healthy service, a port conflict, an export
 * without its Service, and an export through GKE from the service page.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';
import { eventually, getFromCluster } from './stackApi';

const GKE_EXPORT = (name: string) =>
  `/apis/net.gke.io/v1/namespaces/default/serviceexports/${name}`;
const GKE = 'GKE multi-cluster Services';

describe('the GKE multi-cluster Services provider', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { user: 'developer' });
  });
  afterAll(() => browser.close());

  it('shows a healthy fleet service with its kind, the name to call, the memberships serving it and the MultiClusterIngress in front', async () => {
    await open(page, '/catalog/default/component/orders/service-network');
    await page.getByText('workload-1: healthy').first().waitFor({ timeout: 60_000 });
    await page.getByText('workload-2: healthy').first().waitFor();
    await page.getByText(`${GKE}: ServiceExport net.gke.io/v1`).first().waitFor();
    await page.getByText(/call orders\.default\.svc\.clusterset\.local/).first().waitFor();
    await page
      .getByText(
        'served from projects/123456789012/locations/global/memberships/workload-1, projects/123456789012/locations/global/memberships/workload-2',
      )
      .first()
      .waitFor();
    await page
      .getByText('MultiClusterIngress default/storefront in config cluster config sends traffic to it.')
      .first()
      .waitFor();
    await screenshot(page, 'gke-orders-tab');
  });

  it('says which cluster wins a port conflict, and why', async () => {
    await open(page, '/catalog/default/component/billing/service-network');
    await page.getByText('workload-2: degraded').first().waitFor({ timeout: 60_000 });
    await page.getByText(`${GKE} export conflicts with other clusters`).first().waitFor();
    await page
      .getByText(/the clusterset uses 80\/TCP from cluster workload-1, whose ServiceExport is the oldest/)
      .first()
      .waitFor();
    await screenshot(page, 'gke-billing-conflict');
  });

  it('explains an export without its Service', async () => {
    await open(page, '/catalog/default/component/profile/service-network');
    await page.getByText('workload-2: failed').first().waitFor({ timeout: 60_000 });
    await page.getByText(`${GKE} export is not valid`).first().waitFor();
    await screenshot(page, 'gke-profile-no-service');
  });

  it('exports through GKE from the service page and follows it until it is live', async () => {
    expect((await getFromCluster('workload-2', GKE_EXPORT('shipping'))).status).toBe(404);
    await open(page, '/catalog/default/component/shipping/service-network');
    await page.getByText('Runs here but is not exported to the clusterset').first().waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Export service' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Export with').click();
    await page.getByRole('option', { name: GKE }).click();
    await dialog.getByText('apiVersion: net.gke.io/v1').first().waitFor();
    await dialog.getByText(/The GKE MCS controller then exports every port/).waitFor();
    await screenshot(page, 'gke-export-dialog');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();

    const exported = await eventually('the GKE ServiceExport in workload-2', async () => {
      const response = await getFromCluster('workload-2', GKE_EXPORT('shipping'));
      return response.status === 200 ? response.body : undefined;
    });
    expect(exported.spec).toBeUndefined();
    await page.getByText(/Live through the provider \(GKE multi-cluster Services\)/).first().waitFor({ timeout: 60_000 });
    await page.getByText('workload-2: healthy').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'gke-export-live');
  });
});
