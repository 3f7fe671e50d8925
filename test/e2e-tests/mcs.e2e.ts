/*
 * The MCS provider in a real browser, on the demo's clusterset (both
 * workload clusters run Submariner Lighthouse beside the AWS controller):
 * a healthy service, a port conflict the oldest export wins, an export
 * without its Service, and an export through MCS from the service page.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';
import { eventually, getFromCluster } from './stackApi';

const MCS_EXPORT = (name: string) =>
  `/apis/multicluster.x-k8s.io/v1beta1/namespaces/default/serviceexports/${name}`;
const LIGHTHOUSE = 'MCS API (Submariner Lighthouse)';

describe('the MCS provider', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, { user: 'developer' });
  });
  afterAll(() => browser.close());

  it('shows a healthy clusterset service with its provider, kind, name to call and ServiceImport', async () => {
    await open(page, '/catalog/default/component/cart/service-network');
    await page
      .getByText('workload-1: healthy')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByText('workload-2: healthy').first().waitFor();
    await page
      .getByText(
        new RegExp(
          `${LIGHTHOUSE.replace(
            /[()]/g,
            '\\$&',
          )}: ServiceExport multicluster\\.x-k8s\\.io/v1beta1`,
        ),
      )
      .first()
      .waitFor();
    await page
      .getByText(/call cart\.default\.svc\.clusterset\.local/)
      .first()
      .waitFor();
    await page
      .getByText('served from workload-1, workload-2')
      .first()
      .waitFor();
    await screenshot(page, 'mcs-cart-tab');
  });

  it('says which cluster wins a port conflict, and why', async () => {
    await open(page, '/catalog/default/component/ledger/service-network');
    await page
      .getByText('workload-2: degraded')
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .getByText('MCS API export conflicts with other clusters')
      .first()
      .waitFor();
    await page
      .getByText(
        /the clusterset uses 80\/TCP from cluster workload-1, whose ServiceExport is the oldest/,
      )
      .first()
      .waitFor();
    await screenshot(page, 'mcs-ledger-conflict');
  });

  it('explains an export without its Service', async () => {
    await open(page, '/catalog/default/component/search/service-network');
    await page
      .getByText('workload-2: failed')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByText('MCS API export is not valid').first().waitFor();
    await page
      .getByText(/Create the Service with the same name and namespace/)
      .first()
      .waitFor();
    await screenshot(page, 'mcs-search-no-service');
  });

  it('exports through MCS from the service page and follows it until it is ready', async () => {
    expect(
      (await getFromCluster('workload-2', MCS_EXPORT('inventory'))).status,
    ).toBe(404);
    await open(page, '/catalog/default/component/inventory/service-network');
    await page
      .getByText('Runs here but is not exported to the clusterset')
      .first()
      .waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Export service' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Export with').click();
    await page.getByRole('option', { name: LIGHTHOUSE }).click();
    // The dry run shows the plain upstream ServiceExport, in the version the cluster serves.
    await dialog
      .getByText('apiVersion: multicluster.x-k8s.io/v1beta1')
      .first()
      .waitFor();
    await screenshot(page, 'mcs-export-dialog');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();

    const exported = await eventually(
      'the MCS ServiceExport in workload-2',
      async () => {
        const response = await getFromCluster(
          'workload-2',
          MCS_EXPORT('inventory'),
        );
        return response.status === 200 ? response.body : undefined;
      },
    );
    // Exactly the plain export: MCS exports every port, so there is nothing more to say.
    expect(exported.spec).toBeUndefined();
    expect(exported.metadata.annotations).toBeUndefined();
    await page
      .getByText('workload-2: healthy')
      .first()
      .waitFor({ timeout: 90_000 });
    await screenshot(page, 'mcs-export-live');
  });
});
