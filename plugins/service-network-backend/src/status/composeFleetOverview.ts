/*
 * The fleet page: every cluster with its sync state per source and what it
 * holds, and every service network with the Gateways that stand for it
 * and their listeners.
 * Walks whole clusters, so it is meant for the fleet page, not per entity.
 */
import type {
  ExportCounts,
  FleetClusterOverview,
  FleetOverview,
  FleetServiceNetworkOverview,
  RouteCounts,
  SyncState,
} from '@service-network/backstage-plugin-service-network-common';
import {
  allRoutes,
  ClusterInventory,
  InventorySnapshot,
  RouteObject,
} from '../inventory/snapshot';
import { providerOf } from '../providers/registry';
import { isReadOnly } from '../providers/types';
import { listenerRouteKinds } from '../routes/limits';
import { conditionOf, toStatusConditions } from './kube';
import { gatewayListeners } from './listeners';
import { reportedParents } from './routeParents';
import { routeState } from './routes';
import { hasData, worstOf } from './sync';

function countOf<T>(
  items: Iterable<T>,
  predicate: (item: T) => boolean = () => true,
): number {
  let count = 0;
  for (const item of items) {
    if (predicate(item)) {
      count += 1;
    }
  }
  return count;
}

function exportCounts(inventory: ClusterInventory): ExportCounts {
  const counts: ExportCounts = { federated: 0, ignored: 0, mcs: 0 };
  if (inventory.cluster.role !== 'workload') return counts;
  for (const setting of inventory.cluster.providers) {
    const counted = providerOf(setting).reader.countExports(inventory);
    for (const key of Object.keys(counted) as Array<keyof ExportCounts>) {
      counts[key] = (counts[key] ?? 0) + (counted[key] ?? 0);
    }
  }
  return counts;
}

function providersOf(
  inventory: ClusterInventory,
): FleetClusterOverview['providers'] {
  if (inventory.cluster.role !== 'workload') return [];
  return inventory.cluster.providers.map(setting => {
    const { reader, writer } = providerOf(setting);
    // A provider that writes nothing is shown by the kind its state is read from.
    const served = isReadOnly(writer) ? writer.stateKind : writer.exportKinds[0];
    return {
      id: setting.id,
      implementation: setting.implementation,
      title: reader.title(setting),
      exportKind: `${served.kind}.${served.group}`,
      ...(isReadOnly(writer) ? { readOnly: writer.readOnly(inventory.cluster.name) } : {}),
    };
  });
}

function routeCounts(routes: Iterable<RouteObject>): RouteCounts {
  const counts = { total: 0, accepted: 0, notAccepted: 0, pending: 0 };
  for (const route of routes) {
    const state = routeState(
      reportedParents(route).flatMap(parent =>
        toStatusConditions(parent.conditions),
      ),
    );
    counts.total += 1;
    if (state === 'accepted') {
      counts.accepted += 1;
    } else if (state === 'pending') {
      counts.pending += 1;
    } else {
      counts.notAccepted += 1;
    }
  }
  return counts;
}

function clusterOverview(inventory: ClusterInventory): FleetClusterOverview {
  const sources = Object.entries(inventory.sync).flatMap(([source, state]) =>
    state ? [{ source, ...state }] : [],
  );
  const { name, role, exportApi } = inventory.cluster;
  return {
    name,
    role,
    exportApi,
    providers: providersOf(inventory),
    sync: worstOf(sources.map(({ source, ...state }): SyncState => state)),
    sources,
    exports: exportCounts(inventory),
    imports: countOf(inventory.serviceImports.list()),
    routes: routeCounts(allRoutes(inventory)),
  };
}

function serviceNetworks(
  snapshot: InventorySnapshot,
): FleetServiceNetworkOverview[] {
  const latticeHasData = hasData(snapshot.lattice.sync);
  const networks = new Map<string, FleetServiceNetworkOverview>();
  const entry = (name: string) => {
    const existing = networks.get(name);
    if (existing) {
      return existing;
    }
    const created: FleetServiceNetworkOverview = {
      name,
      inLattice: latticeHasData ? false : undefined,
      gateways: [],
    };
    networks.set(name, created);
    return created;
  };
  for (const network of snapshot.lattice.serviceNetworks()) {
    Object.assign(entry(network.name), {
      id: network.id,
      arn: network.arn,
      inLattice: true,
      vpcCount: network.numberOfAssociatedVPCs,
      serviceCount: network.numberOfAssociatedServices,
    });
  }
  for (const inventory of snapshot.clusters) {
    for (const gateway of inventory.gateways.list()) {
      const programmed = conditionOf(
        toStatusConditions(gateway.status?.conditions),
        'Programmed',
      );
      entry(gateway.metadata.name).gateways.push({
        cluster: inventory.cluster.name,
        namespace: gateway.metadata.namespace ?? '',
        name: gateway.metadata.name,
        programmed: programmed?.status ?? 'Unknown',
        reason: programmed?.reason,
        message: programmed?.message,
        listeners: gatewayListeners(gateway).map(listener => {
          const routeKinds = [...listenerRouteKinds(listener)];
          return {
            supportsGrpc: routeKinds.includes('GRPCRoute'),
            routeKinds,
            ...listener,
          };
        }),
      });
    }
  }
  return [...networks.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function composeFleetOverview(
  snapshot: InventorySnapshot,
): FleetOverview {
  const clusters = snapshot.clusters.map(clusterOverview);
  const sum = (pick: (cluster: FleetClusterOverview) => number) =>
    clusters.reduce((total, cluster) => total + pick(cluster), 0);
  return {
    clusters,
    lattice: { sync: snapshot.lattice.sync },
    serviceNetworks: serviceNetworks(snapshot),
    totals: {
      exports: {
        federated: sum(cluster => cluster.exports.federated),
        ignored: sum(cluster => cluster.exports.ignored),
        mcs: sum(cluster => cluster.exports.mcs),
        // Left out of fleets without Cilium, as each cluster's counts are.
        ciliumGlobal:
          sum(cluster => cluster.exports.ciliumGlobal ?? 0) || undefined,
        linkerd: sum(cluster => cluster.exports.linkerd ?? 0) || undefined,
      },
      imports: sum(cluster => cluster.imports),
      routes: {
        total: sum(cluster => cluster.routes.total),
        accepted: sum(cluster => cluster.routes.accepted),
        notAccepted: sum(cluster => cluster.routes.notAccepted),
        pending: sum(cluster => cluster.routes.pending),
      },
    },
  };
}
