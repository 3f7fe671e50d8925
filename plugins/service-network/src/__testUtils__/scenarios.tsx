/*
 * What an app that installs the plugin shows, as scenarios that both
 * frontend systems run (src/plugin.test.tsx for the legacy exports in a
 * legacy app, src/alpha/plugin.test.tsx for the plugin in a new-system app),
 * each in an app with the catalog's real entity page, at the same URL.
 */
/* eslint-disable jest/no-standalone-expect -- each `shows` is the body of a test in those files */
import { Entity } from '@backstage/catalog-model';
import { serviceNetworkRouteRequestApprovePermission } from '@service-network/backstage-plugin-service-network-common';
import { screen, waitFor, within } from '@testing-library/react';
import {
  FakeServiceNetworkApi,
  fakeApi,
  responseError,
  rowWith,
  user,
} from './render';
import { DEVELOPER, PLATFORM_ADMIN, routeRequest } from './requests';
import { entityStatus, finding, workloadCluster } from './status';

export const SERVICE_1: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'service-1', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/** A website with no Kubernetes Service annotation: nothing to map. */
export const WEBSITE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'docs-site', namespace: 'default' },
  spec: { type: 'website', owner: 'team-a', lifecycle: 'production' },
};

/** The entities in the catalog of every scenario's app. */
export const CATALOG = [SERVICE_1, WEBSITE];

export const OVERVIEW = '/catalog/default/component/service-1';
export const TAB = '/catalog/default/component/service-1/service-network';
export const FLEET = '/service-network/fleet';
export const REQUESTS = '/service-network/requests';

/** The permission policy of every scenario: the platform team approves, everyone may do the rest. */
export function policyFor(signedIn: string) {
  return (permissionName: string) =>
    permissionName !== serviceNetworkRouteRequestApprovePermission.name ||
    signedIn === PLATFORM_ADMIN;
}

export interface Scenario {
  title: string;
  /** Where the app is opened. */
  path: string;
  /** The signed-in user; the developer by default. */
  user?: string;
  /** The backend; the healthy fixtures by default. */
  backend?: () => Promise<FakeServiceNetworkApi> | FakeServiceNetworkApi;
  /** What the user sees, checked on the rendered app; rejects when they do not. */
  shows: (api: FakeServiceNetworkApi) => Promise<void>;
}

/** The first answer comes after the app, the entity and lazy extensions load: on a loaded 2-core machine, over 20 s. */
export const APP_LOAD = { timeout: 45_000 };

/** What the backend answers without a serviceNetwork section (ServiceUnavailableError, the problems listed). */
const CONFIG_PROBLEM =
  'serviceNetwork is missing from app-config: add the section with the clusters and the VPC Lattice account (see the README)';

async function notConfigured(
  method: 'getEntityStatus' | 'getFleetOverview' | 'listRouteRequests',
): Promise<FakeServiceNetworkApi> {
  const api = fakeApi();
  const error = await responseError(
    503,
    `Service Network is not configured: ${CONFIG_PROBLEM}`,
    { name: 'ServiceUnavailableError', problems: [CONFIG_PROBLEM] },
  );
  api[method].mockRejectedValue(error);
  return api;
}

function expectNoErrorPanel() {
  expect(screen.queryByText(/^Could not load/)).not.toBeInTheDocument();
  expect(screen.queryByText(/503/)).not.toBeInTheDocument();
}

async function expectNotConfigured() {
  expect(
    await screen.findByRole(
      'heading',
      { name: 'Service Network is not configured' },
      APP_LOAD,
    ),
  ).toBeInTheDocument();
  expect(screen.getByText(/serviceNetwork\.lattice\.region/)).toBeVisible();
  const said = within(
    screen.getByRole('list', { name: 'What the backend says is wrong' }),
  );
  expect(said.getAllByRole('listitem').map(item => item.textContent)).toEqual([
    CONFIG_PROBLEM,
  ]);
  expectNoErrorPanel();
}

/**
 * The hrefs of the entity page's tabs named `name`: tabs in the legacy
 * layout, links in the new one (whose navigation also names our page).
 */
function entityTabHrefs(name: string): string[] {
  return [...screen.queryAllByRole('tab'), ...screen.queryAllByRole('link')]
    .filter(element => element.textContent === name)
    .map(element => element.closest('a')?.getAttribute('href') ?? '')
    .filter(href => href.startsWith('/catalog/'));
}

/** Waits until the entity page shows its tabs and the catalog's About card. */
async function entityPageLoaded(overview: string) {
  await waitFor(
    () => expect(entityTabHrefs('Overview')).toEqual([overview]),
    APP_LOAD,
  );
  await screen.findByRole('heading', { name: 'About' }, APP_LOAD);
}

function expectLink(name: string | RegExp, href: string) {
  const links = screen
    .getAllByRole('link', { name })
    .map(link => link.getAttribute('href'));
  expect(links).toContain(href);
}

const NO_CONFIG_CLUSTER =
  'Route requests are not available: the serviceNetwork section of app-config needs a cluster with the role "config"';

const DNS_NAME =
  'httproute-1-default-0a1b2c3d4e.7d67968.vpc-lattice-svcs.us-west-2.on.aws';

export const SCENARIOS: Scenario[] = [
  {
    title: "the tab shows the route's Lattice DNS name and the findings",
    path: TAB,
    backend: () => {
      const status = entityStatus({
        findings: [
          finding('warning', 'Target group registration is throttled', {
            cluster: 'workload-2',
          }),
        ],
      });
      status.routes[0].dns.assigned = DNS_NAME;
      return fakeApi({ status });
    },
    shows: async api => {
      expect(
        await screen.findByRole(
          'heading',
          { name: 'Workload clusters', level: 2 },
          APP_LOAD,
        ),
      ).toBeInTheDocument();
      expect(screen.getAllByText(DNS_NAME).length).toBeGreaterThan(0);
      expect(
        screen.getByText('Target group registration is throttled'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'What to do about Target group registration is throttled.',
        ),
      ).toBeInTheDocument();
      expect(api.getEntityStatus).toHaveBeenCalledWith({
        kind: 'Component',
        namespace: 'default',
        name: 'service-1',
      });
    },
  },
  {
    title:
      "the tab links each route request's requester and decider to the catalog, and the requests page through the app's routes",
    path: TAB,
    backend: () =>
      fakeApi({
        requests: [
          routeRequest({
            state: 'rejected',
            decidedBy: PLATFORM_ADMIN,
            decisionComment: 'Use gateway-2',
          }),
        ],
      }),
    shows: async () => {
      await screen.findByText('Use gateway-2', { exact: false }, APP_LOAD);
      expectLink(/developer/, '/catalog/default/user/developer');
      expectLink(/platform-admin/, '/catalog/default/user/platform-admin');
      expectLink('route requests page', REQUESTS);
    },
  },
  {
    title:
      'the card on the overview shows the DNS name and every cluster, and links to the tab',
    path: OVERVIEW,
    backend: () => {
      const status = entityStatus({
        clusters: [
          workloadCluster('workload-1'),
          workloadCluster('workload-2'),
        ],
      });
      status.routes[0].dns.assigned = DNS_NAME;
      return fakeApi({ status });
    },
    shows: async () => {
      expect(
        await screen.findByText(DNS_NAME, undefined, APP_LOAD),
      ).toBeInTheDocument();
      for (const cluster of ['workload-1', 'workload-2']) {
        expect(
          screen.getByRole('listitem', {
            name: `${cluster}: healthy: All 2 targets are healthy.`,
          }),
        ).toBeInTheDocument();
      }
      expectLink(/Findings, topology and routes/, TAB);
    },
  },
  {
    title:
      'an entity that maps to no Service gets neither the tab nor the card',
    path: '/catalog/default/component/docs-site',
    shows: async api => {
      await entityPageLoaded('/catalog/default/component/docs-site');
      expect(entityTabHrefs('Service Network')).toEqual([]);
      expect(
        screen.queryByRole('button', { name: 'Request route' }),
      ).not.toBeInTheDocument();
      expect(api.getEntityStatus).not.toHaveBeenCalled();
    },
  },
  {
    title: 'the entity page of a service has the tab and the card',
    path: OVERVIEW,
    shows: async () => {
      await entityPageLoaded(OVERVIEW);
      expect(entityTabHrefs('Service Network')).toEqual([TAB]);
      expect(
        await screen.findByRole('button', { name: 'Request route' }, APP_LOAD),
      ).toBeInTheDocument();
    },
  },
  {
    title:
      'the tab says Service Network is not configured, and what to set, when the backend answers 503',
    path: TAB,
    backend: () => notConfigured('getEntityStatus'),
    shows: expectNotConfigured,
  },
  {
    title:
      'the card says Service Network is not configured when the backend answers 503',
    path: OVERVIEW,
    backend: () => notConfigured('getEntityStatus'),
    shows: async () => {
      await expectNotConfigured();
      expect(
        screen.queryByRole('button', { name: 'Export service' }),
      ).not.toBeInTheDocument();
    },
  },
  {
    title: 'the fleet page shows every cluster and the service networks',
    path: FLEET,
    shows: async () => {
      await screen.findByRole(
        'heading',
        { name: 'Clusters', level: 2 },
        APP_LOAD,
      );
      expect(
        rowWith('config').getByText(
          'config cluster: Gateways, routes, ServiceImports',
        ),
      ).toBeInTheDocument();
      expect(
        rowWith('workload-1').getByText('3 federated'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('heading', { name: 'Service networks', level: 2 }),
      ).toBeInTheDocument();
    },
  },
  {
    title:
      'the fleet page says Service Network is not configured when the backend answers 503',
    path: FLEET,
    backend: () => notConfigured('getFleetOverview'),
    shows: expectNotConfigured,
  },
  {
    title:
      'the requests page shows the platform team each request, its entity, requester and decider linked to the catalog',
    path: REQUESTS,
    user: PLATFORM_ADMIN,
    backend: () =>
      fakeApi({
        requests: [
          routeRequest(),
          routeRequest({
            id: '22222222-2222-4222-8222-222222222222',
            state: 'rejected',
            route: {
              kind: 'HTTPRoute',
              namespace: 'default',
              name: 'service-1-canary',
            },
            decidedBy: PLATFORM_ADMIN,
            decisionComment: 'Use gateway-2',
          }),
        ],
      }),
    shows: async () => {
      expect(
        await screen.findByText('All requests', undefined, APP_LOAD),
      ).toBeInTheDocument();
      const pending = within(
        screen.getByRole('region', {
          name: 'Request for HTTPRoute default/service-1',
        }),
      );
      expect(pending.getByRole('button', { name: 'Approve' })).toBeVisible();
      expect(
        pending
          .getAllByRole('link', { name: /service-1/ })
          .map(link => link.getAttribute('href')),
      ).toContain(OVERVIEW);
      expect(
        pending
          .getAllByRole('link', { name: /developer/ })
          .map(link => link.getAttribute('href')),
      ).toContain('/catalog/default/user/developer');
      // A decided request is folded; the approver shows when it is opened.
      await user.click(screen.getByText('HTTPRoute default/service-1-canary'));
      const decided = within(
        screen.getByRole('region', {
          name: 'Request for HTTPRoute default/service-1-canary',
        }),
      );
      expect(
        (
          await decided.findAllByRole(
            'link',
            { name: /platform-admin/ },
            APP_LOAD,
          )
        ).map(link => link.getAttribute('href')),
      ).toContain('/catalog/default/user/platform-admin');
    },
  },
  {
    title: 'the requests page shows others only their own requests',
    path: REQUESTS,
    user: DEVELOPER,
    backend: () => fakeApi({ requests: [routeRequest()] }),
    shows: async api => {
      await waitFor(
        () =>
          expect(api.listRouteRequests).toHaveBeenCalledWith({ mine: true }),
        APP_LOAD,
      );
      expect(
        await screen.findByText('My requests', undefined, APP_LOAD),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Approve' }),
      ).not.toBeInTheDocument();
    },
  },
  {
    title:
      'the requests page says Service Network is not configured when the backend answers 503',
    path: REQUESTS,
    user: PLATFORM_ADMIN,
    backend: () => notConfigured('listRouteRequests'),
    shows: expectNotConfigured,
  },
  {
    title:
      'the requests page says route requests are not available, and why, when the backend has no config cluster',
    path: REQUESTS,
    user: PLATFORM_ADMIN,
    backend: async () => {
      const api = fakeApi();
      api.listRouteRequests.mockRejectedValue(
        await responseError(503, NO_CONFIG_CLUSTER, {
          name: 'ServiceUnavailableError',
        }),
      );
      return api;
    },
    shows: async () => {
      expect(
        await screen.findByRole(
          'heading',
          { name: 'Service Network is not available' },
          APP_LOAD,
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(NO_CONFIG_CLUSTER)).toBeVisible();
      expect(
        screen.getByText('This page asks again every 10 s.'),
      ).toBeVisible();
      expectNoErrorPanel();
    },
  },
];
