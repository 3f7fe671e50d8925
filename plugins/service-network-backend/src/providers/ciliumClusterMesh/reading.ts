/*
 * Reading for Cilium Cluster Mesh global services: the Service's own
 * annotations here, and the same Service's in the other clusters of the
 * mesh (every workload cluster running this provider), which is what
 * Cilium's agents share through the mesh.
 */
import {
  CiliumGlobalServiceStatus,
  KINDS,
  ProviderClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type { ServiceObject } from '../../inventory/snapshot';
import type { Judgement } from '../judgement';
import type { ProviderReader, ProviderReadInput } from '../types';
import {
  affinityOf,
  ciliumAnnotations,
  isGlobal,
  isShared,
} from './annotations';

export const CILIUM_TITLE = 'Cilium Cluster Mesh (global service)';

/** The annotations compared across clusters; weight is judged on its own. */
const COMPARED = ['global', 'shared', 'affinity'] as const;

interface Member {
  name: string;
  service?: ServiceObject;
}

function meshOf(input: ProviderReadInput): Member[] {
  const { service } = input;
  return input.peers
    .filter(peer =>
      peer.cluster.providers.some(p => p.id === 'cilium-clustermesh'),
    )
    .map(peer => ({
      name: peer.cluster.name,
      service: peer.services.get(service.namespace, service.name),
    }));
}

export function ciliumGlobalStatus(
  cluster: string,
  here: ServiceObject | undefined,
  mesh: readonly Member[],
): CiliumGlobalServiceStatus {
  const annotations = here ? ciliumAnnotations(here) : {};
  const global = here !== undefined && isGlobal(here);
  const others = mesh.filter(member => member.service);
  const globalIn = [
    ...(global ? [cluster] : []),
    ...others.filter(m => isGlobal(m.service!)).map(m => m.name),
  ].sort();
  const differences = here
    ? others.flatMap(member => {
        const theirs = ciliumAnnotations(member.service!);
        return COMPARED.filter(
          name => (theirs[name] ?? '') !== (annotations[name] ?? ''),
        ).map(annotation => ({
          cluster: member.name,
          annotation,
          value: theirs[annotation],
        }));
      })
    : [];
  return {
    annotations,
    global,
    shared: here !== undefined && isShared(here),
    affinity: here ? affinityOf(here) : 'none',
    globalIn,
    servedFrom: global
      ? [
          cluster,
          ...others.filter(m => isShared(m.service!)).map(m => m.name),
        ].sort()
      : [],
    differences,
    missingIn: globalIn.length
      ? mesh.filter(member => !member.service).map(member => member.name)
      : [],
  };
}

function judge(
  status: CiliumGlobalServiceStatus,
  hasService: boolean,
): Judgement {
  const elsewhere = status.globalIn.join(', ');
  if (!hasService) {
    return {
      state: 'not-exported',
      reason: status.globalIn.length
        ? `No Service here; it is global in ${elsewhere}.`
        : 'No Service in this cluster.',
    };
  }
  if (!status.global) {
    return {
      state: 'not-exported',
      reason: status.globalIn.length
        ? `Not global here; global in ${elsewhere}.`
        : 'Not a global service (no service.cilium.io/global annotation).',
    };
  }
  const notGlobal = status.differences
    .filter(d => d.annotation === 'global')
    .map(d => d.cluster);
  if (notGlobal.length) {
    return {
      state: 'degraded',
      reason: `Global here, but not in ${notGlobal.join(
        ', ',
      )}, which runs the Service too.`,
    };
  }
  return {
    state: 'healthy',
    reason:
      status.servedFrom.length > 1
        ? `Global: calls from here reach the endpoints in ${status.servedFrom.join(
            ', ',
          )}.`
        : 'Global; no other cluster of the mesh shares it yet.',
  };
}

function read(input: ProviderReadInput) {
  const { inventory, service } = input;
  const cluster = inventory.cluster.name;
  const here = inventory.services.get(service.namespace, service.name);
  const ciliumGlobal = ciliumGlobalStatus(cluster, here, meshOf(input));
  const judgement = judge(ciliumGlobal, here !== undefined);
  const status: ProviderClusterStatus = {
    provider: 'cilium-clustermesh',
    title: CILIUM_TITLE,
    exportKind: {
      group: KINDS.service.group,
      version: KINDS.service.version,
      kind: KINDS.service.kind,
    },
    exported: ciliumGlobal.global,
    state: judgement.state,
    stateReason: judgement.reason,
    callName: ciliumGlobal.global
      ? `${service.name}.${service.namespace}.svc.cluster.local`
      : undefined,
    imported: ciliumGlobal.servedFrom.length > 0,
    servedFrom: ciliumGlobal.servedFrom,
    facts: ciliumGlobal.global
      ? [
          'Cilium load-balances calls to the Service name over the endpoints of every cluster sharing it.',
          ...(ciliumGlobal.shared
            ? []
            : [
                'service.cilium.io/shared is "false" here: this cluster reaches the others, but keeps its own endpoints to itself.',
              ]),
          ...(ciliumGlobal.affinity === 'none'
            ? []
            : [
                `service.cilium.io/affinity is "${ciliumGlobal.affinity}": calls prefer ${
                  ciliumGlobal.affinity === 'local' ? 'this cluster' : 'the other clusters'
                }' endpoints while any are healthy.`,
              ]),
        ]
      : [],
  };
  return { status, details: { ciliumGlobal } };
}

export const ciliumReader: ProviderReader = {
  family: 'cilium',
  title: () => CILIUM_TITLE,
  // The Service itself is the export: the core `services` source holds it.
  sources: [],
  exportSource: 'services',
  isExport: isGlobal,
  read,
  countExports: inventory => {
    let ciliumGlobal = 0;
    for (const service of inventory.services.list()) {
      if (isGlobal(service)) ciliumGlobal += 1;
    }
    return { ciliumGlobal };
  },
};
