/*
 * The new frontend system: the plugin as an app installs it, beside the
 * catalog plugin, running the scenarios the legacy system runs too; then
 * what the new system adds: configuration and disabling in app-config.
 */
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { AppRootWrapperBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { JsonObject } from '@backstage/types';
import { screen, waitFor } from '@testing-library/react';
import { SWRConfig } from 'swr';
import { serviceNetworkApiRef } from '../api';
import {
  authorizeBy,
  FakeServiceNetworkApi,
  fakeApi,
} from '../__testUtils__/render';
import { DEVELOPER } from '../__testUtils__/requests';
import {
  APP_LOAD as LOAD,
  CATALOG,
  OVERVIEW,
  policyFor,
  REQUESTS,
  Scenario,
  SCENARIOS,
  TAB,
} from '../__testUtils__/scenarios';
import { OwnStyleSheets } from '../__testUtils__/styleSheets';
import serviceNetworkPlugin from '../alpha';

// Each test starts a whole app (the catalog's entity page, lazy extensions).
jest.setTimeout(90_000);

// usePermission caches answers app-wide; each app gets its own cache, and its own style sheets.
const ownCaches = createFrontendModule({
  pluginId: 'app',
  extensions: [
    AppRootWrapperBlueprint.make({
      name: 'test-own-caches',
      params: {
        component: ({ children }) => (
          <OwnStyleSheets>
            <SWRConfig value={{ provider: () => new Map() }}>
              {children}
            </SWRConfig>
          </OwnStyleSheets>
        ),
      },
    }),
  ],
});

function renderNewApp(options: {
  path: string;
  api: FakeServiceNetworkApi;
  user?: string;
  config?: JsonObject;
}) {
  const user = options.user ?? DEVELOPER;
  const allow = policyFor(user);
  return renderTestApp({
    features: [catalogPlugin, serviceNetworkPlugin, ownCaches],
    apis: [
      [serviceNetworkApiRef, options.api],
      [catalogApiRef, catalogApiMock({ entities: CATALOG })],
      mockApis.permission({ authorize: authorizeBy(allow) }),
      mockApis.identity({ userEntityRef: user }),
    ],
    config: options.config,
    initialRouteEntries: [options.path],
  });
}

describe('the new frontend system', () => {
  it.each(SCENARIOS.map(scenario => [scenario.title, scenario] as const))(
    '%s',
    async (_title, scenario: Scenario) => {
      const api = await (scenario.backend?.() ?? fakeApi());
      renderNewApp({ path: scenario.path, api, user: scenario.user });
      await expect(scenario.shows(api)).resolves.toBeUndefined();
    },
  );
});

/** The app-config of an app that configures our extensions. */
function withExtensions(...extensions: JsonObject[]): JsonObject {
  return { app: { extensions } };
}

/** Where the links named `name` lead. */
function hrefsOf(name: string | RegExp): (string | null)[] {
  return screen
    .queryAllByRole('link', { name })
    .map(link => link.getAttribute('href'));
}

describe('the new frontend system, configured in app-config', () => {
  it('puts the tab at the configured path and title, and the card links there', async () => {
    renderNewApp({
      path: OVERVIEW,
      api: fakeApi(),
      config: withExtensions({
        'entity-content:service-network': {
          config: { path: '/networking', title: 'Networking' },
        },
      }),
    });

    const moved = `${OVERVIEW}/networking`;
    await waitFor(
      () => expect(hrefsOf('Findings, topology and routes')).toEqual([moved]),
      LOAD,
    );
    expect(hrefsOf('Networking')).toEqual([moved]);
    expect(hrefsOf('Service Network')).toEqual(['/service-network']);
  });

  it("mounts the page at the configured path, in the navigation and in the tab's links", async () => {
    renderNewApp({
      path: TAB,
      api: fakeApi(),
      config: withExtensions(
        { 'page:service-network': { config: { path: '/mesh' } } },
        {
          'sub-page:service-network/requests': {
            config: { title: 'Approvals' },
          },
        },
      ),
    });

    await waitFor(
      () => expect(hrefsOf('route requests page')).toEqual(['/mesh/requests']),
      LOAD,
    );
    expect(hrefsOf('Service Network')).toContain('/mesh');
  });

  it('names the sub-pages as configured, as tabs of the page', async () => {
    renderNewApp({
      path: REQUESTS,
      api: fakeApi(),
      config: withExtensions({
        'sub-page:service-network/requests': {
          config: { title: 'Approvals' },
        },
      }),
    });

    expect(
      await screen.findByText('My requests', undefined, LOAD),
    ).toBeVisible();
    const tab = (name: string) => screen.getByRole('tab', { name });
    expect(tab('Approvals')).toHaveAttribute('href', REQUESTS);
    expect(tab('Approvals')).toHaveAttribute('aria-selected', 'true');
    expect(tab('Fleet')).toHaveAttribute('href', '/service-network/fleet');
  });

  it("shows the card only where the configured filter matches, which replaces the plugin's own", async () => {
    const api = fakeApi();
    renderNewApp({
      path: OVERVIEW,
      api,
      config: withExtensions({
        'entity-card:service-network': {
          config: { filter: { 'metadata.tags': { $contains: 'networked' } } },
        },
      }),
    });

    await screen.findByRole('heading', { name: 'About' }, LOAD);
    // The tab keeps the plugin's filter; the untagged service has no card.
    expect(hrefsOf('Service Network')).toContain(TAB);
    expect(
      screen.queryByRole('button', { name: 'Request route' }),
    ).not.toBeInTheDocument();
    expect(api.getEntityStatus).not.toHaveBeenCalled();
  });

  it('leaves out what is disabled, and the links to it', async () => {
    renderNewApp({
      path: TAB,
      api: fakeApi(),
      config: withExtensions(
        { 'entity-card:service-network': false },
        { 'page:service-network': false },
      ),
    });

    await screen.findByRole(
      'heading',
      { name: 'Workload clusters', level: 2 },
      LOAD,
    );
    expect(hrefsOf('route requests page')).toEqual([]);
    expect(hrefsOf('Service Network')).toEqual([TAB]);
  });

  it('disables the tab', async () => {
    renderNewApp({
      path: OVERVIEW,
      api: fakeApi(),
      config: withExtensions({ 'entity-content:service-network': false }),
    });

    await screen.findByRole('heading', { name: 'About' }, LOAD);
    expect(hrefsOf('Service Network')).toEqual(['/service-network']);
    // The card stays, without a link to a tab that is not there.
    expect(
      await screen.findByRole('button', { name: 'Request route' }, LOAD),
    ).toBeVisible();
    expect(hrefsOf('Findings, topology and routes')).toEqual([]);
  });
});
