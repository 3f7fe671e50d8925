/*
 * What a fresh create-app app does with `app.packages: all`: the installed
 * CLI's package detection finds the package's `./alpha` export from the app's
 * package.json, frontend-defaults' createApp loads what it found, and the
 * plugin's own API extension talks to the backend over HTTP. Nothing of the
 * plugin is wired by hand.
 */
import { mockApis } from '@backstage/frontend-test-utils';
import {
  createApp,
  discoverAvailableFeatures,
} from '@backstage/frontend-defaults';
import { render, screen, within } from '@testing-library/react';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { user } from '../__testUtils__/render';
import { fleetOverview } from '../__testUtils__/status';
import serviceNetworkPlugin from '../alpha';

// The test starts a whole app.
jest.setTimeout(90_000);

const PACKAGE = '@service-network/backstage-plugin-service-network';
const DETECTED_MODULE = '__backstage-autodetected-plugins__.js';
const DISCOVERED = '__@backstage/discovered__';

/** The package detection of the CLI this repository runs (an internal module of it). */
function cliPackageDetection(): {
  createDetectedModulesEntryPoint(options: {
    config: ReturnType<typeof mockApis.config>;
    targetPath: string;
  }): Promise<string[]>;
} {
  const cliDir = path.dirname(require.resolve('@backstage/cli/package.json'));
  return require(require.resolve(
    '@backstage/cli-module-build/dist/lib/bundler/packageDetection.cjs.js',
    { paths: [cliDir] },
  ));
}

/** An app package that depends on ours, installed as a package manager links it. */
async function createAppPackage(): Promise<string> {
  const appDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sn-discovery-'));
  await fs.writeFile(
    path.join(appDir, 'package.json'),
    JSON.stringify({
      name: 'app',
      backstage: { role: 'frontend' },
      dependencies: { [PACKAGE]: '*', react: '*' },
    }),
  );
  const scope = path.join(appDir, 'node_modules', '@service-network');
  await fs.mkdir(scope, { recursive: true });
  await fs.symlink(
    path.resolve(__dirname, '../..'),
    path.join(scope, 'backstage-plugin-service-network'),
  );
  return appDir;
}

/** A user token as the auth backend issues one (only its expiry is read here). */
const GUEST_TOKEN = [
  { alg: 'ES256' },
  { sub: 'user:default/guest', exp: Math.floor(Date.now() / 1000) + 3600 },
]
  .map(part => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat('signature')
  .join('.');

/** The guest sign-in a fresh app's backend answers, as the auth backend's guest provider does. */
const GUEST_SESSION = {
  profile: { displayName: 'Guest' },
  backstageIdentity: {
    token: GUEST_TOKEN,
    identity: {
      type: 'user',
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['user:default/guest'],
    },
  },
};

function answer(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('feature discovery in a new-frontend-system app', () => {
  let appDir: string;
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{ url?: string; authorization?: string }> = [];

  beforeAll(async () => {
    appDir = await createAppPackage();
    server = http.createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      if (req.url?.startsWith('/api/auth/guest/refresh')) {
        answer(res, 200, GUEST_SESSION);
      } else if (req.url === '/api/service-network/fleet') {
        answer(res, 200, fleetOverview());
      } else {
        answer(res, 404, {
          error: { name: 'NotFoundError', message: req.url },
        });
      }
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    delete (window as any)[DISCOVERED];
    await new Promise(resolve => server.close(resolve));
    await fs.rm(appDir, { recursive: true, force: true });
  });

  it('finds the ./alpha export, and the app shows the plugin without code', async () => {
    const config = mockApis.config({
      data: {
        app: {
          title: 'Fresh app',
          baseUrl: 'http://localhost',
          packages: 'all',
        },
        backend: { baseUrl },
      },
    });

    await cliPackageDetection().createDetectedModulesEntryPoint({
      config,
      targetPath: appDir,
    });
    const detected = path.join(appDir, 'node_modules', DETECTED_MODULE);
    expect(await fs.readFile(detected, 'utf8')).toContain(
      `{ name: "${PACKAGE}", export: "./alpha", default: require('${PACKAGE}/alpha').default }`,
    );

    // What the app's bundle runs: the detected module fills the global...
    require(detected);
    // ...and createApp takes the features from there.
    const { features } = discoverAvailableFeatures(config);
    expect(features).toEqual([serviceNetworkPlugin]);

    window.history.replaceState(null, '', '/service-network/fleet');
    const app = createApp({
      features,
      advanced: { configLoader: async () => ({ config }) },
    });
    render(app.createRoot());
    // The fresh app's sign-in page: the guest, as its backend offers.
    await user.click(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
    );

    expect(
      await screen.findByRole(
        'heading',
        { name: 'Clusters', level: 2 },
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    // The plugin's API extension called the backend as the signed-in user.
    expect(seen).toContainEqual({
      url: '/api/service-network/fleet',
      authorization: `Bearer ${GUEST_TOKEN}`,
    });
    // The page's navigation entry and its sub-pages as tabs.
    const nav = within(screen.getByRole('navigation', { name: 'sidebar nav' }));
    expect(nav.getByRole('link', { name: 'Service Network' })).toHaveAttribute(
      'href',
      '/service-network',
    );
    expect(screen.getByRole('tab', { name: 'Fleet' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByRole('tab', { name: 'Route requests' })).toHaveAttribute(
      'href',
      '/service-network/requests',
    );
  });
});
