/*
 * Reading for the Kubernetes Multi-Cluster Services API
 * (multicluster.x-k8s.io, KEP-1645): the ServiceExport, whose conditions
 * the implementation writes, and the ServiceImport it derives in every
 * cluster of the clusterset, in v1beta1 or the older v1alpha1.
 *
 * Facts that shape this (sources in the README's providers table):
 * - The ServiceImport's `status.clusters` lists the exporting clusters whose
 *   endpoints back it; its type and ports come from the exports, and where
 *   they disagree the oldest export wins and the others get Conflict=True
 *   (KEP-1645, "Constraints and Conflict Resolution").
 * - The name to call is `<svc>.<ns>.svc.clusterset.local` (KEP-1645 DNS).
 * - Namespace sameness: a namespace means the same thing in every cluster of
 *   the set, so any Service of that namespace and name joins once exported.
 */
import {
  KINDS,
  McsImportStatus,
  ProviderClusterStatus,
  ProviderSetting,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import { compactMcsServiceImport } from '../../inventory/compact';
import { ObjectIndex } from '../../inventory/objectIndex';
import type {
  ClusterInventory,
  McsServiceImportObject,
  NamespacedIndex,
} from '../../inventory/snapshot';
import { MCS_EXPORT_SOURCE } from '../mcsExportSource';
import type { ProviderReader, SourceDefinition } from '../types';
import { mcsExportStatus } from './exportStatus';
import { implementationFacts, implementationTitle } from './implementations';
import { judgeMcsExport } from './judge';

const IMPORT_SOURCE: SourceDefinition = {
  source: 'mcsserviceimports',
  kinds: [
    KINDS.mcsServiceImport,
    // eslint-disable-next-line no-restricted-syntax -- built once, at start-up
    { ...KINDS.mcsServiceImport, version: 'v1alpha1' },
  ],
  optional: true,
  essential: false,
  createIndex: () => new ObjectIndex(),
  compact: compactMcsServiceImport,
};

function versionOf(apiVersion: string): string {
  return apiVersion.split('/')[1] ?? KINDS.mcsServiceExport.version;
}

function importOf(
  inventory: ClusterInventory,
  service: ServiceRef,
): McsImportStatus | undefined {
  const found = inventory
    .index<NamespacedIndex<McsServiceImportObject>>(IMPORT_SOURCE.source)
    ?.get(service.namespace, service.name);
  if (!found) return undefined;
  return {
    name: found.metadata.name,
    apiVersion: found.apiVersion,
    type: found.spec?.type,
    ports: (found.spec?.ports ?? []).map(port => ({
      name: port.name,
      port: port.port,
      protocol: port.protocol,
    })),
    ips: found.spec?.ips ?? [],
    sessionAffinity: found.spec?.sessionAffinity,
    clusters: (found.status?.clusters ?? []).map(entry => entry.cluster),
  };
}

function read(
  inventory: ClusterInventory,
  service: ServiceRef,
  setting: ProviderSetting,
) {
  const found = inventory.mcsServiceExports.get(
    service.namespace,
    service.name,
  );
  const mcsExport = found && mcsExportStatus(found);
  const mcsImport = importOf(inventory, service);
  const judgement = mcsExport
    ? judgeMcsExport(mcsExport)
    : {
        state: 'not-exported' as const,
        reason: mcsImport
          ? `Not exported here; imported from ${
              mcsImport.clusters.join(', ') || 'no cluster yet'
            }.`
          : 'No ServiceExport in this cluster.',
      };
  const status: ProviderClusterStatus = {
    provider: 'mcs',
    implementation: setting.implementation,
    title: implementationTitle(setting.implementation),
    exportKind: {
      group: KINDS.mcsServiceExport.group,
      version: found
        ? versionOf(found.apiVersion)
        : KINDS.mcsServiceExport.version,
      kind: KINDS.mcsServiceExport.kind,
    },
    exported: mcsExport !== undefined,
    state: judgement.state,
    stateReason: judgement.reason,
    callName:
      mcsExport?.clustersetDnsName ??
      (mcsImport
        ? `${service.name}.${service.namespace}.svc.clusterset.local`
        : undefined),
    imported: mcsImport !== undefined,
    servedFrom: mcsImport?.clusters,
    facts: implementationFacts(setting.implementation, {
      service,
      cluster: inventory.cluster.name,
      headless: mcsImport?.type === 'Headless',
    }),
  };
  return { status, details: { mcsExport, mcsImport } };
}

export const mcsReader: ProviderReader = {
  family: 'mcs',
  title: setting => implementationTitle(setting.implementation),
  sources: [MCS_EXPORT_SOURCE, IMPORT_SOURCE],
  exportSource: MCS_EXPORT_SOURCE.source,
  read: ({ inventory, service, setting }) => read(inventory, service, setting),
  countExports: inventory => {
    let mcs = 0;
    for (const _ of inventory.mcsServiceExports.list()) mcs += 1;
    return { mcs };
  },
};
