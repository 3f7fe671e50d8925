/*
 * The legacy frontend system: the plugin's exports in a legacy app wired as
 * an adopter's App.tsx and EntityPage.tsx do, with the catalog's real entity
 * page, running the scenarios the new system runs too.
 */
import { FlatRoutes } from '@backstage/core-app-api';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  DefaultEntityPresentationApi,
  EntityAboutCard,
  EntityLayout,
  EntitySwitch,
} from '@backstage/plugin-catalog';
import {
  catalogApiRef,
  entityPresentationApiRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Route } from 'react-router-dom';
import { SWRConfig } from 'swr';
import { authorizeBy, fakeApi } from './__testUtils__/render';
import { DEVELOPER } from './__testUtils__/requests';
import {
  CATALOG,
  policyFor,
  Scenario,
  SCENARIOS,
} from './__testUtils__/scenarios';
import { OwnStyleSheets } from './__testUtils__/styleSheets';
import {
  EntityServiceNetworkCard,
  EntityServiceNetworkContent,
  isServiceNetworkAvailable,
  serviceNetworkApiRef,
  ServiceNetworkFleetPage,
  ServiceNetworkRequestsPage,
} from '.';

// Each test starts a whole app (the catalog's entity page, lazy extensions).
jest.setTimeout(90_000);

/** The routes and entity page an adopter adds, as the README shows them. */
const appRoutes = (
  <FlatRoutes>
    <Route path="/catalog" element={<CatalogIndexPage />} />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      <EntityLayout>
        <EntityLayout.Route path="/" title="Overview">
          <>
            <EntityAboutCard />
            <EntitySwitch>
              <EntitySwitch.Case if={isServiceNetworkAvailable}>
                <EntityServiceNetworkCard />
              </EntitySwitch.Case>
            </EntitySwitch>
          </>
        </EntityLayout.Route>
        <EntityLayout.Route
          path="/service-network"
          title="Service Network"
          if={isServiceNetworkAvailable}
        >
          <EntityServiceNetworkContent />
        </EntityLayout.Route>
      </EntityLayout>
    </Route>
    <Route
      path="/service-network/fleet"
      element={<ServiceNetworkFleetPage />}
    />
    <Route
      path="/service-network/requests"
      element={<ServiceNetworkRequestsPage />}
    />
  </FlatRoutes>
);

async function renderLegacyApp(
  scenario: Scenario,
  api: ReturnType<typeof fakeApi>,
) {
  const user = scenario.user ?? DEVELOPER;
  const allow = policyFor(user);
  const catalogApi = catalogApiMock({ entities: CATALOG });
  // usePermission caches answers app-wide; each app gets its own cache, and its own style sheets.
  await renderInTestApp(
    <OwnStyleSheets>
      <SWRConfig value={{ provider: () => new Map() }}>
        <TestApiProvider
          apis={[
            [serviceNetworkApiRef, api],
            [catalogApiRef, catalogApi],
            [
              entityPresentationApiRef,
              DefaultEntityPresentationApi.create({ catalogApi }),
            ],
            [starredEntitiesApiRef, new MockStarredEntitiesApi()],
            [
              scmIntegrationsApiRef,
              ScmIntegrationsApi.fromConfig(mockApis.config()),
            ],
            [
              permissionApiRef,
              mockApis.permission({ authorize: authorizeBy(allow) }),
            ],
            [identityApiRef, mockApis.identity({ userEntityRef: user })],
          ]}
        >
          {appRoutes}
        </TestApiProvider>
      </SWRConfig>
    </OwnStyleSheets>,
    { routeEntries: [scenario.path] },
  );
}

describe('the legacy frontend system', () => {
  it.each(SCENARIOS.map(scenario => [scenario.title, scenario] as const))(
    '%s',
    async (_title, scenario) => {
      const api = await (scenario.backend?.() ?? fakeApi());
      await renderLegacyApp(scenario, api);
      await expect(scenario.shows(api)).resolves.toBeUndefined();
    },
  );
});
