/*
 * Findings about a Service under Linkerd multicluster in one cluster: the
 * label missing here while other clusters export it, no Service here, a
 * linked cluster without a Link to this one, a mirror whose gateway
 * endpoints are not ready or that has no endpoints, and a federated
 * service this cluster's copy is not a member of.
 */
import {
  Finding,
  KINDS,
  LinkerdMirrorStatus,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { kubeRef } from '../../status/refs';
import type { ProviderExplainer } from '../types';
import { mirrorProblem } from './judge';
import {
  EXPORT_VALUES,
  federatedName,
  LINKERD_LABELS,
  mirrorName,
} from './labels';

function mirrorFinding(
  cluster: string,
  service: ServiceRef,
  mirror: LinkerdMirrorStatus,
): Finding | undefined {
  const name = `${service.namespace}/${service.name}`;
  const mirrored = mirrorName(service.name, cluster);
  const peer = mirror.cluster;
  const refs = mirror.mirror
    ? [kubeRef(KINDS.service, peer, service.namespace, mirror.mirror)]
    : [kubeRef(KINDS.service, cluster, service.namespace, service.name)];
  switch (mirrorProblem(mirror)) {
    case 'no-link':
      return {
        id: 'linkerd-no-link',
        severity: 'warning',
        cluster,
        title: `No Link from ${peer} to this cluster`,
        detail: `${name} is exported from ${cluster}, but ${peer} holds no Link whose targetClusterName is ${cluster}: its service mirror does not watch ${cluster}, so pods in ${peer} cannot call ${mirrored}.`,
        action: `Link the clusters: linkerd --context=${cluster} multicluster link-gen --cluster-name ${cluster} | kubectl --context=${peer} apply -f -`,
        objectRefs: refs,
      };
    case 'gateway-not-ready':
      return {
        id: 'linkerd-gateway-not-alive',
        severity: 'error',
        cluster,
        title: `Gateway of ${cluster} not alive as ${peer} sees it`,
        detail: `The mirror ${
          mirror.mirror
        } in ${peer} points at the gateway of ${cluster}${
          mirror.gateway ? ` (${mirror.gateway})` : ''
        }, but its endpoints are not ready: calls from ${peer} to ${name} fail.`,
        action: `Check the gateway: linkerd --context=${peer} multicluster gateways shows whether ${cluster}'s is alive; linkerd --context=${cluster} multicluster check, and the linkerd-gateway pods and LoadBalancer address in ${cluster} (the Link's gatewayAddress must reach them).`,
        objectRefs: refs,
      };
    case 'no-endpoints':
      return {
        id: 'linkerd-mirror-no-endpoints',
        severity: 'warning',
        cluster,
        title: `Mirror in ${peer} has no endpoints`,
        detail: `The mirror ${mirror.mirror} in ${peer} has no endpoints: Linkerd's service mirror empties them while ${name} has no ready endpoints in ${cluster}, so calls from ${peer} fail.`,
        action: `Check the pods behind ${name} in ${cluster} (kubectl --context=${cluster} -n ${service.namespace} get endpointslices -l kubernetes.io/service-name=${service.name}).`,
        objectRefs: refs,
      };
    default:
      return undefined;
  }
}

function findings(
  cluster: WorkloadClusterStatus,
  service: ServiceRef,
): Finding[] {
  const status = cluster.linkerd;
  if (!status) return [];
  const here = cluster.cluster;
  const name = `${service.namespace}/${service.name}`;
  const elsewhere = status.exportedIn.filter(c => c !== here);
  const ref = kubeRef(KINDS.service, here, service.namespace, service.name);
  const found: Finding[] = [];
  if (!cluster.service) {
    if (elsewhere.length) {
      const calls = status.mirrorsHere.map(m => m.name).join(', ');
      found.push({
        id: 'linkerd-no-service-here',
        severity: 'info',
        cluster: here,
        title: 'Exported elsewhere, no Service in this cluster',
        detail: `${name} is exported from ${elsewhere.join(
          ', ',
        )} and cluster ${here} runs no Service of that name${
          calls ? `; pods here call it as ${calls}` : ''
        }.`,
        action: `Nothing to do if ${here} only calls it. To serve it from ${here} too, create ${name} here and export it.`,
        objectRefs: [],
      });
    }
    return found;
  }
  if (!status.mode && elsewhere.length) {
    found.push({
      id: 'linkerd-label-missing',
      severity: 'warning',
      cluster: here,
      title: 'Runs here but is not exported',
      detail: `${name} is exported from ${elsewhere.join(
        ', ',
      )}, but cluster ${here} does not label it ${
        LINKERD_LABELS.exported
      }: linked clusters get no ${mirrorName(
        service.name,
        here,
      )} and reach only the other clusters' copies.`,
      action: `Export it here too (the Export button sets only ${LINKERD_LABELS.exported}: "${EXPORT_VALUES.gateway}" on the Service), or leave it out on purpose.`,
      objectRefs: [ref],
    });
  }
  for (const mirror of status.mirroredIn) {
    const finding = mirrorFinding(here, service, mirror);
    if (finding) found.push(finding);
  }
  const members = status.federatedIn.filter(c => c !== here);
  if (!status.federatedMember && members.length) {
    found.push({
      id: 'linkerd-federated-member-missing',
      severity: 'warning',
      cluster: here,
      title: 'Not a member of the federated service',
      detail: `${name} is a federated member in ${members.join(
        ', ',
      )}, but not in ${here}: ${federatedName(
        service.name,
      )} balances over ${members.join(', ')} only.`,
      action: `Label it here: kubectl --context=${here} -n ${service.namespace} label svc/${service.name} ${LINKERD_LABELS.federated}=member, or leave it out on purpose.`,
      objectRefs: [ref],
    });
  }
  return found;
}

export const linkerdExplainer: ProviderExplainer = {
  explain: ({ cluster, service }) => findings(cluster, service),
};
