/*
 * Findings about a Service in an Istio multi-cluster mesh, seen from one
 * cluster: the Service missing here while the mesh runs it elsewhere, a
 * cluster its control plane has no remote secret for, a cluster on another
 * network without an east-west gateway, exportTo hiding it from other
 * namespaces, ambient mode without the global label, copies that differ
 * (IST0170), and, always, what depends on mesh configuration Service
 * Network cannot read.
 */
import {
  Finding,
  IstioServiceStatus,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { aboutService } from '../../status/refs';
import type { ProviderExplainer } from '../types';
import {
  ISTIO_ANNOTATIONS,
  ISTIO_LABELS,
  ISTIO_SYSTEM,
  otherNamespacesSeeing,
} from './mesh';

function reachFindings(
  cluster: string,
  status: IstioServiceStatus,
  name: string,
  base: Pick<Finding, 'cluster' | 'objectRefs'>,
): Finding[] {
  const control = status.primary ?? cluster;
  return status.unreachable.map(({ cluster: other, reason }) =>
    reason === 'no-remote-secret'
      ? {
          id: 'istio-no-remote-secret',
          severity: 'warning',
          title: `No remote secret for ${other}`,
          detail: `${name} runs in ${other} too, but the istiod of ${control} holds no Secret in ${ISTIO_SYSTEM} labelled ${ISTIO_LABELS.multiCluster}: "true" for ${other}: it does not watch that cluster's API server, so calls from ${cluster} never reach the endpoints there.`,
          action: `Give ${control} access to ${other}: istioctl create-remote-secret --context=<${other}> --name=${other} | kubectl apply -f - --context=<${control}>.`,
          ...base,
        }
      : {
          id: 'istio-no-east-west-gateway',
          severity: 'warning',
          title: `${other} is on another network without an east-west gateway`,
          detail: `${name} runs in ${other}, which is on ${status.network ? 'another network than' : 'a network of its own, unlike'} ${cluster}${status.network ? ` (${status.network})` : ''}; pods there cannot be reached directly, and ${other} has no Service in ${ISTIO_SYSTEM} labelled ${ISTIO_LABELS.network} for its network on port 15443 (an east-west gateway), so calls from ${cluster} never reach them.`,
          action: `Install an east-west gateway in ${other} for its network (Istio's samples/multicluster/gen-eastwest-gateway.sh) and expose the services through it (samples/multicluster/expose-services.yaml: an AUTO_PASSTHROUGH Gateway on 15443); or put both clusters on one network if their pods can reach each other.`,
          ...base,
        },
  );
}

function findings(
  cluster: WorkloadClusterStatus,
  service: ServiceRef,
): Finding[] {
  const status = cluster.istio;
  if (!status) return [];
  const name = `${service.namespace}/${service.name}`;
  const base = aboutService(cluster.cluster, service);
  if (!cluster.service) {
    return status.runsIn.length
      ? [
          {
            id: 'istio-no-service-here',
            severity: 'warning',
            cluster: cluster.cluster,
            title: 'Not in every cluster of the mesh',
            detail: `${name} runs in ${status.runsIn.join(', ')}, but cluster ${cluster.cluster} has no Service of that name in namespace ${service.namespace}. Istio shares a Service by name and namespace across the mesh; without the Service here, the name ${service.name}.${service.namespace}.svc.cluster.local does not resolve for pods here (unless Istio's DNS proxying is on, which is proxy configuration Service Network cannot read).`,
            action: `Create the Service ${name} in ${cluster.cluster} with the same ports (its selector may match no pods here), or leave it out on purpose.`,
            objectRefs: [],
          },
        ]
      : [];
  }
  const found: Finding[] = reachFindings(cluster.cluster, status, name, base);
  const others = status.exportTo && otherNamespacesSeeing(status.exportTo, service.namespace);
  if (others) {
    found.push({
      id: 'istio-export-to-hides',
      severity: 'warning',
      title: 'exportTo hides it from other namespaces',
      detail: `${name} in cluster ${cluster.cluster} has ${ISTIO_ANNOTATIONS.exportTo}: "${status.exportTo!.join(',')}": only ${
        others.length ? `namespaces ${[service.namespace, ...others].join(', ')}` : `namespace ${service.namespace}`
      } see it, in every cluster of the mesh; proxies elsewhere get no route to it.`,
      action: `Set ${ISTIO_ANNOTATIONS.exportTo} to "*" (or list the namespaces that call it) in the Service's manifest, or leave it on purpose.`,
      ...base,
    });
  }
  if (status.ambient && !status.global) {
    found.push({
      id: 'istio-ambient-not-global',
      severity: status.runsIn.length > 1 ? 'warning' : 'info',
      title: 'Ambient mode: not a global service',
      detail: `Namespace ${service.namespace} runs in ambient mode in ${cluster.cluster}, where a Service is shared across clusters only when labelled ${ISTIO_LABELS.global}: "true"; ${name} is not, so calls from here stay in this cluster${
        status.runsIn.length > 1 ? ` although it runs in ${status.runsIn.join(', ')}` : ''
      }.`,
      action: `Label the Service ${ISTIO_LABELS.global}: "true" in every cluster that should share it (the local copy's label decides), or leave it local on purpose.`,
      ...base,
    });
  }
  if (status.inconsistentWith.length) {
    found.push({
      id: 'istio-copies-differ',
      severity: 'warning',
      title: 'The Service differs between clusters',
      detail: `${name} in ${cluster.cluster} differs from its copy in ${status.inconsistentWith.join(', ')} in type, ports or headlessness; Istio merges the copies into one service, and its behaviour is then undefined (Istio's analyzer reports this as IST0170).`,
      action: 'Make the Service the same in every cluster of the mesh.',
      ...base,
    });
  }
  found.push({
    id: 'istio-mesh-config-unread',
    severity: 'info',
    title: 'Visibility also depends on mesh configuration',
    detail: `What is shown follows the Service, the remote secrets, the network labels and the east-west gateways. Istio's mesh configuration can change it, and Service Network cannot read it: ${
      status.exportTo ? '' : 'MeshConfig.defaultServiceExportTo (it applies here, since the Service sets no exportTo), '
    }discoverySelectors (namespaces istiod ignores)${status.ambient ? ', serviceScopeConfigs (what makes istio.io/global work in ambient mode)' : ''}, and Sidecar resources limiting what proxies import.`,
    action: `To see what a client really gets, run istioctl proxy-config endpoints <client-pod> -n <namespace> --context=<${cluster.cluster}> and look for outbound|<port>||${service.name}.${service.namespace}.svc.cluster.local; ask your platform team for the mesh config.`,
    ...base,
  });
  return found;
}

export const istioExplainer: ProviderExplainer = {
  explain: ({ cluster, service }) => findings(cluster, service),
};
