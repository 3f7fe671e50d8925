/*
 * Renders a component of this plugin in a test app, with a fake backend
 * client, a permission policy, a signed-in user and, for entity components,
 * the entity in context.
 */
import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityServiceNetworkStatus,
  ExportRequest,
  FleetOverview,
  RouteRequest,
  RouteRequestPlan,
} from '@service-network/backstage-plugin-service-network-common';
import { screen, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { ServiceNetworkApi, serviceNetworkApiRef } from '../api';
import { fleetRouteRef, requestsRouteRef } from '../routes';
import {
  DEVELOPER,
  exportResponse,
  routePlan,
  routeRequest,
  serviceExportObject,
} from './requests';
import { entityStatus, fleetOverview } from './status';

/**
 * User events without the pointer-events check, which reads the computed
 * style of every ancestor on each click and makes dialog tests crawl; the
 * components here never disable pointer events.
 */
export const user = userEvent.setup({
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

export const SERVICE_ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'service-1', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

export type FakeServiceNetworkApi = jest.Mocked<ServiceNetworkApi>;

/** What an export writes: a dry run plans every chosen cluster, a write applies it. */
function exportAnswer(request: ExportRequest) {
  const dryRun = request.dryRun ?? false;
  return exportResponse(
    (request.clusters ?? ['workload-1', 'workload-2']).map(cluster => ({
      cluster,
      outcome: dryRun ? ('planned' as const) : ('applied' as const),
      object: serviceExportObject(request.ports),
    })),
    { dryRun },
  );
}

/** Each method of `api` as a jest mock that runs it. */
function mocked<T extends object>(api: T): jest.Mocked<T> {
  return Object.fromEntries(
    Object.entries(api).map(([name, method]) => [name, jest.fn(method)]),
  ) as jest.Mocked<T>;
}

/**
 * A backend that answers with the given status, fleet, plan and requests,
 * by default the healthy fixtures; writes succeed.
 */
export function fakeApi(
  answers: {
    status?: EntityServiceNetworkStatus;
    fleet?: FleetOverview;
    plan?: RouteRequestPlan;
    requests?: RouteRequest[];
  } = {},
): FakeServiceNetworkApi {
  const decided = (state: RouteRequest['state']) => async (id: string) =>
    routeRequest({ id, state });
  return mocked<ServiceNetworkApi>({
    getEntityStatus: async () => answers.status ?? entityStatus(),
    getFleetOverview: async () => answers.fleet ?? fleetOverview(),
    exportService: async (_ref, request) => exportAnswer(request),
    unexportService: async (_ref, request) =>
      exportResponse(
        (request.clusters ?? []).map(cluster => ({
          cluster,
          outcome: 'deleted' as const,
        })),
      ),
    previewRouteRequest: async () => answers.plan ?? routePlan(),
    createRouteRequest: async () => routeRequest(),
    listRouteRequests: async () => answers.requests ?? [],
    approveRouteRequest: decided('applied'),
    rejectRouteRequest: decided('rejected'),
    cancelRouteRequest: decided('cancelled'),
    retryRouteRequest: decided('applied'),
  });
}

/** The ResponseError the client throws for an error answer of the backend. */
export function responseError(
  statusCode: number,
  message: string,
  extra: Record<string, unknown> = {},
): Promise<ResponseError> {
  const names: Record<number, string> = {
    404: 'NotFoundError',
    409: 'ConflictError',
  };
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: names[statusCode] ?? 'InputError', message, ...extra },
        response: { statusCode },
      }),
      { status: statusCode, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

/** A permission policy's answers, from which permission names it allows. */
export function authorizeBy(allow: (permissionName: string) => boolean) {
  return (request: { permission: { name: string } }) =>
    allow(request.permission.name)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
}

export interface RenderOptions {
  /** Which permissions the policy allows; all by default. */
  allow?: (permissionName: string) => boolean;
  /** The signed-in user; the developer by default. */
  user?: string;
}

/** Where a legacy app mounts the pages components link to. */
export const MOUNTED_ROUTES = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
  '/service-network/fleet': fleetRouteRef,
  '/service-network/requests': requestsRouteRef,
};

export function renderWithApi(
  element: ReactElement,
  api: ServiceNetworkApi,
  options: RenderOptions = {},
) {
  const allow = options.allow ?? (() => true);
  // usePermission caches answers app-wide; each render gets its own policy.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [serviceNetworkApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({ authorize: authorizeBy(allow) }),
          ],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: options.user ?? DEVELOPER }),
          ],
        ]}
      >
        <EntityProvider entity={SERVICE_ENTITY}>{element}</EntityProvider>
      </TestApiProvider>
    </SWRConfig>,
    { mountedRoutes: MOUNTED_ROUTES },
  );
}

/** Fails when `scope` offers a button named any of `names`. */
export function expectNoButtons(
  scope: Pick<typeof screen, 'queryByRole'>,
  names: string[],
) {
  for (const name of names) {
    expect(scope.queryByRole('button', { name })).not.toBeInTheDocument();
  }
}

/** Queries within the one table row that shows `text` exactly. */
export function rowWith(text: string) {
  const rows = screen
    .getAllByRole('row')
    .filter(row => within(row).queryAllByText(text).length > 0);
  if (rows.length !== 1) {
    throw new Error(
      `Expected one table row showing '${text}', found ${rows.length}`,
    );
  }
  return within(rows[0]);
}
