/*
 * The Linkerd multicluster provider in a real browser, on the demo's
 * linked clusters (both workload clusters run it beside the others, each
 * with a gateway and a Link to the other): a healthy export mirrored in the
 * other cluster and called by the mirror's name, a cluster missing the
 * export label, a cluster missing the Service, a federated service, and an
 * export that sets only the label, then stopping, which removes only it.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';
import { eventually, getFromCluster } from './stackApi';

const SERVICE = (name: string) => `/api/v1/namespaces/default/services/${name}`;
const LINKERD = 'Linkerd multicluster (service mirror)';
const EXPORTED = 'mirror.linkerd.io/exported';

describe('the Linkerd multicluster provider', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { user: 'developer' });
  });
  afterAll(() => browser.close());

  it('shows an export mirrored in the linked cluster, called by the name of its mirror there', async () => {
    await open(page, '/catalog/default/component/checkout/service-network');
    await page.getByText('workload-1: healthy').first().waitFor({ timeout: 60_000 });
    await page.getByText('workload-2: healthy').first().waitFor();
    await page.getByText(`${LINKERD}: Service v1`).first().waitFor();
    await page.getByText(/call checkout-workload-1\.default\.svc\.cluster\.local/).first().waitFor();
    await page.getByText(/workload-2: checkout-workload-1, gateway 1\/1 ready/).first().waitFor();
    await screenshot(page, 'linkerd-checkout-tab');

    const mirror = (await getFromCluster('workload-2', SERVICE('checkout-workload-1'))).body;
    expect(mirror.metadata.labels).toMatchObject({
      'mirror.linkerd.io/mirrored-service': 'true',
      'mirror.linkerd.io/cluster-name': 'workload-1',
    });
  });

  it("counts each cluster's Linkerd exports on the fleet page", async () => {
    await open(page, '/service-network/fleet');
    // checkout, wallet, comments and listings in workload-1; checkout and listings in workload-2.
    await page.getByText('4 Linkerd exports').first().waitFor({ timeout: 60_000 });
    await page.getByText('2 Linkerd exports').first().waitFor();
    await screenshot(page, 'linkerd-fleet');
  });

  it('names the cluster without the label, the one without the Service, and calls a federated service by <svc>-federated', async () => {
    await open(page, '/catalog/default/component/wallet/service-network');
    await page.getByText('Runs here but is not exported').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'linkerd-wallet-label-missing');

    await open(page, '/catalog/default/component/comments/service-network');
    await page.getByText('Exported elsewhere, no Service in this cluster').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'linkerd-comments-missing');

    await open(page, '/catalog/default/component/listings/service-network');
    await page.getByText(/call listings-federated\.default\.svc\.cluster\.local/).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'linkerd-listings-federated');
  });

  it('exports by setting only the label, follows it until mirrored, and stopping removes only that label', async () => {
    const before = (await getFromCluster('workload-2', SERVICE('wallet'))).body;
    expect(before.metadata.labels?.[EXPORTED]).toBeUndefined();
    await open(page, '/catalog/default/component/wallet/service-network');
    await page.getByText('Runs here but is not exported').first().waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Export service' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Export with').click();
    await page.getByRole('option', { name: LINKERD }).click();
    await dialog.getByText(/Sets only the label mirror\.linkerd\.io\/exported/).waitFor();
    // workload-1 carries the seed's label already.
    await dialog.getByLabel(/workload-1/).uncheck();
    await dialog.getByText(`${EXPORTED}: "true"`).first().waitFor();
    await screenshot(page, 'linkerd-export-dialog');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();

    const labelled = await eventually('the label in workload-2', async () => {
      const service = (await getFromCluster('workload-2', SERVICE('wallet'))).body;
      return service.metadata.labels?.[EXPORTED] === 'true' ? service : undefined;
    });
    // Nothing else of the Service changed.
    expect(labelled.spec).toEqual(before.spec);
    expect(labelled.metadata.annotations).toEqual(before.metadata.annotations);
    await eventually('the mirror in workload-1', async () =>
      (await getFromCluster('workload-1', SERVICE('wallet-workload-2'))).status === 200 || undefined,
    );
    await page.getByText(`Live through the provider (${LINKERD})`).first().waitFor({ timeout: 30_000 });
    await page.getByText('workload-2: healthy').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'linkerd-export-live');

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Stop exporting' }).first().click();
    const stop = page.getByRole('dialog');
    await stop.getByText(/Removes the mirror\.linkerd\.io\/exported label Service Network set/).waitFor();
    // Only workload-2's label is ours; workload-1's was set by the seed.
    await stop.getByLabel(/workload-1/).uncheck();
    await screenshot(page, 'linkerd-stop-dialog');
    await stop.getByRole('button', { name: /Stop exporting from 1 cluster/ }).click();
    const unlabelled = await eventually('the label gone from workload-2', async () => {
      const service = (await getFromCluster('workload-2', SERVICE('wallet'))).body;
      return service.metadata.labels?.[EXPORTED] === undefined ? service : undefined;
    });
    expect(unlabelled.metadata.labels).toEqual(before.metadata.labels);
    await page.getByText('Runs here but is not exported').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'linkerd-stopped');
  });
});
