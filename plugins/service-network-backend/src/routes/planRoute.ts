/*
 * The route planner: from a request and the inventory, the exact objects an
 * approval applies in the config cluster (one ServiceImport per backend
 * cluster, pinned to that cluster's export, then the weighted route), and
 * every reason the controller or Lattice would not make them work.
 */
import { createHash } from 'node:crypto';
import {
  apiVersionOf,
  KindDescriptor,
  KINDS,
  KubeObjectManifest,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  ROUTE_KINDS,
  ROUTE_REQUEST_ANNOTATIONS,
  RouteRequest,
  RouteRequestSpec,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import {
  allRoutes,
  ClusterInventory,
  GatewayObject,
  GatewaySpec,
  InventorySnapshot,
  KubeSource,
  LatticeServiceExportObject,
  RouteObject,
} from '../inventory/snapshot';
import { latticeServiceName } from '../status/routes';
import type { GatewayApiValidator } from './gatewayApiValidator';
import { latticeServiceNameProblem, routeLimitViolations } from './limits';

type Listener = NonNullable<GatewaySpec['listeners']>[number];
type RouteRef = RouteRequest['route'];

const REQUEST_ROUTE_KINDS = {
  HTTP: KINDS.httpRoute,
  GRPC: KINDS.grpcRoute,
  TLS: KINDS.tlsRoute,
} as const satisfies Record<RouteRequestSpec['kind'], KindDescriptor>;
// The controller's default for a ServiceExport without exportedPorts.
const LEGACY_EXPORT = { port: 80, routeType: 'HTTP' };
const MAX_NAME_LENGTH = 63;
const LISTED_CHOICES = 10;

/** What another open request has claimed: its route, Lattice name and custom domain. */
export interface OpenRouteClaim {
  id: string;
  route: RouteRef;
  latticeServiceName: string;
  hostname?: string;
}

export interface PlanRouteInput {
  requestId: string;
  /** The catalog entity the route serves, recorded on the route. */
  entityRef: string;
  spec: RouteRequestSpec;
  service: ServiceRef;
  snapshot: InventorySnapshot;
  otherRequests: readonly OpenRouteClaim[];
  validateGatewayApi: GatewayApiValidator;
}

export interface DesiredObjects {
  /** ServiceImports in backend order, then the route. */
  objects: KubeObjectManifest[];
  latticeServiceName: string;
  /** Empty when the objects can be applied. */
  problems: string[];
}

/** The route a request creates: in the Service's namespace, so its imports resolve there. */
export function routeRefFor(
  spec: RouteRequestSpec,
  service: ServiceRef,
): RouteRef {
  return {
    kind: REQUEST_ROUTE_KINDS[spec.kind].kind,
    namespace: service.namespace,
    name: spec.routeName,
  };
}

export function configClusterOf(snapshot: InventorySnapshot): ClusterInventory {
  const config = snapshot.clusters.find(
    cluster => cluster.cluster.role === 'config',
  );
  if (!config) {
    throw new Error(
      'Route requests need a cluster with the role "config" in serviceNetwork.clusters',
    );
  }
  return config;
}

/**
 * Inventory sources the plan reads that are not in step with their cluster:
 * a plan from them could miss a change, so planning waits.
 */
export function inventoryGaps(
  snapshot: InventorySnapshot,
  spec: RouteRequestSpec,
): string[] {
  const config = configClusterOf(snapshot);
  const sources: Array<[ClusterInventory, KubeSource]> = [
    [config, 'gateways'],
    [config, 'serviceimports'],
    ...ROUTE_KINDS.map((kind): [ClusterInventory, KubeSource] => [
      config,
      kind.plural,
    ]),
  ];
  for (const backend of spec.backends) {
    const cluster = snapshot.clusters.find(
      c => c.cluster.name === backend.cluster && c.cluster.role === 'workload',
    );
    if (cluster) sources.push([cluster, 'serviceexports']);
  }
  return sources.flatMap(([cluster, source]) => {
    const sync = cluster.sync[source];
    return sync && sync.state !== 'synced'
      ? [
          `${source} in ${cluster.cluster.name} is ${sync.state}${
            sync.reason ? ` (${sync.reason})` : ''
          }`,
        ]
      : [];
  });
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED_CHOICES).join(', ');
  return items.length > LISTED_CHOICES ? `${shown}, …` : shown || 'none';
}

function findGateway(
  config: ClusterInventory,
  ref: RouteRequestSpec['gateway'],
  problems: string[],
): GatewayObject | undefined {
  const all = [...config.gateways.list()];
  const choices = `(Gateways: ${listed(
    all.map(g => `${g.metadata.namespace}/${g.metadata.name}`),
  )})`;
  if (ref.namespace) {
    const gateway = config.gateways.get(ref.namespace, ref.name);
    if (!gateway)
      problems.push(
        `no Gateway ${ref.namespace}/${ref.name} in the config cluster ${choices}`,
      );
    return gateway;
  }
  const named = all.filter(g => g.metadata.name === ref.name);
  if (named.length === 1) return named[0];
  problems.push(
    named.length
      ? `several Gateways are named ${ref.name} (in ${listed(
          named.map(g => g.metadata.namespace ?? ''),
        )}): name the namespace`
      : `no Gateway named ${ref.name} in the config cluster ${choices}`,
  );
  return undefined;
}

function findListener(
  gateway: GatewayObject,
  name: string,
  problems: string[],
): Listener | undefined {
  const listeners = gateway.spec?.listeners ?? [];
  const listener = listeners.find(candidate => candidate.name === name);
  if (!listener) {
    problems.push(
      `Gateway ${gateway.metadata.namespace}/${
        gateway.metadata.name
      } has no listener "${name}" (listeners: ${listed(
        listeners.map(l => `${l.name} (${l.protocol})`),
      )})`,
    );
  }
  return listener;
}

/** `<export>-<cluster>`, a valid object name whatever the cluster is called. */
export function importName(exportName: string, cluster: string): string {
  const slug = cluster
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const name = `${exportName}-${slug}`;
  if (name.length <= MAX_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name
    .slice(0, MAX_NAME_LENGTH - hash.length - 1)
    .replace(/-+$/, '')}-${hash}`;
}

function exportedPorts(
  serviceExport: LatticeServiceExportObject,
): Array<{ port: number; routeType: string }> {
  const ports = serviceExport.spec?.exportedPorts;
  return ports?.length ? ports : [LEGACY_EXPORT];
}

function usableExport(
  cluster: ClusterInventory,
  service: ServiceRef,
  kind: RouteRequestSpec['kind'],
  problems: string[],
): LatticeServiceExportObject | undefined {
  const where = `${service.namespace}/${service.name} in ${cluster.cluster.name}`;
  // Lattice routes reach clusters that run the controller, whatever else runs there.
  if (!cluster.cluster.providers.some(p => p.id === 'aws-gateway-controller')) {
    problems.push(
      `${cluster.cluster.name} exports with the upstream MCS API, which the AWS Gateway API Controller does not read: it cannot be a backend`,
    );
    return undefined;
  }
  const exports = [
    ...cluster.serviceExports.forService(service.namespace, service.name),
  ];
  if (!exports.length) {
    problems.push(
      `${where} is not exported: export it there first, or leave ${cluster.cluster.name} out`,
    );
    return undefined;
  }
  const federated = exports.filter(
    e =>
      e.metadata.annotations?.[LATTICE_ANNOTATIONS.federation] ===
      LATTICE_FEDERATION_VALUE,
  );
  const live = federated.filter(e => !e.metadata.deletionTimestamp);
  const chosen = live.find(e => e.metadata.name === service.name) ?? live[0];
  if (!chosen) {
    problems.push(
      federated.length
        ? `the ServiceExport of ${where} is being deleted`
        : `the ServiceExport of ${where} lacks the annotation ${LATTICE_ANNOTATIONS.federation}: ${LATTICE_FEDERATION_VALUE}, so the controller ignores it`,
    );
    return undefined;
  }
  if (!exportedPorts(chosen).some(port => port.routeType === kind)) {
    const types = [
      ...new Set(exportedPorts(chosen).map(port => port.routeType)),
    ].join(', ');
    problems.push(
      `${where} is exported only for ${types}; a ${REQUEST_ROUTE_KINDS[kind].kind} needs a port exported as ${kind}`,
    );
    return undefined;
  }
  return chosen;
}

function serviceImport(
  service: ServiceRef,
  cluster: string,
  serviceExport: LatticeServiceExportObject,
  kind: RouteRequestSpec['kind'],
): KubeObjectManifest {
  const ports = exportedPorts(serviceExport)
    .filter(port => port.routeType === kind)
    .map(port => port.port)
    .sort((a, b) => a - b);
  return {
    apiVersion: apiVersionOf(KINDS.latticeServiceImport),
    kind: KINDS.latticeServiceImport.kind,
    metadata: {
      name: importName(serviceExport.metadata.name, cluster),
      namespace: service.namespace,
      annotations: {
        [LATTICE_ANNOTATIONS.exportName]: serviceExport.metadata.name,
        [LATTICE_ANNOTATIONS.awsEksClusterName]: cluster,
      },
    },
    spec: {
      type: 'ClusterSetIP',
      ports: [...new Set(ports)].map(port => ({ port, protocol: 'TCP' })),
    },
  };
}

function headerMatches(
  headers: Array<{ name: string; value: string }> | undefined,
) {
  return headers?.length
    ? {
        headers: headers.map(h => ({
          type: 'Exact',
          name: h.name,
          value: h.value,
        })),
      }
    : {};
}

// Every field the CRDs would default is written out, so the object in the cluster equals the plan.
function ruleMatches(spec: RouteRequestSpec): {
  matches?: Array<Record<string, unknown>>;
} {
  // A TLS passthrough route matches nothing: Lattice forwards the stream by SNI (the hostname).
  if (spec.kind === 'TLS') return {};
  if (spec.kind === 'HTTP') {
    const match = spec.match ?? {};
    return {
      matches: [
        {
          path: match.path ?? { type: 'PathPrefix', value: '/' },
          ...headerMatches(match.headers),
          ...(match.method ? { method: match.method } : {}),
        },
      ],
    };
  }
  const match = spec.match ?? {};
  const grpc = {
    ...(match.service
      ? {
          method: {
            type: 'Exact',
            service: match.service,
            ...(match.method ? { method: match.method } : {}),
          },
        }
      : {}),
    ...headerMatches(match.headers),
  };
  return Object.keys(grpc).length ? { matches: [grpc] } : {};
}

function routeManifest(
  input: PlanRouteInput,
  parent: { namespace: string; name: string },
  backends: Array<{ importName: string; weight: number }>,
): KubeObjectManifest {
  const { spec, service } = input;
  const kind = REQUEST_ROUTE_KINDS[spec.kind];
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    metadata: {
      name: spec.routeName,
      namespace: service.namespace,
      annotations: {
        [ROUTE_REQUEST_ANNOTATIONS.entityRef]: input.entityRef,
        [ROUTE_REQUEST_ANNOTATIONS.requestId]: input.requestId,
      },
    },
    spec: {
      parentRefs: [
        {
          group: KINDS.gateway.group,
          kind: KINDS.gateway.kind,
          namespace: parent.namespace,
          name: parent.name,
          sectionName: spec.listener,
        },
      ],
      ...(spec.hostname ? { hostnames: [spec.hostname] } : {}),
      rules: [
        {
          ...ruleMatches(spec),
          backendRefs: backends.map(backend => ({
            group: KINDS.latticeServiceImport.group,
            kind: KINDS.latticeServiceImport.kind,
            name: backend.importName,
            weight: backend.weight,
          })),
        },
      ],
    },
  };
}

function isSameRoute(route: RouteObject, ref: RouteRef): boolean {
  return (
    route.kind === ref.kind &&
    route.metadata.namespace === ref.namespace &&
    route.metadata.name === ref.name
  );
}

function describeRoute(route: RouteObject): string {
  return `${route.kind} ${route.metadata.namespace}/${route.metadata.name}`;
}

function latticeNameProblems(
  input: PlanRouteInput,
  config: ClusterInventory,
  ref: RouteRef,
  name: string,
): string[] {
  const problems: string[] = [];
  const invalid = latticeServiceNameProblem(name);
  if (invalid) problems.push(invalid);
  const why =
    '(the controller cuts route names to 20 characters and namespaces to 18): choose another route name';
  let accountedFor = false;
  for (const route of allRoutes(config)) {
    if (latticeServiceName(route) !== name) continue;
    accountedFor = true;
    if (!isSameRoute(route, ref)) {
      problems.push(
        `the VPC Lattice service name "${name}" is taken: ${describeRoute(
          route,
        )} derives the same name ${why}`,
      );
    }
  }
  for (const other of input.otherRequests) {
    if (other.latticeServiceName === name) {
      problems.push(
        `the VPC Lattice service name "${name}" is claimed by open request ${other.id} (${other.route.kind} ${other.route.namespace}/${other.route.name}) ${why}`,
      );
    }
  }
  const { lattice } = input.snapshot;
  const existing =
    lattice.sync.state === 'synced' ? lattice.serviceByName(name) : undefined;
  if (existing && !accountedFor && existing.status !== 'DELETE_IN_PROGRESS') {
    problems.push(
      `VPC Lattice already has a service named "${name}" that no route in the config cluster accounts for (another cluster's controller may own it): choose another route name`,
    );
  }
  return problems;
}

/**
 * A request may update a route of the same name only while that route
 * routes to this Service alone: one whose backends are another Service's
 * ServiceImports is another team's route, and the request would take it over.
 */
function takeoverProblems(
  config: ClusterInventory,
  ref: RouteRef,
  service: ServiceRef,
  plannedImports: readonly string[],
): string[] {
  const existing = allRoutes(config).find(route => isSameRoute(route, ref));
  if (!existing) return [];
  const foreign = new Set<string>();
  for (const rule of existing.spec?.rules ?? []) {
    for (const backend of rule.backendRefs ?? []) {
      const namespace = backend.namespace ?? ref.namespace;
      const imported = config.serviceImports.get(namespace, backend.name);
      const exportName =
        imported?.metadata.annotations?.[LATTICE_ANNOTATIONS.exportName] ??
        imported?.metadata.name;
      const ours =
        backend.kind === KINDS.latticeServiceImport.kind &&
        namespace === service.namespace &&
        (plannedImports.includes(backend.name) || exportName === service.name);
      if (!ours)
        foreign.add(
          `${backend.kind ?? 'Service'} ${namespace}/${backend.name}`,
        );
    }
  }
  return foreign.size
    ? [
        `routeName: ${describeRoute(existing)} already routes to ${[
          ...foreign,
        ].join(', ')}, not to ${service.namespace}/${
          service.name
        }: taking it over would take another Service's route; choose another route name`,
      ]
    : [];
}

/** Whether a hostname is within a (possibly wildcard) hostname, a listener's or another route's. */
export function withinHostname(pattern: string, hostname: string): boolean {
  return pattern.startsWith('*.')
    ? hostname.endsWith(pattern.slice(1))
    : hostname === pattern;
}

function hostnameProblems(
  input: PlanRouteInput,
  config: ClusterInventory,
  ref: RouteRef,
  listener: Listener | undefined,
): string[] {
  const hostname = input.spec.hostname;
  if (!hostname) return [];
  const problems: string[] = [];
  if (listener?.hostname && !withinHostname(listener.hostname, hostname)) {
    problems.push(
      `hostname ${hostname} is outside the listener's hostname ${listener.hostname}, so the controller would not accept the route`,
    );
  }
  for (const route of allRoutes(config)) {
    if (!isSameRoute(route, ref) && route.spec?.hostnames?.includes(hostname)) {
      problems.push(
        `hostname ${hostname} is already the custom domain of ${describeRoute(
          route,
        )}`,
      );
    }
  }
  for (const other of input.otherRequests) {
    if (other.hostname === hostname)
      problems.push(
        `hostname ${hostname} is asked for by open request ${other.id}`,
      );
  }
  return problems;
}

export function planRoute(input: PlanRouteInput): DesiredObjects {
  const { spec, service, snapshot } = input;
  const problems: string[] = [];
  const config = configClusterOf(snapshot);
  const ref = routeRefFor(spec, service);
  for (const [source, kind] of [
    [REQUEST_ROUTE_KINDS[spec.kind].plural, REQUEST_ROUTE_KINDS[spec.kind]],
    ['serviceimports', KINDS.latticeServiceImport],
  ] as const) {
    if (!config.sync[source]) {
      problems.push(
        `the config cluster does not serve ${kind.kind} (${apiVersionOf(
          kind,
        )}): install its CRD first`,
      );
    }
  }

  const gateway = findGateway(config, spec.gateway, problems);
  const listener = gateway && findListener(gateway, spec.listener, problems);

  const imports: KubeObjectManifest[] = [];
  const backends: Array<{ importName: string; weight: number }> = [];
  for (const backend of spec.backends) {
    const cluster = snapshot.clusters.find(
      c => c.cluster.name === backend.cluster && c.cluster.role === 'workload',
    );
    if (!cluster) {
      const workloads = snapshot.clusters
        .filter(c => c.cluster.role === 'workload')
        .map(c => c.cluster.name);
      problems.push(
        `${
          backend.cluster
        } is not a workload cluster (workload clusters: ${listed(workloads)})`,
      );
      continue;
    }
    const serviceExport = usableExport(cluster, service, spec.kind, problems);
    if (!serviceExport) continue;
    const object = serviceImport(
      service,
      backend.cluster,
      serviceExport,
      spec.kind,
    );
    if (imports.some(other => other.metadata.name === object.metadata.name)) {
      problems.push(
        `backends ${listed(
          spec.backends.map(b => b.cluster),
        )} give two ServiceImports the name ${object.metadata.name}`,
      );
      continue;
    }
    imports.push(object);
    backends.push({ importName: object.metadata.name, weight: backend.weight });
  }

  const parent = {
    namespace:
      gateway?.metadata.namespace ??
      spec.gateway.namespace ??
      service.namespace,
    name: spec.gateway.name,
  };
  const route = routeManifest(input, parent, backends);
  if (listener)
    problems.push(
      ...routeLimitViolations(route, {
        protocol: listener.protocol,
        tlsMode: listener.tls?.mode,
      }),
    );
  problems.push(
    ...input
      .validateGatewayApi(route)
      .map(problem => `Gateway API schema: ${problem}`),
  );
  const name = latticeServiceName(route as RouteObject);
  problems.push(
    ...latticeNameProblems(input, config, ref, name),
    ...hostnameProblems(input, config, ref, listener),
    ...takeoverProblems(
      config,
      ref,
      service,
      imports.map(object => object.metadata.name),
    ),
  );
  return { objects: [...imports, route], latticeServiceName: name, problems };
}
