/*
 * Reading actions: one service's network status and the fleet overview,
 * each what the REST API answers, cut down to what an assistant needs to
 * answer "is it exported, where, and what is its DNS name?".
 */
import type {
  EntityServiceNetworkStatus,
  FleetOverview,
  RouteStatus,
  SyncState,
  TargetGroupStatus,
} from '@service-network/backstage-plugin-service-network-common';
import {
  ActionsContext,
  callerOf,
  entityRefField,
  entityRefOf,
  servicesOf,
  Zod,
} from './context';

const statusOutput = (zod: Zod) =>
  zod.object({
    entityRef: zod.string(),
    service: zod.string().describe('The Kubernetes Service, namespace/name'),
    overall: zod
      .string()
      .describe(
        'not-exported, pending, unused, healthy, degraded, failing or unknown',
      ),
    summary: zod.string().describe('The overall state in one sentence'),
    dnsNames: zod
      .array(zod.string())
      .describe(
        'The VPC Lattice DNS names that reach the service (one per route), to call it by',
      ),
    clusters: zod
      .array(
        zod.object({
          cluster: zod.string(),
          state: zod
            .string()
            .describe(
              'not-exported, ignored, pending, deleting, failed, unused, healthy, degraded, unhealthy or unknown',
            ),
          reason: zod.string(),
          exportedPorts: zod
            .array(zod.string())
            .describe('port/routeType pairs of the ServiceExport'),
          targets: zod
            .string()
            .optional()
            .describe('Lattice target health, e.g. "2 of 2 healthy"'),
        }),
      )
      .describe('Where the service runs and is exported, per workload cluster'),
    imports: zod
      .array(
        zod.object({
          name: zod.string(),
          cluster: zod
            .string()
            .describe('The config cluster holding the ServiceImport'),
          pinnedCluster: zod.string().optional(),
          resolution: zod
            .string()
            .describe(
              'resolved, ambiguous, unresolved, conflicting-annotations or unknown',
            ),
        }),
      )
      .describe('ServiceImports that import the service'),
    routes: zod.array(
      zod.object({
        route: zod.string().describe('kind namespace/name'),
        state: zod
          .string()
          .describe('accepted, not-accepted, unresolved-refs or pending'),
        gateways: zod
          .array(zod.string())
          .describe('Gateways (service networks) the route attaches to'),
        dnsName: zod.string().optional(),
        customDomain: zod.string().optional(),
        share: zod
          .array(zod.string())
          .describe(
            'Traffic share per backend, e.g. "service-1-workload-1: 50%"',
          ),
      }),
    ),
    findings: zod
      .array(
        zod.object({
          severity: zod.enum(['error', 'warning', 'info']),
          title: zod.string(),
          detail: zod.string(),
          action: zod.string().describe('What to do about it'),
          clusters: zod.array(zod.string()).optional(),
        }),
      )
      .describe('What is wrong or worth knowing, errors first, in plain words'),
    notCurrent: zod
      .array(zod.string())
      .describe(
        'Sources whose data is not current (the answer may lag there); empty when all are synced',
      ),
  });

function notSynced(name: string, sync: SyncState): string[] {
  return sync.state === 'synced'
    ? []
    : [`${name}: ${sync.state}${sync.reason ? ` (${sync.reason})` : ''}`];
}

function targetsOf(groups: TargetGroupStatus[]): string | undefined {
  const listed = groups.filter(g => g.targets.listed);
  if (!listed.length) return undefined;
  const total = listed.reduce((sum, g) => sum + g.targets.total, 0);
  const healthy = listed.reduce(
    (sum, g) => sum + (g.targets.byStatus.HEALTHY ?? 0),
    0,
  );
  return `${healthy} of ${total} healthy`;
}

/** The status page's answer without the detail an assistant does not need (events, conditions, ARNs, listeners). */
export function compactStatus(status: EntityServiceNetworkStatus) {
  // Undefined fields are left out of the JSON answer.
  const dnsNameOf = (route: RouteStatus) =>
    route.dns.assigned ?? route.latticeService?.dnsName;
  return {
    entityRef: status.entityRef,
    service: `${status.service.namespace}/${status.service.name}`,
    overall: status.overall,
    summary: status.summary,
    dnsNames: [...new Set(status.routes.flatMap(r => dnsNameOf(r) ?? []))],
    clusters: status.clusters.map(c => ({
      cluster: c.cluster,
      state: c.state,
      reason: c.stateReason,
      exportedPorts: (c.export?.exportedPorts ?? []).map(
        p => `${p.port}/${p.routeType ?? 'HTTP'}`,
      ),
      targets: targetsOf(c.targetGroups),
    })),
    imports: status.imports.map(i => ({
      name: i.name,
      cluster: i.cluster,
      pinnedCluster: i.pinnedCluster,
      resolution: i.resolution,
    })),
    routes: status.routes.map(r => ({
      route: `${r.kind} ${r.namespace}/${r.name}`,
      state: r.state,
      gateways: [
        ...new Set(
          r.parents.map(p => `${p.gatewayNamespace}/${p.gatewayName}`),
        ),
      ],
      dnsName: dnsNameOf(r),
      customDomain: r.customDomain.requested,
      share: r.backends
        .filter(b => b.reachesService)
        .map(b => `${b.name}: ${b.share}%`),
    })),
    findings: status.findings.map(f => ({
      severity: f.severity,
      title: f.title,
      detail: f.detail,
      action: f.action,
      clusters: f.clusters ?? (f.cluster ? [f.cluster] : undefined),
    })),
    notCurrent: [
      ...status.clusters.flatMap(c => notSynced(c.cluster, c.sync)),
      ...(status.configCluster
        ? notSynced(status.configCluster.name, status.configCluster.sync)
        : []),
      ...notSynced('VPC Lattice', status.lattice.sync),
    ],
  };
}

const fleetOutput = (zod: Zod) => {
  const routes = zod.object({
    total: zod.number(),
    accepted: zod.number(),
    notAccepted: zod.number(),
    pending: zod.number(),
  });
  const exports = zod.object({
    federated: zod
      .number()
      .describe('ServiceExports the AWS controller acts on'),
    ignored: zod
      .number()
      .describe('AWS ServiceExports without the federation annotation'),
    mcs: zod.number().describe('Upstream MCS ServiceExports'),
  });
  return zod.object({
    clusters: zod.array(
      zod.object({
        name: zod.string(),
        role: zod.enum(['config', 'workload']),
        sync: zod
          .string()
          .describe(
            'synced, stale, unreachable or pending, with the reason when not synced',
          ),
        exports,
        imports: zod.number(),
        routes,
      }),
    ),
    lattice: zod.string().describe('Sync state of the VPC Lattice inventory'),
    serviceNetworks: zod.array(
      zod.object({
        name: zod.string(),
        inLattice: zod
          .boolean()
          .optional()
          .describe(
            'False when Gateways name it but VPC Lattice has no such network',
          ),
        gateways: zod.array(
          zod.object({
            gateway: zod.string().describe('cluster: namespace/name'),
            programmed: zod.string(),
            listeners: zod
              .array(zod.string())
              .describe(
                'name (protocol port), the listener names a route request can use',
              ),
          }),
        ),
      }),
    ),
    totals: zod.object({ exports, imports: zod.number(), routes }),
  });
};

const syncText = (sync: SyncState) =>
  `${sync.state}${sync.reason ? `: ${sync.reason}` : ''}`;

export function compactFleet(fleet: FleetOverview) {
  return {
    clusters: fleet.clusters.map(c => ({
      name: c.name,
      role: c.role,
      sync: syncText(c.sync),
      exports: c.exports,
      imports: c.imports,
      routes: c.routes,
    })),
    lattice: syncText(fleet.lattice.sync),
    serviceNetworks: fleet.serviceNetworks.map(n => ({
      name: n.name,
      inLattice: n.inLattice,
      gateways: n.gateways.map(g => ({
        gateway: `${g.cluster}: ${g.namespace}/${g.name}`,
        programmed: g.programmed,
        listeners: g.listeners.map(l => `${l.name} (${l.protocol} ${l.port})`),
      })),
    })),
    totals: fleet.totals,
  };
}

export function registerStatusActions(context: ActionsContext) {
  context.registry.register({
    name: 'get-service-network-status',
    title: 'Get a service network status',
    description: [
      'Answers whether a service (a catalog entity) is exported to VPC Lattice, in which workload clusters, who imports it, which routes and gateways reach it, the DNS names to call it by, and what is wrong with it in plain words, with what to do.',
      'Use it for questions such as "is checkout exported?", "what is the DNS name of checkout?" or "why does my route not work?".',
      'Example input: {"entityRef": "component:default/checkout"}.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod => zod.object({ entityRef: entityRefField(zod) }),
      output: statusOutput,
    },
    action: async ({ input, credentials }) => {
      const { service } = servicesOf(context);
      const status = await service.getEntityStatus(
        entityRefOf(input.entityRef),
        callerOf(credentials),
      );
      return { output: compactStatus(status) };
    },
  });

  context.registry.register({
    name: 'get-fleet-overview',
    title: 'Get the service network fleet overview',
    description: [
      'Lists the Kubernetes clusters Service Network watches (their role and whether their data is current), the VPC Lattice service networks with their Gateways and listeners, and counts of exports, imports and routes.',
      'Use it to find the gateway and listener names a route request needs, or to check the fleet is healthy before acting. It takes no input: {}.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod => zod.object({}),
      output: fleetOutput,
    },
    action: async ({ credentials }) => {
      const { service } = servicesOf(context);
      return {
        output: compactFleet(service.getFleetOverview(callerOf(credentials))),
      };
    },
  });
}
