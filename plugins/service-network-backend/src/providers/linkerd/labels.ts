/*
 * Linkerd multicluster, as Linkerd documents it and its service mirror
 * writes it (linkerd.io/2/reference/multicluster/; linkerd/linkerd2
 * multicluster/service-mirror/cluster_watcher.go and pkg/k8s/labels.go):
 * - A Service is exported by a label on the Service itself:
 *   `mirror.linkerd.io/exported: "true"` mirrors it in gateway
 *   (hierarchical) mode, `mirror.linkerd.io/exported: remote-discovery` in
 *   flat (pod-to-pod) mode; these are the default selectors of a Link
 *   (`selector`, `remoteDiscoverySelector`).
 * - A Link (`multicluster.linkerd.io`) in the source cluster names the
 *   target cluster (`spec.targetClusterName`); that cluster's service mirror
 *   watches the target's Services and creates, per exported Service, a
 *   mirror `<svc>-<targetClusterName>` in the same namespace, labelled
 *   `mirror.linkerd.io/mirrored-service: "true"` and
 *   `mirror.linkerd.io/cluster-name: <target>`, annotated
 *   `mirror.linkerd.io/remote-svc-fq-name: <svc>.<ns>.svc.<domain>`. When
 *   the label goes, the mirror goes.
 * - Gateway mode: the mirror's Endpoints hold the target's gateway address
 *   (`spec.gatewayAddress`) on `spec.gatewayPort`; empty when the exported
 *   Service has no endpoints, not ready when the gateway address does not
 *   resolve. Kubernetes mirrors custom Endpoints into EndpointSlices with
 *   their labels, so the slices carry `mirror.linkerd.io/cluster-name`.
 * - Remote-discovery mode: the mirror also carries
 *   `multicluster.linkerd.io/remote-discovery: <target>` and
 *   `multicluster.linkerd.io/remote-service: <svc>` and has no local
 *   endpoints: Linkerd's destination controller reads them from the target
 *   cluster's API.
 * - Federated services: Services labelled `mirror.linkerd.io/federated:
 *   member` (a Link's `federatedServiceSelector`, Linkerd 2.17) in linked
 *   clusters are joined into one `<svc>-federated` Service in each source
 *   cluster, annotated `multicluster.linkerd.io/remote-discovery:
 *   <svc>@<cluster>,...` (and `multicluster.linkerd.io/local-discovery` for
 *   the local member); same namespace only, flat network, meshed clients.
 * - Gateway liveness: the service mirror probes the target's gateway
 *   (`spec.probeSpec`: path, port, period) and shows the result in
 *   `linkerd multicluster gateways` (ALIVE) and its gateway_alive metric,
 *   which are not Kubernetes objects; what the API shows is whether the
 *   mirror's gateway endpoints are ready.
 */
import type { KubeObject } from '../../inventory/snapshot';

export const LINKERD_LABELS = {
  exported: 'mirror.linkerd.io/exported',
  federated: 'mirror.linkerd.io/federated',
  mirroredService: 'mirror.linkerd.io/mirrored-service',
  clusterName: 'mirror.linkerd.io/cluster-name',
  remoteDiscovery: 'multicluster.linkerd.io/remote-discovery',
  remoteService: 'multicluster.linkerd.io/remote-service',
} as const;

/** Label prefixes the inventory keeps on Services (it drops every other label). */
export const LINKERD_LABEL_PREFIXES = [
  'mirror.linkerd.io/',
  'multicluster.linkerd.io/',
] as const;

export const EXPORT_VALUES = {
  gateway: 'true',
  remoteDiscovery: 'remote-discovery',
} as const;

export const FEDERATED_MEMBER = 'member';

export type LinkerdMode = 'gateway' | 'remote-discovery';

function label(object: KubeObject | undefined, key: string) {
  return object?.metadata.labels?.[key];
}

/** The mode the Service's export label selects with a Link's default selectors. */
export function exportMode(
  object: KubeObject | undefined,
): LinkerdMode | undefined {
  switch (label(object, LINKERD_LABELS.exported)) {
    case EXPORT_VALUES.gateway:
      return 'gateway';
    case EXPORT_VALUES.remoteDiscovery:
      return 'remote-discovery';
    default:
      return undefined;
  }
}

export function exportLabel(
  object: KubeObject | undefined,
): string | undefined {
  return label(object, LINKERD_LABELS.exported);
}

export function isFederatedMember(object: KubeObject | undefined): boolean {
  return label(object, LINKERD_LABELS.federated) === FEDERATED_MEMBER;
}

/** Exported or federated: what the Export button writes and the fleet counts. */
export function isLinkerdExport(object: KubeObject): boolean {
  return exportMode(object) !== undefined || isFederatedMember(object);
}

/** A Service the service mirror made (a mirror or a federated Service), not one of ours. */
export function isMirror(object: KubeObject | undefined): boolean {
  return label(object, LINKERD_LABELS.mirroredService) === 'true';
}

export function mirrorName(service: string, cluster: string): string {
  return `${service}-${cluster}`;
}

export function federatedName(service: string): string {
  return `${service}-federated`;
}
