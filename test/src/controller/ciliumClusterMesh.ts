/*
 * Cilium Cluster Mesh's global services, as far as they show in the
 * clusters' API servers (docs.cilium.io, network/clustermesh/services):
 * a Service annotated `service.cilium.io/global: "true"` in several members
 * is one global service; every member whose copy is global and not
 * `service.cilium.io/shared: "false"` shares its endpoints. With
 * EndpointSlice synchronization (on by default for headless global
 * services, and for others annotated
 * `service.cilium.io/global-sync-endpoint-slices: "true"`), the operator's
 * endpointslice-mesh-controller writes the other members' shared endpoints
 * into each member as EndpointSlices labelled
 * `endpointslice.kubernetes.io/managed-by: endpointslice-mesh-controller.cilium.io`
 * and `multicluster.kubernetes.io/source-cluster: <member>`, owned by the
 * local Service, and deletes them when the sharing stops.
 */
import { KubeObject } from '../kube/types';
import type { ClustersetMember, McsClusterset, McsClustersetOptions } from './mcsClusterset';
import { RESOURCES } from './constants';
import { createWorkQueue, ReconcileOutcome } from './queue';

const FIELD_MANAGER = 'cilium-operator';
const MESH_CONTROLLER = 'endpointslice-mesh-controller.cilium.io';
const LABELS = {
  serviceName: 'kubernetes.io/service-name',
  managedBy: 'endpointslice.kubernetes.io/managed-by',
  sourceCluster: 'multicluster.kubernetes.io/source-cluster',
};
const ANNOTATIONS = {
  global: 'service.cilium.io/global',
  shared: 'service.cilium.io/shared',
  syncSlices: 'service.cilium.io/global-sync-endpoint-slices',
};

type MeshMember = ClustersetMember;

/** Started and stopped like an MCS clusterset. */
export type CiliumClusterMesh = McsClusterset;

function annotation(object: KubeObject | undefined, key: string) {
  return object?.metadata.annotations?.[key]?.toLowerCase();
}

function isGlobal(service: KubeObject | undefined): boolean {
  return annotation(service, ANNOTATIONS.global) === 'true';
}

function isShared(service: KubeObject | undefined): boolean {
  return isGlobal(service) && annotation(service, ANNOTATIONS.shared) !== 'false';
}

/** Headless global services sync by default; others when annotated so. */
function syncsSlices(service: KubeObject): boolean {
  const said = annotation(service, ANNOTATIONS.syncSlices);
  const headless = (service.spec as { clusterIP?: string } | undefined)?.clusterIP === 'None';
  return said === undefined ? headless : said === 'true';
}

/** The Service's EndpointSlices in a member: its own (`mesh` false) or those the mesh wrote there. */
function slicesOf(member: MeshMember, namespace: string, name: string, mesh: boolean): KubeObject[] {
  return member.store
    .listReadOnly(RESOURCES.endpointSlices, namespace)
    .filter(
      slice =>
        slice.metadata.labels?.[LABELS.serviceName] === name &&
        (slice.metadata.labels?.[LABELS.managedBy] === MESH_CONTROLLER) === mesh,
    );
}

export function startCiliumClusterMesh(
  options: Omit<McsClustersetOptions, 'api'>,
): CiliumClusterMesh {
  const { members } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  const reconcile = (key: string): ReconcileOutcome => {
    const [namespace, name] = key.split('/');
    const services = new Map(
      members.map(member => [member, member.store.getReadOnly(RESOURCES.services, namespace, name)]),
    );
    for (const member of members) {
      const service = services.get(member);
      const wanted = new Map<string, KubeObject>();
      if (service && isGlobal(service) && syncsSlices(service)) {
        for (const other of members) {
          if (other === member || !isShared(services.get(other))) continue;
          const own = slicesOf(other, namespace, name, false);
          const endpoints = own.flatMap(slice => (slice.endpoints as unknown[] | null | undefined) ?? []);
          const ports = own[0]?.ports ?? null;
          wanted.set(`${name}-${other.name}`, {
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: {
              name: `${name}-${other.name}`,
              namespace,
              labels: {
                [LABELS.serviceName]: name,
                [LABELS.managedBy]: MESH_CONTROLLER,
                [LABELS.sourceCluster]: other.name,
              },
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Service',
                  name,
                  uid: String(service.metadata.uid),
                  controller: true,
                },
              ],
            },
            addressType: 'IPv4',
            endpoints,
            ports,
          });
        }
      }
      for (const slice of slicesOf(member, namespace, name, true)) {
        if (!wanted.has(slice.metadata.name)) {
          member.store.delete(RESOURCES.endpointSlices, namespace, slice.metadata.name);
        }
      }
      for (const slice of wanted.values()) {
        member.store.apply(RESOURCES.endpointSlices, slice, {
          fieldManager: FIELD_MANAGER,
          force: true,
          readOnlyResult: true,
        });
      }
    }
    return 'done';
  };

  const queue = createWorkQueue({
    delayMs: options.delayMs ?? 0,
    process: reconcile,
    onError: (key, error) =>
      log(`[cilium cluster mesh] reconcile ${key} failed, will retry: ${error instanceof Error ? error.message : String(error)}`),
  });
  /** The Service a change is about; our own slices would only queue the same key again. */
  const keyOf = (plural: string, object: KubeObject): string | undefined => {
    const { namespace, name, labels } = object.metadata;
    if (plural === 'services') return `${namespace}/${name}`;
    const service = labels?.[LABELS.serviceName];
    return service && labels?.[LABELS.managedBy] !== MESH_CONTROLLER ? `${namespace}/${service}` : undefined;
  };
  const unsubscribe = members.map(member => {
    for (const service of member.store.listReadOnly(RESOURCES.services)) {
      queue.add(`${service.metadata.namespace}/${service.metadata.name}`);
    }
    return member.store.subscribeReadOnly(event => {
      const { group, plural } = event.resource;
      const watched =
        (group === '' && plural === 'services') ||
        (group === RESOURCES.endpointSlices.group && plural === RESOURCES.endpointSlices.plural);
      const key = watched ? keyOf(plural, event.object) : undefined;
      if (key) queue.add(key);
    });
  });

  return {
    stop() {
      unsubscribe.forEach(stop => stop());
      queue.stop();
    },
    idle: () => queue.idle(),
    isIdle: () => queue.isIdle(),
  };
}
