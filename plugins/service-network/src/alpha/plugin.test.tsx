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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { SWRConfig } from 'swr';
import { serviceNetworkApiRef } from '../api';
import { FakeServiceNetworkApi, fakeApi } from '../__testUtils__/render';
import { DEVELOPER } from '../__testUtils__/requests';
import {
  CATALOG,
  policyFor,
  Scenario,
  SCENARIOS,
} from '../__testUtils__/scenarios';
import serviceNetworkPlugin from '../alpha';

// usePermission caches answers app-wide; each app gets its own cache.
const ownSwrCache = createFrontendModule({
  pluginId: 'app',
  extensions: [
    AppRootWrapperBlueprint.make({
      name: 'test-swr-cache',
      params: {
        component: ({ children }) => (
          <SWRConfig value={{ provider: () => new Map() }}>
            {children}
          </SWRConfig>
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
    features: [catalogPlugin, serviceNetworkPlugin, ownSwrCache],
    apis: [
      [serviceNetworkApiRef, options.api],
      [catalogApiRef, catalogApiMock({ entities: CATALOG })],
      mockApis.permission({
        authorize: request =>
          allow(request.permission.name)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }),
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
