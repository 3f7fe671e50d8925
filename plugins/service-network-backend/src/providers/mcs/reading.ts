/*
 * Reading for an MCS-like API (KEP-1645): the ServiceExport, whose
 * conditions the implementation writes, and the ServiceImport it derives in
 * every cluster of the clusterset, in the newest version served.
 *
 * Facts that shape this (sources in the README's providers table):
 * - The ServiceImport's `status.clusters` lists the exporting clusters whose
 *   endpoints back it; its type and ports come from the exports, and where
 *   they disagree the oldest export wins and the others get Conflict=True
 *   (KEP-1645, "Constraints and Conflict Resolution").
 * - The name to call is `<svc>.<ns>.svc.clusterset.local` (KEP-1645 DNS;
 *   GKE uses the same zone).
 * - Namespace sameness: a namespace means the same thing in every cluster of
 *   the set, so any Service of that namespace and name joins once exported.
 */
import type {
  McsImportStatus,
  ProviderClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  McsServiceExportObject,
  McsServiceImportObject,
  NamespacedIndex,
} from '../../inventory/snapshot';
import type { ProviderReader, ProviderReadInput } from '../types';
import type { McsApi } from './api';
import { mcsExportStatus } from './exportStatus';
import { judgeMcsExport } from './judge';

function versionOf(api: McsApi, apiVersion: string): string {
  return apiVersion.split('/')[1] ?? api.exportKinds[0].version;
}

function importOf(
  api: McsApi,
  { inventory, service }: ProviderReadInput,
): McsImportStatus | undefined {
  const found = inventory
    .index<NamespacedIndex<McsServiceImportObject>>(api.importSource.source)
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

function exportsOf(api: McsApi, input: ProviderReadInput) {
  return input.inventory.index<NamespacedIndex<McsServiceExportObject>>(
    api.exportSource.source,
  );
}

function read(api: McsApi, input: ProviderReadInput) {
  const { inventory, service, setting } = input;
  const found = exportsOf(api, input)?.get(service.namespace, service.name);
  const exported = found && mcsExportStatus(api, found);
  const imported = importOf(api, input);
  const judgement = exported
    ? judgeMcsExport(api, exported)
    : {
        state: 'not-exported' as const,
        reason: imported
          ? `Not exported here; imported from ${
              imported.clusters.join(', ') || 'no cluster yet'
            }.`
          : 'No ServiceExport in this cluster.',
      };
  const [preferred] = api.exportKinds;
  const status: ProviderClusterStatus = {
    provider: api.id,
    implementation: setting.implementation,
    title: api.title(setting),
    exportKind: {
      group: preferred.group,
      version: found ? versionOf(api, found.apiVersion) : preferred.version,
      kind: preferred.kind,
    },
    exported: exported !== undefined,
    state: judgement.state,
    stateReason: judgement.reason,
    callName:
      exported?.clustersetDnsName ??
      (imported
        ? `${service.name}.${service.namespace}.svc.clusterset.local`
        : undefined),
    imported: imported !== undefined,
    servedFrom: imported?.clusters,
    facts: api.facts(setting, {
      service,
      cluster: inventory.cluster.name,
      headless: imported?.type === 'Headless',
      config: input.config,
    }),
  };
  return {
    status,
    details: { [api.details.export]: exported, [api.details.import]: imported },
  };
}

export function mcsReaderFor(api: McsApi): ProviderReader {
  return {
    family: api.family,
    title: api.title,
    sources: [api.exportSource, api.importSource],
    configSources: api.configSources,
    exportSource: api.exportSource.source,
    read: input => read(api, input),
    countExports: inventory => {
      let mcs = 0;
      const exports = inventory.index<NamespacedIndex<McsServiceExportObject>>(
        api.exportSource.source,
      );
      for (const _ of exports?.list() ?? []) mcs += 1;
      return { mcs };
    },
  };
}
