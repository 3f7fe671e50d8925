/*
 * What the inventory watches in each cluster: the kinds every cluster of a
 * role needs (Services; the config cluster's routing kinds), plus what the
 * cluster's providers read (in the config cluster, what they keep there,
 * such as GKE's MultiClusterServices). One watch per cluster and source,
 * however many providers read it.
 */
import {
  KINDS,
  ProviderSetting,
  ROUTE_KINDS,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterRole } from '../config/serviceNetworkConfig';
import { providerOf } from '../providers/registry';
import type { SourceDefinition } from '../providers/types';
import {
  compactGateway,
  compactRoute,
  compactService,
  compactServiceImport,
} from './compact';
import { ObjectIndex, RouteStore, ServiceImportStore } from './objectIndex';

export type { SourceDefinition } from '../providers/types';

const CORE_SOURCES: Record<ClusterRole, readonly SourceDefinition[]> = {
  workload: [
    {
      source: 'services',
      kinds: [KINDS.service],
      optional: false,
      essential: true,
      createIndex: () => new ObjectIndex(),
      compact: compactService,
    },
  ],
  config: [
    {
      source: 'serviceimports',
      kinds: [KINDS.latticeServiceImport],
      optional: true,
      essential: true,
      createIndex: () => new ServiceImportStore(),
      compact: compactServiceImport,
    },
    ...ROUTE_KINDS.map(kind => ({
      source: kind.plural,
      kinds: [kind],
      optional: true,
      essential: true,
      createIndex: () => new RouteStore(),
      compact: compactRoute,
    })),
    {
      source: 'gateways',
      kinds: [KINDS.gateway],
      optional: true,
      essential: false,
      createIndex: () => new ObjectIndex(),
      compact: compactGateway,
    },
  ],
};

/** Every source a cluster of this role and these providers watches, each once. */
export function sourcesFor(cluster: {
  role: ClusterRole;
  providers: readonly ProviderSetting[];
}): SourceDefinition[] {
  const byId = new Map<string, SourceDefinition>();
  const providerSources = cluster.providers.flatMap(setting => {
    const { reader } = providerOf(setting);
    return cluster.role === 'workload'
      ? reader.sources
      : reader.configSources ?? [];
  });
  for (const source of [...CORE_SOURCES[cluster.role], ...providerSources]) {
    if (!byId.has(source.source)) byId.set(source.source, source);
  }
  return [...byId.values()];
}
