/*
 * Builders of export and route request answers for tests, each a plausible
 * default changed only where a test needs it.
 */
import {
  ClusterWriteResult,
  ExportResponse,
  KubeObjectManifest,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestPlan,
  RouteRequestPlanDiff,
} from '@service-network/backstage-plugin-service-network-common';
import { NOW, SERVICE } from './status';

export const DEVELOPER = 'user:default/developer';
export const PLATFORM_ADMIN = 'user:default/platform-admin';

export function serviceExportObject(
  ports: Array<{ port: number; routeType: string }> = [
    { port: 80, routeType: 'HTTP' },
  ],
): KubeObjectManifest {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceExport',
    metadata: {
      name: SERVICE.name,
      namespace: SERVICE.namespace,
      annotations: {
        'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
      },
    },
    spec: { exportedPorts: ports },
  };
}

export function exportResponse(
  results: ClusterWriteResult[],
  overrides: Partial<ExportResponse> = {},
): ExportResponse {
  return {
    entityRef: 'component:default/service-1',
    service: SERVICE,
    dryRun: false,
    results,
    warnings: [],
    ...overrides,
  };
}

export function routePlan(
  overrides: Partial<RouteRequestPlan> = {},
): RouteRequestPlan {
  return {
    latticeServiceName: 'service-1-default',
    problems: [],
    objects: [
      {
        cluster: 'config',
        action: 'create',
        object: {
          apiVersion: 'application-networking.k8s.aws/v1alpha1',
          kind: 'ServiceImport',
          metadata: {
            name: 'service-1-workload-1',
            namespace: 'default',
            annotations: {
              'application-networking.k8s.aws/export-name': 'service-1',
              'application-networking.k8s.aws/aws-eks-cluster-name':
                'workload-1',
            },
          },
          spec: {
            type: 'ClusterSetIP',
            ports: [{ port: 80, protocol: 'TCP' }],
          },
        },
      },
      {
        cluster: 'config',
        action: 'update',
        object: {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          metadata: { name: 'service-1', namespace: 'default' },
          spec: { parentRefs: [{ name: 'gateway-1', sectionName: 'http' }] },
        },
        changes: [
          {
            path: 'spec.parentRefs',
            current: [{ name: 'gateway-2', sectionName: 'http' }],
            planned: [{ name: 'gateway-1', sectionName: 'http' }],
          },
        ],
      },
    ],
    ...overrides,
  };
}

export function planDiff(
  overrides: Partial<RouteRequestPlanDiff> = {},
): RouteRequestPlanDiff {
  return {
    fromVersion: 1,
    toVersion: 2,
    objects: [],
    problemsAdded: [],
    problemsRemoved: [],
    text: '~ ServiceImport default/service-1-workload-2\n-   weight: 50\n+   weight: 70',
    ...overrides,
  };
}

/** A request for an HTTP route to service-1, half of the traffic to each workload cluster. */
export function routeRequestCreate(
  overrides: Partial<RouteRequestCreate> = {},
): RouteRequestCreate {
  return {
    entityRef: 'component:default/service-1',
    kind: 'HTTP',
    gateway: { name: 'gateway-1', namespace: 'default' },
    listener: 'http',
    backends: [
      { cluster: 'workload-1', weight: 50 },
      { cluster: 'workload-2', weight: 50 },
    ],
    reason: 'The checkout team calls service-1 from workload-2.',
    ...overrides,
  } as RouteRequestCreate;
}

export function routeRequest(
  overrides: Partial<RouteRequest> = {},
): RouteRequest {
  const created = new Date(NOW.getTime() - 10 * 60_000).toISOString();
  return {
    id: '11111111-1111-4111-8111-111111111111',
    state: 'pending',
    entityRef: 'component:default/service-1',
    service: SERVICE,
    spec: { ...routeRequestCreate(), routeName: 'service-1' },
    route: { kind: 'HTTPRoute', namespace: 'default', name: 'service-1' },
    plan: routePlan(),
    planVersion: 1,
    requestedBy: DEVELOPER,
    createdAt: created,
    updatedAt: created,
    expiresAt: new Date(NOW.getTime() + 7 * 24 * 3600_000).toISOString(),
    attempts: 0,
    retryable: false,
    ...overrides,
  };
}
