/*
 * What is particular to each MCS implementation, as its documentation says:
 * - Submariner Lighthouse: a DNS server per cluster answers clusterset.local
 *   (CoreDNS forwards the zone to it); a headless Service's pods also answer
 *   under `<cluster>.<svc>.<ns>.svc.clusterset.local`, and Globalnet is needed
 *   where the clusters' CIDRs overlap (submariner.io, Service Discovery;
 *   coredns.io/explugins/lighthouse).
 * - Cilium: MCS-API support (beta until 1.18, stable in 1.19 by its release
 *   notes) needs a working Cluster Mesh and `clustermesh.mcsapi.enabled=true`,
 *   CoreDNS 1.12.2 or later for clusterset.local (Cilium can configure
 *   CoreDNS itself), and EndpointSlice synchronization for headless
 *   Services (docs.cilium.io, network/clustermesh/mcsapi). It can run beside
 *   Cilium's own global services (network/clustermesh/load-balancing), which
 *   the cilium-clustermesh provider reads.
 * - AWS Cloud Map MCS controller: each exported Service is registered in
 *   AWS Cloud Map, in a namespace named like the Kubernetes namespace and a
 *   service named like the Service; the clusters must be in one account and
 *   region, and each needs ClusterProperty objects id.k8s.io and
 *   clusterset.k8s.io (KEP-2149) (aws-cloud-map-mcs-controller-for-k8s README).
 */
import type { McsImplementation } from '@service-network/backstage-plugin-service-network-common';
import type { McsFactContext as FactContext } from './api';

const TITLES: Record<McsImplementation, string> = {
  'submariner-lighthouse': 'MCS API (Submariner Lighthouse)',
  cilium: 'MCS API (Cilium)',
  'cloud-map': 'MCS API (AWS Cloud Map MCS controller)',
  generic: 'MCS API',
};

export function implementationTitle(
  implementation: McsImplementation = 'generic',
): string {
  return TITLES[implementation];
}


const FACTS: Record<McsImplementation, (context: FactContext) => string[]> = {
  'submariner-lighthouse': ({ service, cluster, headless }) => [
    "Lighthouse's DNS server answers clusterset.local; CoreDNS forwards that zone to it.",
    ...(headless
      ? [
          `This cluster's pods answer under ${cluster}.${service.name}.${service.namespace}.svc.clusterset.local.`,
        ]
      : []),
    'Clusters with overlapping Pod or Service CIDRs need Submariner Globalnet.',
  ],
  cilium: ({ headless }) => [
    'Cilium serves the MCS API on top of Cluster Mesh (clustermesh.mcsapi.enabled): the clusters must be meshed.',
    ...(headless
      ? [
          "A headless Service needs Cilium's EndpointSlice synchronization to be reached across clusters.",
        ]
      : []),
  ],
  'cloud-map': ({ service }) => [
    `Registered in AWS Cloud Map as service ${service.name} in namespace ${service.namespace}.`,
    'Every cluster needs the ClusterProperty objects id.k8s.io and clusterset.k8s.io, in one AWS account and region.',
  ],
  generic: () => [],
};

export function implementationFacts(
  implementation: McsImplementation = 'generic',
  context: FactContext,
): string[] {
  return FACTS[implementation](context);
}
