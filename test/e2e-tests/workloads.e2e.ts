/*
 * Workloads move the Lattice targets, and the service page follows: service-4's
 * Deployment in workload-2, its readiness probe made to fail and then scaled
 * to zero, as a user would with kubectl (annotate, scale), then put back.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, open, screenshot } from './browser';
import { mergePatchInCluster } from './stackApi';

const DEPLOYMENT = '/apis/apps/v1/namespaces/default/deployments/service-4';
const READINESS = 'fleet.service-network.io/readiness-probe';

describe('workloads on the service page', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  afterAll(async () => {
    // Leave service-4 as seeded for the other browser tests.
    await mergePatchInCluster('workload-2', DEPLOYMENT, { metadata: { annotations: { [READINESS]: null } } });
    await mergePatchInCluster('workload-2', `${DEPLOYMENT}/scale`, { spec: { replicas: 2 } });
    await browser.close();
  });

  const chip = (state: string) => page.getByText(`workload-2: ${state}`).first();

  it("shows a Deployment's pods turning unhealthy when their readiness probe fails, and healthy again", async () => {
    await open(page, '/catalog/default/component/service-4/service-network');
    await chip('healthy').waitFor({ timeout: 90_000 });
    const annotated = await mergePatchInCluster('workload-2', DEPLOYMENT, { metadata: { annotations: { [READINESS]: 'fail' } } });
    expect(annotated.status).toBe(200);
    await chip('unhealthy').waitFor({ timeout: 90_000 });
    await page.getByText(/2 of 2 targets|2 unhealthy/).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'service-4-readiness-failing');
    await mergePatchInCluster('workload-2', DEPLOYMENT, { metadata: { annotations: { [READINESS]: null } } });
    await chip('healthy').waitFor({ timeout: 90_000 });
  });

  it('shows no targets once the Deployment is scaled to zero, and healthy targets once it is scaled back', async () => {
    await open(page, '/catalog/default/component/service-4/service-network');
    const scaled = await mergePatchInCluster('workload-2', `${DEPLOYMENT}/scale`, { spec: { replicas: 0 } });
    expect(scaled).toMatchObject({ status: 200, body: { kind: 'Scale', spec: { replicas: 0 } } });
    await page.getByText('No targets registered').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'service-4-scaled-to-zero');
    await mergePatchInCluster('workload-2', `${DEPLOYMENT}/scale`, { spec: { replicas: 2 } });
    await chip('healthy').waitFor({ timeout: 90_000 });
    await screenshot(page, 'service-4-scaled-back');
  });
});
