/*
 * Findings about a Cilium Cluster Mesh global service in one cluster: the
 * Service missing here or not global here while other clusters share it,
 * annotations that differ between clusters, and annotations Cilium does not
 * read where they are.
 */
import {
  Finding,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { aboutService } from '../../status/refs';
import type { ProviderExplainer } from '../types';
import { AFFINITIES, CILIUM_ANNOTATIONS } from './annotations';

function findings(
  cluster: WorkloadClusterStatus,
  service: ServiceRef,
): Finding[] {
  const status = cluster.ciliumGlobal;
  if (!status) return [];
  const name = `${service.namespace}/${service.name}`;
  const base = aboutService(cluster.cluster, service);
  const elsewhere = status.globalIn.join(', ');
  const found: Finding[] = [];
  if (!cluster.service) {
    if (status.globalIn.length) {
      found.push({
        id: 'cilium-no-service-here',
        severity: 'warning',
        cluster: cluster.cluster,
        title: 'Global in the mesh, but no Service in this cluster',
        detail: `${name} is a Cilium global service in ${elsewhere}, and cluster ${cluster.cluster} runs no Service of that name: Cilium load-balances a global service only in clusters that define it, so pods here cannot call it.`,
        action: `Create the Service ${name} in ${cluster.cluster} with the same ports and the annotation ${CILIUM_ANNOTATIONS.global}: "true" (its selector may match no pods here), or leave it out on purpose.`,
        objectRefs: [],
      });
    }
    return found;
  }
  if (!status.global && status.globalIn.length) {
    found.push({
      id: 'cilium-not-global-here',
      severity: 'warning',
      title: 'Runs here but is not global',
      detail: `${name} is global in ${elsewhere}, but cluster ${cluster.cluster} does not annotate it ${CILIUM_ANNOTATIONS.global}: "true": its endpoints are left out of the global service, and calls from here stay in this cluster.`,
      action: `Export it here too (the Export button sets only ${CILIUM_ANNOTATIONS.global}: "true"), or leave it out on purpose.`,
      ...base,
    });
  }
  const differing = status.differences.filter(d => d.annotation !== 'global');
  if (status.global && differing.length) {
    found.push({
      id: 'cilium-annotations-differ',
      severity: 'info',
      title: 'Cilium annotations differ between clusters',
      detail: `${name} in cluster ${cluster.cluster} has ${differing
        .map(
          d =>
            `${CILIUM_ANNOTATIONS[d.annotation as 'shared' | 'affinity']} ${
              status.annotations[d.annotation] ?? 'unset'
            } where ${d.cluster} has ${d.value ?? 'it unset'}`,
        )
        .join('; ')}.`,
      action:
        'Cilium allows this on purpose (sharing and affinity are per cluster); check that each cluster says what is meant.',
      ...base,
    });
  }
  const affinity = status.annotations.affinity;
  if (affinity !== undefined && !(AFFINITIES as readonly string[]).includes(affinity)) {
    found.push({
      id: 'cilium-affinity-unknown',
      severity: 'warning',
      title: 'Unknown Cilium affinity',
      detail: `${name} in cluster ${cluster.cluster} has ${CILIUM_ANNOTATIONS.affinity}: "${affinity}", which Cilium does not know: calls prefer no cluster.`,
      action: `Set ${CILIUM_ANNOTATIONS.affinity} to local, remote or none.`,
      ...base,
    });
  }
  if (status.annotations.weight !== undefined) {
    found.push({
      id: 'cilium-weight-on-service',
      severity: 'info',
      title: 'service.cilium.io/weight has no effect on a Service',
      detail: `${name} in cluster ${cluster.cluster} carries ${CILIUM_ANNOTATIONS.weight}: "${status.annotations.weight}"; Cilium reads that annotation on EndpointSlices, to weigh Maglev backends.`,
      action:
        'Move the weight to the EndpointSlices it is meant for, or remove it from the Service.',
      ...base,
    });
  }
  return found;
}

export const ciliumExplainer: ProviderExplainer = {
  explain: ({ cluster, service }) => findings(cluster, service),
};
