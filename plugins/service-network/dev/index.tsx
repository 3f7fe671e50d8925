import { CatalogClient } from '@backstage/catalog-client';
import { TabbedLayout } from '@backstage/core-components';
import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import CloudIcon from '@material-ui/icons/Cloud';
import {
  EntityServiceNetworkContent,
  ServiceNetworkFleetPage,
  serviceNetworkPlugin,
} from '../src';
import { ComponentsPage } from './ComponentsPage';
import { EntityPage } from './EntityPage';

// Runs against the real backend from the repo's app-config (backend.baseUrl),
// signed in as guest, so the pages show what the embedded default holds.
createDevApp()
  .registerPlugin(serviceNetworkPlugin)
  .registerApi(
    createApiFactory({
      api: catalogApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CatalogClient({ discoveryApi, fetchApi }),
    }),
  )
  .addPage({
    path: '/catalog',
    title: 'Components',
    element: <ComponentsPage />,
  })
  .addPage({
    path: '/catalog/:namespace/:kind/:name',
    element: (
      <EntityPage>
        <TabbedLayout.Route path="/service-network" title="Service Network">
          <EntityServiceNetworkContent />
        </TabbedLayout.Route>
      </EntityPage>
    ),
  })
  .addPage({
    path: '/service-network/fleet',
    title: 'Fleet',
    icon: CloudIcon,
    element: <ServiceNetworkFleetPage />,
  })
  .render();
