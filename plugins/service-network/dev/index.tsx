import { createApp } from '@backstage/app-defaults';
import { CatalogClient } from '@backstage/catalog-client';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  AlertDisplay,
  OAuthRequestDialog,
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarPage,
  SidebarSpace,
  SidebarSpacer,
  TabbedLayout,
} from '@backstage/core-components';
import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SidebarSignOutButton } from '@backstage/dev-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import CssBaseline from '@material-ui/core/CssBaseline';
import AssignmentIcon from '@material-ui/icons/Assignment';
import CloudIcon from '@material-ui/icons/Cloud';
import ListIcon from '@material-ui/icons/List';
import ReactDOM from 'react-dom/client';
import { Navigate, Route } from 'react-router-dom';
import {
  EntityServiceNetworkContent,
  ServiceNetworkFleetPage,
  ServiceNetworkRequestsPage,
  serviceNetworkPlugin,
} from '../src';
import { ComponentsPage } from './ComponentsPage';
import { DevSignInPage } from './DevSignInPage';
import { EntityPage, EntityTabs } from './EntityPage';

// The entity page is mounted on the catalog's entity route, as the catalog
// plugin's is in an app, so EntityRefLink and our tab's route resolve.
const devCatalogPlugin = createPlugin({ id: 'dev-catalog' });
const DevEntityPage = devCatalogPlugin.provide(
  createRoutableExtension({
    name: 'DevEntityPage',
    component: () => Promise.resolve(EntityPage),
    mountPoint: entityRouteRef,
  }),
);

// Runs against the real backend from the repo's app-config (backend.baseUrl),
// signed in as one of the demo users, so the pages show what the embedded
// default holds. Built with createApp rather than createDevApp, whose sign-in
// page cannot be replaced.
const app = createApp({
  apis: [
    createApiFactory({
      api: catalogApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CatalogClient({ discoveryApi, fetchApi }),
    }),
  ],
  plugins: [serviceNetworkPlugin],
  components: { SignInPage: DevSignInPage },
});

const App = app.createRoot(
  <>
    {/* The box model the Backstage layout expects (border-box). */}
    <CssBaseline />
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <SidebarPage>
        <Sidebar>
          <SidebarSpacer />
          <SidebarItem to="/catalog" text="Components" icon={ListIcon} />
          <SidebarItem
            to="/service-network/fleet"
            text="Fleet"
            icon={CloudIcon}
          />
          <SidebarItem
            to="/service-network/requests"
            text="Requests"
            icon={AssignmentIcon}
          />
          <SidebarSpace />
          <SidebarDivider />
          <SidebarSignOutButton />
        </Sidebar>
        <FlatRoutes>
          <Route path="/" element={<Navigate to="/catalog" />} />
          <Route path="/catalog" element={<ComponentsPage />} />
          <Route
            path="/catalog/:namespace/:kind/:name"
            element={<DevEntityPage />}
          >
            <EntityTabs>
              <TabbedLayout.Route
                path="/service-network"
                title="Service Network"
              >
                <EntityServiceNetworkContent />
              </TabbedLayout.Route>
            </EntityTabs>
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
      </SidebarPage>
    </AppRouter>
  </>,
);

const FRONTEND_CHOICE = 'service-network-dev-frontend';

/**
 * Which frontend system this browser tab runs: `?frontend=new` switches it
 * to the new one (the plugin's `./alpha` beside the catalog's), and
 * `?frontend=legacy` back; the legacy app by default.
 */
function usesNewFrontendSystem(): boolean {
  const asked = new URLSearchParams(window.location.search).get('frontend');
  if (asked === 'new' || asked === 'legacy') {
    sessionStorage.setItem(FRONTEND_CHOICE, asked);
  }
  return sessionStorage.getItem(FRONTEND_CHOICE) === 'new';
}

const root = ReactDOM.createRoot(document.getElementById('root')!);
if (usesNewFrontendSystem()) {
  import('./newFrontendSystem').then(m =>
    root.render(m.newFrontendSystemApp.createRoot()),
  );
} else {
  root.render(<App />);
}
