/*
 * Builders of backend answers for tests: a healthy default for each piece,
 * changed only where a test needs it, so each test shows what it is about.
 */
import {
  EntityServiceNetworkStatus,
  FleetClusterOverview,
  FleetGatewayOverview,
  FleetListenerOverview,
  RouteKindName,
  FleetOverview,
  FleetServiceNetworkOverview,
  Finding,
  RouteStatus,
  ServiceImportStatus,
  SyncState,
  TargetGroupStatus,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';

/** When the test file loaded, so times shown as "5 min ago" read as such. */
export const NOW = new Date();

export function minutesAgo(minutes: number): string {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString();
}

export const SYNCED: SyncState = {
  state: 'synced',
  lastSuccess: NOW.toISOString(),
};

export const SERVICE = { namespace: 'default', name: 'service-1' };

export function targetGroup(
  cluster: string,
  overrides: Partial<TargetGroupStatus> = {},
): TargetGroupStatus {
  const id = `tg-${cluster}`;
  return {
    id,
    arn: `arn:aws:vpc-lattice:us-west-2:123456789012:targetgroup/${id}`,
    name: `k8s-default-service-1-${cluster}-http`,
    status: 'ACTIVE',
    port: 80,
    protocol: 'HTTP',
    protocolVersion: 'HTTP1',
    cluster,
    targets: {
      listed: true,
      total: 2,
      byStatus: { HEALTHY: 2 },
      reasons: [
        {
          status: 'HEALTHY',
          count: 2,
          meaning: 'The target passes its health checks and receives traffic.',
        },
      ],
      notHealthy: [],
    },
    ...overrides,
  };
}

/** The Service exported and healthy in `cluster`. */
export function workloadCluster(
  cluster: string,
  overrides: Partial<WorkloadClusterStatus> = {},
): WorkloadClusterStatus {
  const tg = targetGroup(cluster);
  return {
    cluster,
    exportApi: 'aws',
    providers: [
      {
        provider: 'aws-gateway-controller',
        title: 'AWS Gateway API Controller (VPC Lattice)',
        exportKind: {
          group: 'application-networking.k8s.aws',
          version: 'v1alpha1',
          kind: 'ServiceExport',
        },
        exported: true,
        state: 'healthy',
        stateReason: 'All 2 targets are healthy.',
        endpoints: { ready: 2, total: 2 },
      },
    ],
    sync: SYNCED,
    stale: false,
    state: 'healthy',
    stateReason: 'All 2 targets are healthy.',
    service: {
      type: 'ClusterIP',
      clusterIP: '172.20.1.10',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    },
    export: {
      name: SERVICE.name,
      apiVersion: 'application-networking.k8s.aws/v1alpha1',
      federated: true,
      pickedUp: true,
      deleting: false,
      serviceName: SERVICE.name,
      legacyMode: false,
      exportedPorts: [
        {
          port: 80,
          routeType: 'HTTP',
          onService: true,
          targetGroupIds: [tg.id],
        },
      ],
    },
    events: [],
    targetGroups: [tg],
    ...overrides,
  };
}

/** The Service exported in `cluster`, where one of its two targets fails its health check. */
export function degradedCluster(
  cluster: string,
  overrides: Partial<WorkloadClusterStatus> = {},
): WorkloadClusterStatus {
  return workloadCluster(cluster, {
    state: 'degraded',
    stateReason: '1 of 2 targets is unhealthy.',
    targetGroups: [
      targetGroup(cluster, {
        targets: {
          listed: true,
          total: 2,
          byStatus: { HEALTHY: 1, UNHEALTHY: 1 },
          reasons: [
            { status: 'HEALTHY', count: 1, meaning: 'Passes.' },
            {
              status: 'UNHEALTHY',
              reasonCode: 'Target.Timeout',
              count: 1,
              meaning: 'The health check timed out.',
            },
          ],
          notHealthy: [
            {
              id: '10.2.1.12',
              port: 8080,
              status: 'UNHEALTHY',
              reasonCode: 'Target.Timeout',
            },
          ],
        },
      }),
    ],
    ...overrides,
  });
}

/** The Service runs in `cluster` but has no ServiceExport there. */
export function notExportedCluster(cluster: string): WorkloadClusterStatus {
  return workloadCluster(cluster, {
    state: 'not-exported',
    stateReason: 'No ServiceExport default/service-1 in this cluster.',
    export: undefined,
    targetGroups: [],
  });
}

/** A ServiceImport in the config cluster pinned to `cluster`. */
export function serviceImport(
  name: string,
  cluster: string,
  overrides: Partial<ServiceImportStatus> = {},
): ServiceImportStatus {
  const tg = targetGroup(cluster);
  return {
    cluster: 'config',
    namespace: 'default',
    name,
    mode: 'export-name',
    exportName: SERVICE.name,
    pinnedCluster: cluster,
    type: 'ClusterSetIP',
    ports: [{ port: 80, protocol: 'TCP' }],
    pickedUp: true,
    resolution: 'resolved',
    candidates: [
      {
        targetGroupId: tg.id,
        arn: tg.arn,
        name: tg.name,
        cluster,
        port: 80,
        status: 'ACTIVE',
      },
    ],
    usedBy: [{ kind: 'HTTPRoute', namespace: 'default', name: 'httproute-1' }],
    ...overrides,
  };
}

/** An accepted HTTPRoute on gateway-1 spreading evenly over `backends` (import names). */
export function route(
  name: string,
  backends: string[],
  overrides: Partial<RouteStatus> = {},
): RouteStatus {
  const dnsName = `${name}-default-0a1b2c3d4e.7d67968.vpc-lattice-svcs.us-west-2.on.aws`;
  return {
    kind: 'HTTPRoute',
    namespace: 'default',
    name,
    cluster: 'config',
    state: 'accepted',
    hostnames: [],
    backends: backends.map(backend => ({
      ruleIndex: 0,
      kind: 'ServiceImport',
      namespace: 'default',
      name: backend,
      weight: 10,
      share: Math.round(100 / backends.length),
      reachesService: true,
    })),
    parents: [
      {
        gatewayNamespace: 'default',
        gatewayName: 'gateway-1',
        sectionName: 'http',
        serviceNetwork: 'gateway-1',
        gatewayFound: true,
        gatewayAccepted: {
          type: 'Accepted',
          status: 'True',
          reason: 'Accepted',
        },
        gatewayProgrammed: {
          type: 'Programmed',
          status: 'True',
          reason: 'Programmed',
        },
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
        conditions: [
          { type: 'Accepted', status: 'True', reason: 'Accepted' },
          { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs' },
        ],
        serviceNetworkInLattice: true,
        associationStatus: 'ACTIVE',
      },
    ],
    events: [],
    dns: { state: 'match', assigned: dnsName, lattice: dnsName },
    customDomain: { state: 'none' },
    latticeService: {
      id: `svc-${name}`,
      arn: `arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-${name}`,
      name: `${name}-default`,
      status: 'ACTIVE',
      dnsName,
    },
    ...overrides,
  };
}

export function finding(
  severity: Finding['severity'],
  title: string,
  overrides: Partial<Finding> = {},
): Finding {
  return {
    id: `test-${title.toLocaleLowerCase('en-US').replace(/\W+/g, '-')}`,
    severity,
    title,
    detail: `Detail of ${title}.`,
    action: `What to do about ${title}.`,
    ...overrides,
  };
}

/**
 * service-1, exported and healthy in workload-1 and workload-2, reached
 * through httproute-1 on gateway-1 with one ServiceImport per cluster.
 */
export function entityStatus(
  overrides: Partial<EntityServiceNetworkStatus> = {},
): EntityServiceNetworkStatus {
  return {
    entityRef: 'component:default/service-1',
    service: SERVICE,
    generatedAt: NOW.toISOString(),
    overall: 'healthy',
    summary: 'Exported and healthy in workload-1, workload-2 (healthy).',
    clusters: [workloadCluster('workload-1'), workloadCluster('workload-2')],
    conflicts: [],
    configCluster: { name: 'config', sync: SYNCED, stale: false },
    imports: [
      serviceImport('service-1-workload-1', 'workload-1'),
      serviceImport('service-1-workload-2', 'workload-2'),
    ],
    routes: [
      route('httproute-1', ['service-1-workload-1', 'service-1-workload-2']),
    ],
    lattice: { sync: SYNCED },
    findings: [],
    ...overrides,
  };
}

/** Not exported anywhere, although both workload clusters run the Service. */
export function notExportedStatus(): EntityServiceNetworkStatus {
  return entityStatus({
    overall: 'not-exported',
    summary: 'Not exported from any cluster.',
    clusters: [
      notExportedCluster('workload-1'),
      notExportedCluster('workload-2'),
    ],
    imports: [],
    routes: [],
    findings: [
      finding('info', 'Not exported', {
        id: 'not-exported',
        action: 'Use Export on this page.',
      }),
    ],
  });
}

export function fleetCluster(
  name: string,
  overrides: Partial<FleetClusterOverview> = {},
): FleetClusterOverview {
  return {
    name,
    role: 'workload',
    exportApi: 'aws',
    providers: [
      {
        id: 'aws-gateway-controller',
        title: 'AWS Gateway API Controller (VPC Lattice)',
        exportKind: 'ServiceExport.application-networking.k8s.aws',
      },
    ],
    sync: SYNCED,
    sources: [
      { source: 'services', ...SYNCED },
      { source: 'serviceexports', ...SYNCED },
    ],
    exports: { federated: 4, ignored: 0, mcs: 0 },
    imports: 0,
    routes: { total: 0, accepted: 0, notAccepted: 0, pending: 0 },
    ...overrides,
  };
}

const LISTENER_ROUTE_KINDS: Record<string, RouteKindName[]> = {
  HTTP: ['HTTPRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
};

/** A listener; HTTPS ones take gRPC and TLS ones (passthrough) TLSRoutes, as with the controller. */
export function fleetListener(
  name: string,
  protocol: string,
  port: number,
): FleetListenerOverview {
  return {
    name,
    protocol,
    port,
    ...(protocol === 'TLS' ? { tlsMode: 'Passthrough' } : {}),
    supportsGrpc: protocol === 'HTTPS',
    routeKinds: LISTENER_ROUTE_KINDS[protocol] ?? [],
  };
}

/** A programmed Gateway in the config cluster with an HTTP and an HTTPS listener. */
export function fleetGateway(
  name: string,
  overrides: Partial<FleetGatewayOverview> = {},
): FleetGatewayOverview {
  return {
    cluster: 'config',
    namespace: 'default',
    name,
    programmed: 'True',
    reason: 'Programmed',
    listeners: [
      fleetListener('http', 'HTTP', 80),
      fleetListener('https', 'HTTPS', 443),
      fleetListener('tls', 'TLS', 8443),
    ],
    ...overrides,
  };
}

export function fleetServiceNetwork(
  name: string,
  overrides: Partial<FleetServiceNetworkOverview> = {},
): FleetServiceNetworkOverview {
  return {
    name,
    id: `sn-${name}`,
    arn: `arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-${name}`,
    inLattice: true,
    vpcCount: 1,
    serviceCount: 2,
    gateways: [fleetGateway(name)],
    ...overrides,
  };
}

/** The demo fleet, but gateway-2 listens on plain HTTP only: listener web, port 8080. */
export function fleetWithHttpOnlyGateway(): FleetOverview {
  return fleetOverview({
    serviceNetworks: [
      fleetServiceNetwork('gateway-1'),
      fleetServiceNetwork('gateway-2', {
        gateways: [
          fleetGateway('gateway-2', {
            listeners: [fleetListener('web', 'HTTP', 8080)],
          }),
        ],
      }),
    ],
  });
}

/** The demo fleet: a config cluster, two workload clusters, two service networks. */
export function fleetOverview(
  overrides: Partial<FleetOverview> = {},
): FleetOverview {
  return {
    clusters: [
      fleetCluster('config', {
        role: 'config',
        sources: [
          { source: 'gateways', ...SYNCED },
          { source: 'httproutes', ...SYNCED },
          { source: 'serviceimports', ...SYNCED },
        ],
        exports: { federated: 0, ignored: 0, mcs: 0 },
        imports: 6,
        routes: { total: 3, accepted: 2, notAccepted: 1, pending: 0 },
      }),
      fleetCluster('workload-1', {
        exports: { federated: 3, ignored: 1, mcs: 0 },
      }),
      fleetCluster('workload-2'),
    ],
    lattice: { sync: SYNCED },
    serviceNetworks: [
      fleetServiceNetwork('gateway-1'),
      fleetServiceNetwork('gateway-2'),
    ],
    totals: {
      exports: { federated: 7, ignored: 1, mcs: 0 },
      imports: 6,
      routes: { total: 3, accepted: 2, notAccepted: 1, pending: 0 },
    },
    ...overrides,
  };
}
