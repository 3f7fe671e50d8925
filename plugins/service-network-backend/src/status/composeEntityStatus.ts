/*
 * The status of one catalog entity's Service across the fleet, composed
 * from an inventory snapshot without touching a cluster. Every lookup goes
 * through the snapshot's indexes, so the cost grows with the number of
 * clusters and of objects about this Service, not with the fleet's size.
 */
import type {
  EntityServiceNetworkStatus,
  Finding,
  FindingSeverity,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type { NamespaceVerdict } from '../guard';
import type { InventorySnapshot } from '../inventory/snapshot';
import { findConflicts } from './conflicts';
import { clusterFindings } from './findings/cluster';
import { conflictFindings } from './findings/conflicts';
import { entityFindings } from './findings/entity';
import { gatewayFindings } from './findings/gateways';
import { importFindings } from './findings/imports';
import { nameFindings } from './findings/names';
import { routeFindings } from './findings/routes';
import { syncFindings } from './findings/sync';
import { composeImports } from './imports';
import { mergeAcrossClusters } from './findings/acrossClusters';
import { overallState, summarise } from './overall';
import { composeRoutes } from './routes';
import { LatticeView } from './dns';
import { Freshness, clusterFreshness, hasData, holdsData } from './sync';
import { composeWorkloadCluster } from './workloadCluster';

export interface ComposeEntityStatusInput {
  /** The catalog entity, e.g. `component:default/checkout`. */
  entityRef: string;
  /** The Kubernetes Service the entity maps to. */
  service: ServiceRef;
  snapshot: InventorySnapshot;
  now: Date;
  /** Treat a synced source whose last success is older than this as stale. */
  staleAfterMs?: number;
  /** Whether the namespace guard lets Service Network write for this entity; default allowed. */
  namespaceVerdict?: NamespaceVerdict;
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

function bySeverity(findings: Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.finding.severity] -
          SEVERITY_ORDER[b.finding.severity] || a.index - b.index,
    )
    .map(entry => entry.finding);
}

/** The config cluster's side: its freshness, and the imports and routes that reach the Service. */
function composeRouting(
  snapshot: InventorySnapshot,
  service: ServiceRef,
  clusters: readonly WorkloadClusterStatus[],
  freshness: Freshness,
  latticeView: LatticeView,
) {
  const config = snapshot.clusters.find(
    inventory => inventory.cluster.role === 'config',
  );
  if (!config) {
    return { imports: [], routes: [] };
  }
  const {
    sync,
    stale,
    hasData: configHasData,
  } = clusterFreshness(config, freshness);
  const imports = configHasData
    ? composeImports({
        config,
        service,
        clusters,
        lattice: snapshot.lattice,
        latticeHasData: latticeView.hasData,
      })
    : [];
  return {
    configCluster: { name: config.cluster.name, sync, stale },
    imports,
    routes: composeRoutes({
      config,
      imports,
      lattice: snapshot.lattice,
      latticeView,
    }),
  };
}

export function composeEntityStatus(
  input: ComposeEntityStatusInput,
): EntityServiceNetworkStatus {
  const { snapshot, service, now } = input;
  const freshness = { now, staleAfterMs: input.staleAfterMs };
  // Not aged here: the Lattice inventory ages its own state, allowing for how long a full read takes.
  const latticeSync = snapshot.lattice.sync;
  const latticeView = {
    hasData: hasData(latticeSync),
    synced: latticeSync.state === 'synced',
    readSince: latticeSync.lastSuccess,
  };

  const clusters = snapshot.clusters
    .filter(inventory => inventory.cluster.role === 'workload')
    .map(inventory =>
      composeWorkloadCluster({
        inventory,
        fleet: snapshot.clusters,
        service,
        lattice: snapshot.lattice,
        latticeHasData: latticeView.hasData,
        freshness,
      }),
    );
  const conflicts = findConflicts(clusters);
  const { configCluster, imports, routes } = composeRouting(
    snapshot,
    service,
    clusters,
    freshness,
    latticeView,
  );

  const routingFindings = [
    ...importFindings(imports),
    ...routeFindings(routes, now),
    ...gatewayFindings(routes),
    ...nameFindings(routes),
  ];
  const findings = mergeAcrossClusters(
    bySeverity([
      ...(configCluster
        ? syncFindings(
            { cluster: configCluster.name },
            configCluster.sync,
            holdsData(configCluster),
            now,
          )
        : []),
      ...syncFindings({ lattice: true }, latticeSync, latticeView.hasData, now),
      ...entityFindings(
        clusters,
        service,
        configCluster !== undefined,
        input.namespaceVerdict,
      ),
      ...clusters.flatMap(cluster =>
        clusterFindings({ cluster, service, routed: routes.length > 0, now }),
      ),
      ...conflictFindings(conflicts, service),
      ...routingFindings,
    ]),
  );
  const overall = overallState(
    clusters,
    routingFindings.filter(finding => finding.severity === 'error').length,
  );

  return {
    entityRef: input.entityRef,
    service: { namespace: service.namespace, name: service.name },
    generatedAt: now.toISOString(),
    overall,
    summary: summarise(overall, clusters, findings),
    clusters,
    conflicts,
    configCluster,
    imports,
    routes,
    lattice: { sync: latticeSync },
    findings,
  };
}
