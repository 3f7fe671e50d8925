/*
 * Reading for the Kubernetes Multi-Cluster Services API
 * (multicluster.x-k8s.io, KEP-1645): the ServiceExport, whose conditions
 * the implementation writes, in v1beta1 or the older v1alpha1.
 */
import {
  KINDS,
  McsImplementation,
  ProviderClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { MCS_EXPORT_SOURCE } from '../mcsExportSource';
import type { ProviderReader } from '../types';
import { mcsExportStatus } from './exportStatus';
import { judgeMcsExport } from './judge';

const IMPLEMENTATION_TITLES: Record<McsImplementation, string> = {
  'submariner-lighthouse': 'Submariner Lighthouse',
  cilium: 'Cilium',
  'cloud-map': 'AWS Cloud Map MCS controller',
  generic: '',
};

function title(implementation: McsImplementation = 'generic'): string {
  const name = IMPLEMENTATION_TITLES[implementation];
  return name ? `MCS API (${name})` : 'MCS API';
}

function versionOf(apiVersion: string): string {
  return apiVersion.split('/')[1] ?? KINDS.mcsServiceExport.version;
}

export const mcsReader: ProviderReader = {
  family: 'mcs',
  title: setting => title(setting.implementation),
  sources: [MCS_EXPORT_SOURCE],
  exportSource: MCS_EXPORT_SOURCE.source,
  read({ inventory, service, setting }) {
    const found = inventory.mcsServiceExports.get(
      service.namespace,
      service.name,
    );
    const mcsExport = found && mcsExportStatus(found);
    const judgement = mcsExport
      ? judgeMcsExport(mcsExport)
      : {
          state: 'not-exported' as const,
          reason: 'No ServiceExport in this cluster.',
        };
    const status: ProviderClusterStatus = {
      provider: 'mcs',
      implementation: setting.implementation,
      title: title(setting.implementation),
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
      callName: mcsExport?.clustersetDnsName,
    };
    return { status, details: { mcsExport } };
  },
  countExports: inventory => {
    let mcs = 0;
    for (const _ of inventory.mcsServiceExports.list()) mcs += 1;
    return { mcs };
  },
};
