/*
 * The Cilium Cluster Mesh provider in a real browser, on the demo's mesh
 * (both workload clusters run it beside the others): a healthy global
 * service with the endpoints Cilium synced across, a cluster missing the
 * annotation, a cluster missing the Service, and an export that sets only
 * the annotation, then stopping, which removes only it.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';
import { eventually, getFromCluster } from './stackApi';

const SERVICE = (name: string) => `/api/v1/namespaces/default/services/${name}`;
const CILIUM = 'Cilium Cluster Mesh (global service)';
const GLOBAL = 'service.cilium.io/global';

describe('the Cilium Cluster Mesh provider', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { user: 'developer' });
  });
  afterAll(() => browser.close());

  it('shows a global service shared by both clusters, called by its own name, with the endpoints Cilium synced across', async () => {
    await open(page, '/catalog/default/component/catalog/service-network');
    await page.getByText('workload-1: healthy').first().waitFor({ timeout: 60_000 });
    await page.getByText('workload-2: healthy').first().waitFor();
    await page.getByText(`${CILIUM}: Service v1`).first().waitFor();
    await page.getByText(/call catalog\.default\.svc\.cluster\.local/).first().waitFor();
    await page.getByText('served from workload-1, workload-2').first().waitFor();
    await screenshot(page, 'cilium-catalog-tab');

    const slices = await getFromCluster(
      'workload-1',
      '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=endpointslice.kubernetes.io%2Fmanaged-by%3Dendpointslice-mesh-controller.cilium.io',
    );
    const catalog = slices.body.items.filter(
      (slice: any) => slice.metadata.labels['kubernetes.io/service-name'] === 'catalog',
    );
    expect(catalog.map((slice: any) => slice.metadata.labels['multicluster.kubernetes.io/source-cluster'])).toEqual([
      'workload-2',
    ]);
    expect(catalog[0].endpoints.length).toBeGreaterThan(0);
  });

  it('names the cluster that runs the Service without the annotation, and the one without the Service', async () => {
    await open(page, '/catalog/default/component/payments/service-network');
    await page.getByText('workload-1: degraded').first().waitFor({ timeout: 60_000 });
    await page.getByText('Runs here but is not global').first().waitFor();
    await screenshot(page, 'cilium-payments-mismatch');

    await open(page, '/catalog/default/component/reviews/service-network');
    await page.getByText('Global in the mesh, but no Service in this cluster').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'cilium-reviews-missing');
  });

  it('exports by setting only the global annotation, follows it until live, and stopping removes only that annotation', async () => {
    const before = (await getFromCluster('workload-2', SERVICE('payments'))).body;
    expect(before.metadata.annotations?.[GLOBAL]).toBeUndefined();
    await open(page, '/catalog/default/component/payments/service-network');
    await page.getByText('Runs here but is not global').first().waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Export service' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Export with').click();
    await page.getByRole('option', { name: CILIUM }).click();
    await dialog.getByText(`${GLOBAL}: "true"`).first().waitFor();
    await dialog.getByText(/Sets only the annotation service\.cilium\.io\/global/).waitFor();
    await screenshot(page, 'cilium-export-dialog');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();

    const annotated = await eventually('the annotation in workload-2', async () => {
      const service = (await getFromCluster('workload-2', SERVICE('payments'))).body;
      return service.metadata.annotations?.[GLOBAL] === 'true' ? service : undefined;
    });
    // Nothing else of the Service changed.
    expect(annotated.spec).toEqual(before.spec);
    expect(annotated.metadata.labels).toEqual(before.metadata.labels);
    await page.getByText('workload-2: healthy').first().waitFor({ timeout: 90_000 });
    await page.getByText('workload-1: healthy').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'cilium-export-live');

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Stop exporting' }).first().click();
    const stop = page.getByRole('dialog');
    await stop.getByText(/Removes the service\.cilium\.io\/global annotation Service Network set/).waitFor();
    // Only workload-2's annotation is ours; workload-1's was set by the seed.
    await stop.getByLabel(/workload-1/).uncheck();
    await screenshot(page, 'cilium-stop-dialog');
    await stop.getByRole('button', { name: /Stop exporting from 1 cluster/ }).click();
    await eventually('the annotation gone from workload-2', async () => {
      const service = (await getFromCluster('workload-2', SERVICE('payments'))).body;
      return service.metadata.annotations?.[GLOBAL] === undefined ? service : undefined;
    });
    await page.getByText('workload-1: degraded').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'cilium-stopped');
  });
});
