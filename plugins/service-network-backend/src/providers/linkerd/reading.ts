/*
 * Reading for Linkerd multicluster: the Service's export labels here, the
 * Links every Linkerd cluster holds, and the mirrors Linkerd's service
 * mirror made of the Service in the linked clusters (with their gateway
 * endpoints), which together say whether the other clusters can call this
 * cluster's copy, and by which name.
 */
import {
  KINDS,
  LinkerdMirrorStatus,
  LinkerdServiceStatus,
  ProviderClusterStatus,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import { compactObject } from '../../inventory/compact';
import { ObjectIndex } from '../../inventory/objectIndex';
import type {
  ClusterInventory,
  KubeObject,
  NamespacedIndex,
} from '../../inventory/snapshot';
import type {
  ProviderReader,
  ProviderReadInput,
  SourceDefinition,
} from '../types';
import { judgeLinkerd } from './judge';
import {
  exportLabel,
  exportMode,
  federatedName,
  isFederatedMember,
  isLinkerdExport,
  isMirror,
  LINKERD_LABELS,
  LinkerdMode,
  mirrorName,
} from './labels';

export const LINKERD_TITLE = 'Linkerd multicluster (service mirror)';

export const LINKS_SOURCE = 'linkerdlinks';
export const MIRROR_SLICES_SOURCE = 'linkerdmirrorslices';

/** What is kept of a Link: the target and its gateway. */
export type LinkObject = KubeObject<{
  targetClusterName?: string;
  gatewayAddress?: string;
  gatewayPort?: string;
}>;

/** What is kept of a mirror's EndpointSlice: whose it is and how many endpoints are ready. */
export type MirrorSliceObject = KubeObject<{
  service?: string;
  ready: number;
  total: number;
}>;

type Loose = Record<string, any>;

const linksSource: SourceDefinition = {
  source: LINKS_SOURCE,
  kinds: [KINDS.linkerdLink, KINDS.linkerdLinkV1alpha1],
  optional: true,
  essential: false,
  createIndex: () => new ObjectIndex(),
  compact: (raw, type) => {
    const spec = raw.spec as Loose | undefined;
    return compactObject<LinkObject>(raw, type, {
      targetClusterName: spec?.targetClusterName,
      gatewayAddress: spec?.gatewayAddress,
      gatewayPort: spec?.gatewayPort,
    });
  },
};

// Kubernetes copies the labels of custom Endpoints onto the EndpointSlices it mirrors them into.
const mirrorSlicesSource: SourceDefinition = {
  source: MIRROR_SLICES_SOURCE,
  kinds: [KINDS.endpointSlice],
  labelSelector: LINKERD_LABELS.clusterName,
  optional: false,
  essential: false,
  createIndex: () => new ObjectIndex(),
  compact: (raw, type) => {
    const endpoints = ((raw as Loose).endpoints as Loose[] | null) ?? [];
    return compactObject<MirrorSliceObject>(raw, type, {
      service: raw.metadata.labels?.['kubernetes.io/service-name'],
      // Kubernetes reads an endpoint without `ready` as ready.
      ready: endpoints.filter(e => e.conditions?.ready !== false).length,
      total: endpoints.length,
    });
  },
};

function isLinkerdCluster(inventory: ClusterInventory): boolean {
  return inventory.cluster.providers.some(p => p.id === 'linkerd');
}

function linksIn(inventory: ClusterInventory): Iterable<LinkObject> {
  return (
    inventory.index<NamespacedIndex<LinkObject>>(LINKS_SOURCE)?.list() ?? []
  );
}

/** The mirror of `service` from `source` in `inventory`, if the service mirror made it. */
function mirrorOf(
  inventory: ClusterInventory,
  service: ServiceRef,
  source: string,
) {
  const mirror = inventory.services.get(
    service.namespace,
    mirrorName(service.name, source),
  );
  return isMirror(mirror) &&
    mirror?.metadata.labels?.[LINKERD_LABELS.clusterName] === source
    ? mirror
    : undefined;
}

function modeOfMirror(mirror: KubeObject): LinkerdMode {
  return mirror.metadata.labels?.[LINKERD_LABELS.remoteDiscovery]
    ? 'remote-discovery'
    : 'gateway';
}

function gatewayEndpoints(
  inventory: ClusterInventory,
  namespace: string,
  mirror: string,
) {
  const slices =
    inventory.index<NamespacedIndex<MirrorSliceObject>>(MIRROR_SLICES_SOURCE);
  let found = false;
  let ready = 0;
  let total = 0;
  for (const slice of slices?.inNamespace(namespace) ?? []) {
    if (slice.spec?.service !== mirror) continue;
    found = true;
    ready += slice.spec.ready;
    total += slice.spec.total;
  }
  return found ? { ready, total } : undefined;
}

/** How `peer` mirrors this cluster's copy of the Service. */
function mirroredIn(
  cluster: string,
  peer: ClusterInventory,
  service: ServiceRef,
): LinkerdMirrorStatus {
  const link = [...linksIn(peer)].find(
    l => l.spec?.targetClusterName === cluster,
  );
  const mirror = mirrorOf(peer, service, cluster);
  const endpoints =
    mirror && modeOfMirror(mirror) === 'gateway'
      ? gatewayEndpoints(peer, service.namespace, mirror.metadata.name)
      : undefined;
  const gateway = link?.spec?.gatewayAddress
    ? `${link.spec.gatewayAddress}:${link.spec.gatewayPort ?? ''}`.replace(
        /:$/,
        '',
      )
    : undefined;
  return {
    cluster: peer.cluster.name,
    ...(link ? { link: link.metadata.name } : {}),
    ...(gateway ? { gateway } : {}),
    ...(mirror ? { mirror: mirror.metadata.name } : {}),
    ...(endpoints ? { gatewayEndpoints: endpoints } : {}),
  };
}

export function linkerdServiceStatus(
  inventory: ClusterInventory,
  peers: readonly ClusterInventory[],
  service: ServiceRef,
): LinkerdServiceStatus {
  const cluster = inventory.cluster.name;
  const members = [inventory, ...peers.filter(isLinkerdCluster)];
  const others = members.slice(1);
  const copies = members.map(member => {
    const copy = member.services.get(service.namespace, service.name);
    return {
      name: member.cluster.name,
      copy: isMirror(copy) ? undefined : copy,
    };
  });
  const here = copies[0].copy;
  const mode = exportMode(here);
  const exportedIn = copies.filter(c => exportMode(c.copy)).map(c => c.name);
  const federatedIn = copies
    .filter(c => isFederatedMember(c.copy))
    .map(c => c.name);
  const federated = inventory.services.get(
    service.namespace,
    federatedName(service.name),
  );
  const label = exportLabel(here);
  return {
    ...(label !== undefined ? { exportedLabel: label } : {}),
    ...(mode ? { mode } : {}),
    federatedMember: isFederatedMember(here),
    mirroredIn: mode
      ? others.map(peer => mirroredIn(cluster, peer, service))
      : [],
    mirrorsHere: others.flatMap(peer => {
      const mirror = mirrorOf(inventory, service, peer.cluster.name);
      return mirror
        ? [
            {
              cluster: peer.cluster.name,
              name: mirror.metadata.name,
              mode: modeOfMirror(mirror),
            },
          ]
        : [];
    }),
    ...(isMirror(federated)
      ? { federatedService: federated!.metadata.name }
      : {}),
    exportedIn,
    federatedIn,
    missingIn:
      exportedIn.length || federatedIn.length
        ? copies.filter(c => !c.copy).map(c => c.name)
        : [],
  };
}

function facts(
  status: LinkerdServiceStatus,
  service: ServiceRef,
  cluster: string,
): string[] {
  const found: string[] = [];
  if (status.mode === 'gateway') {
    found.push(
      `Gateway mode: linked clusters call ${mirrorName(
        service.name,
        cluster,
      )}, which Linkerd sends through the multicluster gateway of ${cluster}.`,
    );
  }
  if (status.mode === 'remote-discovery') {
    found.push(
      `Remote-discovery mode: linked clusters call ${mirrorName(
        service.name,
        cluster,
      )}, and their proxies connect to the pods here directly (flat network, one trust root).`,
    );
  }
  if (status.federatedMember) {
    found.push(
      `Federated member: ${federatedName(
        service.name,
      )} balances over the endpoints of ${status.federatedIn.join(', ')}.`,
    );
  }
  for (const mirror of status.mirrorsHere) {
    found.push(
      `From here, ${mirror.cluster}'s copy is called as ${mirror.name}.`,
    );
  }
  return found;
}

/** What linked clusters call this copy by: its mirror there, or the federated service. */
function callableName(
  status: LinkerdServiceStatus,
  service: string,
  cluster: string,
): string | undefined {
  if (status.mode) return mirrorName(service, cluster);
  return status.federatedMember ? federatedName(service) : undefined;
}

function read(input: ProviderReadInput) {
  const { inventory, service } = input;
  const cluster = inventory.cluster.name;
  const linkerd = linkerdServiceStatus(inventory, input.peers, service);
  const hasService =
    inventory.services.get(service.namespace, service.name) !== undefined;
  const judgement = judgeLinkerd(linkerd, hasService, cluster);
  const exported = linkerd.mode !== undefined || linkerd.federatedMember;
  const called = callableName(linkerd, service.name, cluster);
  const callName = called && `${called}.${service.namespace}.svc.cluster.local`;
  const status: ProviderClusterStatus = {
    provider: 'linkerd',
    title: LINKERD_TITLE,
    exportKind: {
      group: KINDS.service.group,
      version: KINDS.service.version,
      kind: KINDS.service.kind,
    },
    exported,
    state: judgement.state,
    stateReason: judgement.reason,
    ...(callName ? { callName } : {}),
    imported:
      linkerd.mirrorsHere.length > 0 || linkerd.federatedService !== undefined,
    servedFrom: [
      ...(hasService ? [cluster] : []),
      ...linkerd.mirrorsHere.map(m => m.cluster),
    ].sort(),
    facts: facts(linkerd, service, cluster),
  };
  return { status, details: { linkerd } };
}

export const linkerdReader: ProviderReader = {
  family: 'linkerd',
  title: () => LINKERD_TITLE,
  // The export is a label of the Service: the core `services` source holds it.
  sources: [linksSource, mirrorSlicesSource],
  exportSource: 'services',
  isExport: isLinkerdExport,
  read,
  countExports: inventory => {
    let linkerd = 0;
    for (const service of inventory.services.list()) {
      if (!isMirror(service) && isLinkerdExport(service)) linkerd += 1;
    }
    return { linkerd };
  },
};
