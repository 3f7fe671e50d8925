/*
 * Reading for the AWS Gateway API Controller: its ServiceExport
 * (application-networking.k8s.aws/v1alpha1, which it never writes a status
 * on), the Events it reports export failures with, and the VPC Lattice
 * target groups and targets it creates. It also reads the upstream MCS
 * ServiceExport, a common mistake: the controller ignores that group.
 */
import {
  KINDS,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  ProviderClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import {
  compactEvent,
  compactLatticeServiceExport,
} from '../../inventory/compact';
import { EventIndex } from '../../inventory/eventIndex';
import { ServiceExportStore } from '../../inventory/objectIndex';
import type {
  ClusterInventory,
  LatticeServiceExportObject,
} from '../../inventory/snapshot';
import { eventsAbout } from '../../status/events';
import { annotationOf } from '../../status/kube';
import { serviceSummary } from '../../status/service';
import { MCS_CONDITIONS, MCS_EXPORT_SOURCE } from '../mcsExportSource';
import { mcsExportStatus } from '../mcs/exportStatus';
import type {
  ProviderReader,
  ProviderReadInput,
  SourceDefinition,
} from '../types';
import { latticeExportStatus } from './exportStatus';
import { judgeLatticeExport } from './judge';
import type { Judgement } from '../judgement';
import { targetGroupStatus } from './targetGroups';

const SOURCES: readonly SourceDefinition[] = [
  {
    source: 'serviceexports',
    kinds: [KINDS.latticeServiceExport],
    optional: true,
    essential: true,
    createIndex: () => new ServiceExportStore(),
    compact: compactLatticeServiceExport,
  },
  MCS_EXPORT_SOURCE,
  // Only the events the export status needs: the controller reports export failures nowhere else.
  {
    source: 'events',
    kinds: [KINDS.event],
    fieldSelector: `involvedObject.kind=${KINDS.latticeServiceExport.kind}`,
    optional: false,
    essential: false,
    createIndex: ({ eventsPerObject }) => new EventIndex(eventsPerObject),
    compact: compactEvent,
  },
];

export const TITLE = 'AWS Gateway API Controller (VPC Lattice)';

/** The export named like the Service wins over one pointing at it by annotation. */
function exportOf(
  inventory: ClusterInventory,
  namespace: string,
  name: string,
): LatticeServiceExportObject | undefined {
  const { serviceExports } = inventory;
  const named = serviceExports.get(namespace, name);
  if (named) return named;
  for (const pointing of serviceExports.forService(namespace, name)) {
    return pointing;
  }
  return undefined;
}

const EXPORT_KIND = {
  group: KINDS.latticeServiceExport.group,
  version: KINDS.latticeServiceExport.version,
  kind: KINDS.latticeServiceExport.kind,
};

function entry(
  judgement: Judgement,
  fields: Partial<ProviderClusterStatus> = {},
): ProviderClusterStatus {
  return {
    provider: 'aws-gateway-controller',
    title: TITLE,
    exportKind: EXPORT_KIND,
    exported: false,
    state: judgement.state,
    stateReason: judgement.reason,
    ...fields,
  };
}

function read(input: ProviderReadInput) {
  const { inventory, service: ref, lattice, latticeHasData } = input;
  const cluster = inventory.cluster.name;
  const serviceObject = inventory.services.get(ref.namespace, ref.name);
  const service = serviceObject && serviceSummary(serviceObject);
  const exportObject = exportOf(inventory, ref.namespace, ref.name);
  if (!exportObject) {
    const foreign =
      !input.claimedSources.has(MCS_EXPORT_SOURCE.source) &&
      inventory.mcsServiceExports.get(ref.namespace, ref.name);
    return {
      status: entry(
        foreign
          ? {
              state: 'ignored',
              reason:
                'Exported with the upstream MCS API, which the AWS Gateway API Controller does not read.',
            }
          : {
              state: 'not-exported',
              reason: 'No ServiceExport in this cluster.',
            },
      ),
      details: {
        events: [],
        targetGroups: [],
        mcsExport: foreign
          ? mcsExportStatus({ conditions: MCS_CONDITIONS }, foreign)
          : undefined,
      },
    };
  }
  const targetGroups = latticeHasData
    ? lattice
        .targetGroupsForExport({
          namespace: ref.namespace,
          name: exportObject.metadata.name,
          cluster,
        })
        .map(targetGroupStatus)
        .sort((a, b) => a.port - b.port)
    : [];
  const serviceExport = latticeExportStatus(
    exportObject,
    service,
    targetGroups,
  );
  const events = eventsAbout(inventory, exportObject);
  const judgement = judgeLatticeExport(
    {
      namespace: ref.namespace,
      service,
      events,
      targetGroups,
      latticeHasData,
      latticeTagsPending:
        latticeHasData &&
        lattice.tagsPending({
          namespace: ref.namespace,
          name: exportObject.metadata.name,
        }),
    },
    serviceExport,
  );
  const targets = targetGroups.flatMap(group =>
    group.status === 'ACTIVE' && group.targets.listed ? [group.targets] : [],
  );
  // No call name here: Lattice names the route's service, which the page shows with the routes.
  return {
    status: entry(judgement, {
      exported: serviceExport.federated,
      endpoints: targets.length
        ? {
            ready: targets.reduce(
              (sum, t) => sum + (t.byStatus.HEALTHY ?? 0),
              0,
            ),
            total: targets.reduce((sum, t) => sum + t.total, 0),
          }
        : undefined,
    }),
    details: { export: serviceExport, events, targetGroups },
  };
}

export const awsReader: ProviderReader = {
  family: 'aws',
  title: () => TITLE,
  sources: SOURCES,
  exportSource: 'serviceexports',
  read,
  countExports(inventory) {
    let federated = 0;
    let all = 0;
    for (const serviceExport of inventory.serviceExports.list()) {
      all += 1;
      if (
        annotationOf(serviceExport, LATTICE_ANNOTATIONS.federation) ===
        LATTICE_FEDERATION_VALUE
      ) {
        federated += 1;
      }
    }
    return { federated, ignored: all - federated };
  },
};
