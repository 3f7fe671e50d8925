/*
 * Reading for Istio multi-cluster: each Istio cluster's Namespaces (the
 * istio-system network label, the Service's namespace's dataplane mode),
 * its remote secrets in istio-system (only their labels, annotations and
 * names are kept: never their kubeconfigs) and the core Services (the
 * Service itself, the east-west gateway). Every workload cluster
 * configured with this provider is taken to be one mesh, with Istio cluster
 * IDs equal to the clusters' names in serviceNetwork.clusters.
 */
import {
  IstioServiceStatus,
  KINDS,
  ProviderClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { compactObject } from '../../inventory/compact';
import { ObjectIndex } from '../../inventory/objectIndex';
import type { Judgement } from '../judgement';
import type {
  ProviderReader,
  ProviderReadInput,
  SourceDefinition,
} from '../types';
import {
  ISTIO_LABELS,
  ISTIO_SOURCES,
  ISTIO_SYSTEM,
  istioFacts,
  istioServiceStatus,
  otherNamespacesSeeing,
} from './mesh';

export const ISTIO_TITLE = 'Istio multi-cluster';

/** Shown where the page would offer an export. */
export const READ_ONLY_WORDS =
  'Service Network only reads Istio: in a mesh, a Service is shared wherever it runs under the same name and namespace. To change who reaches it, change its networking.istio.io/exportTo annotation (or, in ambient mode, its istio.io/global label) in your manifests, or ask your platform team for remote secrets and east-west gateways.';

const SOURCES: SourceDefinition[] = [
  {
    source: ISTIO_SOURCES.namespaces,
    kinds: [KINDS.namespace],
    optional: false,
    essential: false,
    createIndex: () => new ObjectIndex(),
    compact: (raw, type) => compactObject(raw, type, undefined),
  },
  {
    source: ISTIO_SOURCES.remoteSecrets,
    kinds: [KINDS.secret],
    namespace: ISTIO_SYSTEM,
    labelSelector: `${ISTIO_LABELS.multiCluster}=true`,
    optional: true,
    essential: false,
    createIndex: () => new ObjectIndex(),
    // No spec, no data: a remote secret's kubeconfig never enters the inventory.
    compact: (raw, type) => compactObject(raw, type, undefined),
  },
];

function unreachableWords(status: IstioServiceStatus): string {
  return status.unreachable
    .map(
      entry =>
        `${entry.cluster} (${
          entry.reason === 'no-remote-secret'
            ? 'no remote secret for it'
            : 'another network, no east-west gateway'
        })`,
    )
    .join(', ');
}

function judge(status: IstioServiceStatus, namespace: string): Judgement {
  const elsewhere = status.runsIn.join(', ');
  if (status.servedFrom.length === 0) {
    return {
      state: 'not-exported',
      reason: status.runsIn.length
        ? `No Service here; it runs in ${elsewhere}.`
        : 'No Service in this cluster.',
    };
  }
  if (status.ambient && !status.global) {
    return {
      state: 'not-exported',
      reason: `Ambient mode without ${ISTIO_LABELS.global}: calls from here stay in this cluster.`,
    };
  }
  if (status.unreachable.length) {
    return {
      state: 'degraded',
      reason: `Calls from here reach ${status.servedFrom.join(', ')} only, not ${unreachableWords(status)}.`,
    };
  }
  const others = status.exportTo && otherNamespacesSeeing(status.exportTo, namespace);
  if (others) {
    return {
      state: 'degraded',
      reason: others.length
        ? `Only namespaces ${[namespace, ...others].join(', ')} see it (networking.istio.io/exportTo).`
        : `Only its own namespace ${namespace} sees it (networking.istio.io/exportTo).`,
    };
  }
  return {
    state: 'healthy',
    reason:
      status.servedFrom.length > 1
        ? `Calls from here reach the endpoints in ${status.servedFrom.join(', ')}.`
        : 'No other cluster of the mesh runs it: calls stay here.',
  };
}

function read(input: ProviderReadInput) {
  const { inventory, service } = input;
  const mesh = [
    inventory,
    ...input.peers.filter(peer => peer.cluster.providers.some(p => p.id === 'istio')),
  ].map(cluster => istioFacts(cluster, service.namespace, service.name));
  const istio = istioServiceStatus(mesh[0], mesh);
  const judgement = judge(istio, service.namespace);
  const here = istio.servedFrom.length > 0;
  const status: ProviderClusterStatus = {
    provider: 'istio',
    title: ISTIO_TITLE,
    exportKind: {
      group: KINDS.service.group,
      version: KINDS.service.version,
      kind: KINDS.service.kind,
    },
    exported: istio.reachedFrom.length > 0,
    state: judgement.state,
    stateReason: judgement.reason,
    callName: here ? `${service.name}.${service.namespace}.svc.cluster.local` : undefined,
    imported: istio.servedFrom.length > 1,
    servedFrom: istio.servedFrom,
    facts: here
      ? [
          istio.primary
            ? `A remote of ${istio.primary}: its istiod configures the proxies here.`
            : `Its own control plane watches ${istio.watches.length ? `${istio.watches.join(', ')} too` : 'no other cluster'}.`,
          istio.network
            ? `Network ${istio.network}${istio.eastWestGateway ? `, east-west gateway ${istio.eastWestGateway}` : ', no east-west gateway'}.`
            : 'No network label on istio-system: the default network.',
        ]
      : [],
    readOnly: READ_ONLY_WORDS,
  };
  return { status, details: { istio } };
}

export const istioReader: ProviderReader = {
  family: 'istio',
  title: () => ISTIO_TITLE,
  sources: SOURCES,
  // The Service itself is what Istio shares: the core `services` source holds it.
  exportSource: 'services',
  isExport: () => false,
  read,
  countExports: () => ({}),
};
