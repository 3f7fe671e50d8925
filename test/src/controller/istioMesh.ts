/*
 * Istio multi-cluster, as far as it shows in the clusters' API servers
 * (what Service Network reads; istiod itself writes nothing there). It
 * does what the install guides do
 * (istio.io/latest/docs/setup/install/multicluster/multi-primary_multi-network/,
 * .../primary-remote_multi-network/):
 * - labels istio-system with the cluster's network
 *   (`topology.istio.io/network`);
 * - installs the east-west gateway: the Service `istio-eastwestgateway` in
 *   istio-system, labelled `istio: eastwestgateway` and with the network,
 *   with the status port 15021, the mTLS passthrough port 15443 and istiod's
 *   15012 and 15017 (samples/multicluster/gen-eastwest-gateway.sh);
 * - writes remote secrets as `istioctl create-remote-secret --name=<peer>`
 *   does: `istio-remote-secret-<peer>` in istio-system, labelled
 *   `istio/multiCluster: "true"`, annotated `networking.istio.io/cluster`,
 *   holding a kubeconfig for the peer under the peer's name. Multi-primary:
 *   every cluster holds one for each other; primary-remote: only the primary
 *   holds one for each remote, and each remote's istio-system is annotated
 *   `topology.istio.io/controlPlaneClusters: <primary>`;
 * - grants the backend deploy/kubernetes/workload-cluster/istio-role.yaml,
 *   as an adopter applies it to clusters running Istio.
 */
import path from 'node:path';
import { DEPLOY_DIR } from '../access/deployFiles';
import { parseManifests } from '../kube/crdManifests';
import type { KubeObject, ObjectStore } from '../kube/types';
import { applyAll } from '../fleet/seed';

const FIELD_MANAGER = 'istioctl';
export const ISTIO_SYSTEM = 'istio-system';
export const EAST_WEST_GATEWAY = 'istio-eastwestgateway';

export interface IstioMeshMember {
  name: string;
  store: ObjectStore;
  /** Its network; several members on one network reach each other's pods directly. */
  network: string;
  /** Whether it runs an east-west gateway; default true. */
  eastWestGateway?: boolean;
}

export interface IstioMeshOptions {
  members: IstioMeshMember[];
  /** `multi-primary` (default), or `primary-remote` with the first member as the primary. */
  model?: 'multi-primary' | 'primary-remote';
}

function eastWestGateway(network: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: EAST_WEST_GATEWAY,
      namespace: ISTIO_SYSTEM,
      labels: { app: EAST_WEST_GATEWAY, istio: 'eastwestgateway', 'topology.istio.io/network': network },
    },
    spec: {
      type: 'LoadBalancer',
      selector: { istio: 'eastwestgateway' },
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021 },
        { name: 'tls', port: 15443, targetPort: 15443 },
        { name: 'tls-istiod', port: 15012, targetPort: 15012 },
        { name: 'tls-webhook', port: 15017, targetPort: 15017 },
      ],
    },
  };
}

/** The kubeconfig istioctl embeds: the peer's API server and a token of its istio-reader ServiceAccount. */
function remoteSecret(peer: string): KubeObject {
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: ${peer}, cluster: {server: 'https://${peer}.kube.invalid'}}]`,
    `users: [{name: ${peer}, user: {token: istio-reader-service-account-token-of-${peer}}}]`,
    `contexts: [{name: ${peer}, context: {cluster: ${peer}, user: ${peer}}}]`,
    `current-context: ${peer}`,
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `istio-remote-secret-${peer}`,
      namespace: ISTIO_SYSTEM,
      labels: { 'istio/multiCluster': 'true' },
      annotations: { 'networking.istio.io/cluster': peer },
    },
    type: 'Opaque',
    stringData: { [peer]: kubeconfig },
  };
}

/** The remote secrets a member holds under the model: for the clusters its istiod watches. */
export function watchedBy(member: IstioMeshMember, options: IstioMeshOptions): string[] {
  const { members } = options;
  if (options.model === 'primary-remote') {
    return member === members[0] ? members.slice(1).map(m => m.name) : [];
  }
  return members.filter(m => m !== member).map(m => m.name);
}

export function installIstioMesh(options: IstioMeshOptions): void {
  const access = parseManifests(path.join(DEPLOY_DIR, 'kubernetes', 'workload-cluster', 'istio-role.yaml'));
  for (const member of options.members) {
    const remote = options.model === 'primary-remote' && member !== options.members[0];
    applyAll(
      member.store,
      [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: ISTIO_SYSTEM,
            labels: { 'topology.istio.io/network': member.network },
            ...(remote ? { annotations: { 'topology.istio.io/controlPlaneClusters': options.members[0].name } } : {}),
          },
        },
        ...(member.eastWestGateway ?? true ? [eastWestGateway(member.network)] : []),
        ...watchedBy(member, options).map(remoteSecret),
      ],
      FIELD_MANAGER,
    );
    applyAll(member.store, access, 'kubectl');
  }
}
