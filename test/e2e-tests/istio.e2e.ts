/*
 * The Istio provider in a real browser, on the demo's mesh (both workload
 * clusters run it beside the others: multi-primary, one network each, an
 * east-west gateway in each): a Service reached from both clusters, one
 * exportTo hides, one missing in a cluster, an ambient global service; the
 * page offers no export for Istio and says why; the fleet page shows it as
 * read only.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';

const ISTIO = 'Istio multi-cluster';

describe('the Istio provider', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { user: 'developer' });
  });
  afterAll(() => browser.close());

  it('shows a Service running in both clusters as reached from both, by its cluster-local name, and the honest note on mesh configuration', async () => {
    await open(page, '/catalog/default/component/invoices/service-network');
    await page.getByText(`${ISTIO}: Service v1 · healthy · call invoices.default.svc.cluster.local`).first().waitFor({ timeout: 60_000 });
    await page.getByText('calls from here reach workload-1, workload-2').first().waitFor();
    await page.getByText('reached from workload-2').first().waitFor();
    await page.getByText('Visibility also depends on mesh configuration').first().waitFor();
    await page.getByText(/^No export for Istio multi-cluster: Service Network only reads Istio/).waitFor();
    // Nothing else exports it, and the topology still draws where Istio shares it.
    await page.getByText('How traffic reaches the Service, left to right').waitFor();
    await page.getByText('Istio multi-cluster', { exact: true }).first().waitFor();
    await screenshot(page, 'istio-invoices-tab');
  });

  it("names exportTo '.' hiding a Service, and a Service missing in one cluster", async () => {
    await open(page, '/catalog/default/component/delivery/service-network');
    await page.getByText(`${ISTIO}: Service v1 · degraded`).first().waitFor({ timeout: 60_000 });
    await page.getByText('exportTo hides it from other namespaces').first().waitFor();
    await page.getByText('networking.istio.io/exportTo: .').first().waitFor();
    await screenshot(page, 'istio-delivery-export-to');

    await open(page, '/catalog/default/component/accounts/service-network');
    await page.getByText('Not in every cluster of the mesh').first().waitFor({ timeout: 60_000 });
    await page.getByText('no Service in workload-2').first().waitFor();
    await screenshot(page, 'istio-accounts-missing');
  });

  it('shows an ambient global service reached from both clusters', async () => {
    await open(page, '/catalog/default/component/notifications/service-network');
    await page.getByText(`${ISTIO}: Service v1 · healthy · call notifications.ambient-demo.svc.cluster.local`).first().waitFor({ timeout: 60_000 });
    await page.getByText('Istio mesh (ambient)').first().waitFor();
    await page.getByText('istio.io/global: true').first().waitFor();
    await screenshot(page, 'istio-notifications-ambient');
  });

  it('offers no Istio export in the dialog, and the fleet page shows Istio as read only', async () => {
    await open(page, '/catalog/default/component/invoices/service-network');
    await page.getByRole('button', { name: 'Export service' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Export with').click();
    const options = await page.getByRole('option').allTextContents();
    expect(options.length).toBeGreaterThan(0);
    expect(options.filter(option => option.includes('Istio'))).toEqual([]);
    await screenshot(page, 'istio-export-choices');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await open(page, '/service-network/fleet');
    await page.getByText(`${ISTIO}: Service. (read only)`).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'istio-fleet');
  });
});
