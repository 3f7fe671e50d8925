/*
 * What an adopter checks in the fresh app, in Debian's Chromium: guest
 * sign-in, the Service Network tab of the new frontend system with a Lattice
 * DNS name, an export, the Fleet and Route requests pages; and, with a broken
 * config, the tab's "not configured".
 */
const fs = require('node:fs');
const path = require('node:path');
// The browser tests' Chromium (TypeScript: the script runs under Backstage's node transform).
const { launchBrowser, SCREENSHOTS } = require('../../test/e2e-tests/browser');

const LONG = { timeout: 90_000 };

async function withPage(app, fn) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1800 } });
  const shots = [];
  const shoot = async name => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `fresh-app-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };
  try {
    await page.goto(app);
    // create-app's sign-in page: the guest provider's card.
    await page.getByRole('button', { name: 'Enter' }).click(LONG);
    // The new system's sidebar <nav> has no box of its own (its drawer is fixed): wait for our entry in it.
    await serviceNetworkNavItem(page).waitFor(LONG);
    await fn(page, shoot);
  } catch (error) {
    await shoot('failure').catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
  }
  return shots;
}

function serviceNetworkNavItem(page) {
  return page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Service Network' });
}

/** The working app: tab, DNS name, export, fleet, requests. */
function checkWorkingApp(app) {
  return withPage(app, async (page, shoot) => {
    await page.goto(`${app}/catalog/default/component/service-1/service-network`);
    await page.getByText(/^httproute-1-default-.*\.vpc-lattice-svcs\.us-west-2\.on\.aws$/).first().waitFor(LONG);
    await page.getByRole('heading', { name: 'Workload clusters', level: 2 }).waitFor();
    await shoot('tab');

    await page.goto(`${app}/catalog/default/component/service-5/service-network`);
    await page.getByText('workload-1: not exported').first().waitFor(LONG);
    await page.getByRole('button', { name: 'Export service' }).first().click(LONG);
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/application-networking\.k8s\.aws\/federation: amazon-vpc-lattice/).first().waitFor(LONG);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('workload-1: healthy').first().waitFor(LONG);
    await page.getByText('workload-2: healthy').first().waitFor(LONG);
    await shoot('export');

    await serviceNetworkNavItem(page).click();
    await page.getByRole('heading', { name: 'Clusters', level: 2 }).waitFor(LONG);
    await shoot('fleet');
    await page.getByRole('tab', { name: 'Route requests' }).click();
    await page.getByText('My requests').waitFor(LONG);
    await page.getByText(/^Updated /).waitFor(LONG);
    await shoot('requests');
  });
}

/** The app whose serviceNetwork section is wrong: the tab says so instead of failing. */
function checkNotConfigured(app) {
  return withPage(app, async (page, shoot) => {
    await page.goto(`${app}/catalog/default/component/service-1/service-network`);
    await page.getByText(/not configured/i).first().waitFor(LONG);
    await shoot('not-configured');
  });
}

module.exports = { checkWorkingApp, checkNotConfigured };
