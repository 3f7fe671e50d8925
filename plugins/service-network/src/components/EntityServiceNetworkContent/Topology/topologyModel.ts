/*
 * The path traffic takes to the Service, as columns of nodes from left to
 * right: service network (Gateway), route, ServiceImport, ServiceExport,
 * workload cluster. Pure, so the picture can be checked without a browser.
 */
import {
  EntityServiceNetworkStatus,
  ProviderClusterStatus,
  RouteParentStatus,
  RouteStatus,
  ServiceImportStatus,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import {
  CLUSTER_STATE_TONE,
  IMPORT_RESOLUTION_TONE,
  LATTICE_STATUS_TONE,
  ROUTE_STATE_TONE,
  SYNC_TONE,
  Tone,
  conditionTone,
  stateWords,
  worstTone,
} from '../../common/tones';

type ColumnId = 'networks' | 'routes' | 'imports' | 'exports' | 'clusters';

export interface TopologyNode {
  id: string;
  title: string;
  /** The cluster it is in, when the title alone does not tell nodes apart. */
  cluster?: string;
  subtitle: string;
  tone: Tone;
  /** Everything known about the node, for its tooltip. */
  description: string;
  /** Not on this Service's path: another Service's backend, or "none". */
  muted?: boolean;
}

export interface TopologyEdge {
  from: string;
  to: string;
  /** Weights on route to import edges, listeners on network to route edges. */
  label?: string;
  tone: Tone;
  description: string;
  muted?: boolean;
}

export interface TopologyColumn {
  id: ColumnId;
  title: string;
  nodes: TopologyNode[];
}

export interface TopologyModel {
  columns: TopologyColumn[];
  edges: TopologyEdge[];
}

const COLUMNS: Record<ColumnId, { title: string; none: string; why: string }> =
  {
    networks: {
      title: 'Service networks',
      none: 'No service network',
      why: 'No route attaches this Service to a Gateway.',
    },
    routes: {
      title: 'Routes',
      none: 'No route',
      why: 'No route (HTTPRoute, GRPCRoute or TLSRoute) sends traffic to this Service.',
    },
    imports: {
      title: 'ServiceImports',
      none: 'No ServiceImport',
      why: 'The config cluster has no ServiceImport for this Service.',
    },
    exports: {
      title: 'ServiceExports',
      none: 'No ServiceExport',
      why: 'No workload cluster exports this Service.',
    },
    clusters: {
      title: 'Workload clusters',
      none: 'No workload cluster',
      why: 'Service Network has no workload cluster configured.',
    },
  };

const networkId = (parent: RouteParentStatus) =>
  `network:${parent.gatewayNamespace}/${parent.gatewayName}`;
const routeId = (route: RouteStatus) =>
  `route:${route.kind}/${route.namespace}/${route.name}`;
const backendId = (kind: string, namespace: string, name: string) =>
  `backend:${kind}/${namespace}/${name}`;
const exportId = (cluster: string) => `export:${cluster}`;
const clusterId = (cluster: string) => `cluster:${cluster}`;

const PROGRAMMED_WORDS = {
  True: 'programmed',
  False: 'not programmed',
  Unknown: 'not programmed yet',
};

function networkNode(parent: RouteParentStatus): TopologyNode {
  const gateway = `Gateway ${parent.gatewayNamespace}/${parent.gatewayName}`;
  const node = { id: networkId(parent), title: parent.serviceNetwork };
  if (!parent.gatewayFound) {
    return {
      ...node,
      subtitle: 'Gateway missing',
      tone: 'error',
      description: `${gateway} does not exist in the config cluster.`,
    };
  }
  if (parent.serviceNetworkInLattice === false) {
    return {
      ...node,
      subtitle: 'not in Lattice',
      tone: 'error',
      description: `${gateway} names service network ${parent.serviceNetwork}, which Lattice does not have.`,
    };
  }
  const programmed = parent.gatewayProgrammed;
  return {
    ...node,
    subtitle: PROGRAMMED_WORDS[programmed?.status ?? 'Unknown'],
    tone: conditionTone(programmed),
    description: `${gateway}: Programmed ${programmed?.status ?? 'unknown'}${
      programmed?.message ? ` (${programmed.message})` : ''
    }.`,
  };
}

function parentEdge(
  route: RouteStatus,
  parent: RouteParentStatus,
): TopologyEdge {
  const conditions = parent.conditions.map(
    condition =>
      `${condition.type} ${condition.status}${
        condition.reason ? ` (${condition.reason})` : ''
      }`,
  );
  const association = parent.associationStatus
    ? [`association ${parent.associationStatus}`]
    : [];
  return {
    from: networkId(parent),
    to: routeId(route),
    label:
      parent.listeners
        .map(listener => `${listener.name}:${listener.port}`)
        .join(', ') || undefined,
    tone: worstTone([
      ...parent.conditions.map(conditionTone),
      ...(parent.associationStatus
        ? [LATTICE_STATUS_TONE[parent.associationStatus]]
        : []),
    ]),
    description: [...conditions, ...association].join(', '),
  };
}

function routeNode(route: RouteStatus): TopologyNode {
  const dns = route.dns.assigned ?? 'no DNS name yet';
  return {
    id: routeId(route),
    title: route.name,
    subtitle: `${route.kind} · ${stateWords(route.state)}`,
    tone: ROUTE_STATE_TONE[route.state],
    description: `${route.kind} ${route.namespace}/${route.name}: ${stateWords(
      route.state,
    )}; ${dns}.`,
  };
}

function importNode(serviceImport: ServiceImportStatus): TopologyNode {
  const pinned = serviceImport.pinnedCluster
    ? `pinned to ${serviceImport.pinnedCluster}`
    : 'not pinned';
  const resolution = stateWords(serviceImport.resolution);
  return {
    id: backendId('ServiceImport', serviceImport.namespace, serviceImport.name),
    title: serviceImport.name,
    subtitle: serviceImport.pinnedCluster
      ? `${resolution} · ${serviceImport.pinnedCluster}`
      : resolution,
    tone: IMPORT_RESOLUTION_TONE[serviceImport.resolution],
    description: `ServiceImport ${serviceImport.namespace}/${
      serviceImport.name
    } looks up export ${serviceImport.exportName}, ${pinned}: ${stateWords(
      serviceImport.resolution,
    )}.`,
  };
}

function otherBackendNode(
  backend: RouteStatus['backends'][number],
): TopologyNode {
  return {
    id: backendId(backend.kind, backend.namespace, backend.name),
    title: backend.name,
    subtitle: 'another Service',
    tone: 'neutral',
    description: `${backend.kind} ${backend.namespace}/${backend.name} leads to another Service.`,
    muted: true,
  };
}

function backendEdges(route: RouteStatus): TopologyEdge[] {
  const manyRules = new Set(route.backends.map(b => b.ruleIndex)).size > 1;
  const byTarget = new Map<string, TopologyEdge>();
  for (const backend of route.backends) {
    const to = backendId(backend.kind, backend.namespace, backend.name);
    const rule = manyRules ? `rule ${backend.ruleIndex + 1}: ` : '';
    const label = `${rule}${backend.share}% · w${backend.weight}`;
    const description = `${rule}weight ${backend.weight}, ${backend.share}% of the rule's traffic`;
    const known = byTarget.get(to);
    byTarget.set(
      to,
      known
        ? {
            ...known,
            label: `${known.label}, ${label}`,
            description: `${known.description}; ${description}`,
          }
        : {
            from: routeId(route),
            to,
            label,
            tone: 'neutral',
            description,
            muted: !backend.reachesService,
          },
    );
  }
  return [...byTarget.values()];
}

function targetSummary(cluster: WorkloadClusterStatus): string {
  const targets = cluster.targetGroups.map(tg => tg.targets);
  if (targets.length === 0 || targets.some(t => !t.listed)) {
    return stateWords(cluster.state);
  }
  const total = targets.reduce((sum, t) => sum + t.total, 0);
  const healthy = targets.reduce(
    (sum, t) => sum + (t.byStatus.HEALTHY ?? 0),
    0,
  );
  return `${stateWords(cluster.state)} · ${healthy}/${total} targets`;
}

/**
 * Where nothing Service Network exports is live in the cluster, a provider
 * it only reads (Istio) that shares the Service there: its node then shows
 * that provider's own state.
 */
function readOnlyShare(
  cluster: WorkloadClusterStatus,
): ProviderClusterStatus | undefined {
  if (cluster.state !== 'not-exported' || cluster.export || cluster.mcsExport) {
    return undefined;
  }
  return cluster.providers.find(
    entry => entry.readOnly && entry.exported && entry.state !== 'not-exported',
  );
}

function exportNode(cluster: WorkloadClusterStatus): TopologyNode {
  const shared = readOnlyShare(cluster);
  if (shared) {
    return {
      id: exportId(cluster.cluster),
      title: shared.title,
      cluster: cluster.cluster,
      subtitle: stateWords(shared.state),
      tone: CLUSTER_STATE_TONE[shared.state],
      description: `In ${cluster.cluster}: ${shared.stateReason}`,
    };
  }
  return {
    id: exportId(cluster.cluster),
    title:
      cluster.export?.name ??
      cluster.mcsExport?.name ??
      cluster.gkeExport?.name ??
      // A provider whose export is no object of its own (Cilium's annotation) is named by its title.
      cluster.providers.find(entry => entry.exported)?.title ??
      '',
    cluster: cluster.cluster,
    subtitle: targetSummary(cluster),
    tone: CLUSTER_STATE_TONE[cluster.state],
    description: `In ${cluster.cluster}: ${cluster.stateReason}`,
  };
}

function importEdges(
  serviceImport: ServiceImportStatus,
  exporting: ReadonlySet<string>,
): TopologyEdge[] {
  const from = backendId(
    'ServiceImport',
    serviceImport.namespace,
    serviceImport.name,
  );
  const candidates = [
    ...new Set(
      serviceImport.candidates.flatMap(c => (c.cluster ? [c.cluster] : [])),
    ),
  ];
  const clusters =
    candidates.length > 0 || !serviceImport.pinnedCluster
      ? candidates
      : [serviceImport.pinnedCluster];
  const ambiguous = serviceImport.resolution === 'ambiguous';
  return clusters
    .filter(cluster => exporting.has(cluster))
    .map(cluster => ({
      from,
      to: exportId(cluster),
      label: ambiguous ? 'ambiguous' : undefined,
      tone: ambiguous ? 'warning' : 'neutral',
      description: ambiguous
        ? `May resolve to ${cluster}: several clusters match, the controller takes the first it finds.`
        : `Resolves to the target groups of ${cluster}.`,
    }));
}

function clusterNode(cluster: WorkloadClusterStatus): TopologyNode {
  let service = '';
  if (!cluster.service) {
    service = ' · no Service';
  } else if (cluster.state === 'not-exported') {
    service = ' · not exported';
  }
  const api =
    cluster.providers.map(provider => provider.title).join(' and ') ||
    'no provider';
  const reason = cluster.sync.reason ? ` (${cluster.sync.reason})` : '';
  return {
    id: clusterId(cluster.cluster),
    title: cluster.cluster,
    subtitle: `${cluster.sync.state}${service}`,
    tone: SYNC_TONE[cluster.sync.state],
    description: `${cluster.cluster} (exports with ${api}): data ${cluster.sync.state}${reason}.`,
  };
}

function uniqueById(nodes: TopologyNode[]): TopologyNode[] {
  const seen = new Set<string>();
  return nodes.filter(node => !seen.has(node.id) && Boolean(seen.add(node.id)));
}

function column(id: ColumnId, nodes: TopologyNode[]): TopologyColumn {
  const { title, none, why } = COLUMNS[id];
  return {
    id,
    title,
    nodes:
      nodes.length > 0
        ? nodes
        : [
            {
              id: `none:${id}`,
              title: none,
              subtitle: why,
              tone: 'neutral',
              description: why,
              muted: true,
            },
          ],
  };
}

export function buildTopology(
  status: EntityServiceNetworkStatus,
): TopologyModel {
  const importsById = new Map(
    status.imports.map(i => [
      backendId('ServiceImport', i.namespace, i.name),
      i,
    ]),
  );
  const exportingClusters = status.clusters.filter(
    cluster =>
      (cluster.state !== 'not-exported' &&
        (cluster.export ||
          cluster.mcsExport ||
          cluster.providers.some(entry => entry.exported))) ||
      readOnlyShare(cluster) !== undefined,
  );
  const exporting = new Set(exportingClusters.map(cluster => cluster.cluster));

  const backendNodes = status.routes.flatMap(route =>
    route.backends.map(backend => {
      const known = importsById.get(
        backendId(backend.kind, backend.namespace, backend.name),
      );
      return known && backend.reachesService
        ? importNode(known)
        : otherBackendNode(backend);
    }),
  );

  return {
    columns: [
      column(
        'networks',
        uniqueById(
          status.routes.flatMap(route => route.parents.map(networkNode)),
        ),
      ),
      column('routes', status.routes.map(routeNode)),
      column(
        'imports',
        uniqueById([...backendNodes, ...status.imports.map(importNode)]),
      ),
      column('exports', exportingClusters.map(exportNode)),
      column('clusters', status.clusters.map(clusterNode)),
    ],
    edges: [
      ...status.routes.flatMap(route =>
        route.parents.map(parent => parentEdge(route, parent)),
      ),
      ...status.routes.flatMap(backendEdges),
      ...status.imports.flatMap(i => importEdges(i, exporting)),
      ...exportingClusters.map(cluster => ({
        from: exportId(cluster.cluster),
        to: clusterId(cluster.cluster),
        tone: 'neutral' as const,
        description: `Exported from ${cluster.cluster}.`,
      })),
    ],
  };
}
