/*
 * Linkerd multicluster's service mirror, as far as it shows in the
 * clusters' API servers (linkerd.io/2/reference/multicluster/; linkerd/linkerd2
 * multicluster/service-mirror/cluster_watcher.go):
 * - For each Link in a cluster (the source), the service mirror watches the
 *   Link's target cluster (`spec.targetClusterName`). Every Service there
 *   matching the Link's `selector` (default `mirror.linkerd.io/exported:
 *   "true"`) is mirrored in gateway mode, every one matching
 *   `remoteDiscoverySelector` (default `mirror.linkerd.io/exported:
 *   remote-discovery`) in remote-discovery mode, as `<svc>-<target>` in the
 *   same namespace, labelled `mirror.linkerd.io/mirrored-service: "true"` and
 *   `mirror.linkerd.io/cluster-name: <target>` (remote-discovery adds
 *   `multicluster.linkerd.io/remote-discovery: <target>` and
 *   `multicluster.linkerd.io/remote-service: <svc>`), annotated
 *   `mirror.linkerd.io/remote-svc-fq-name`. When the label goes, the mirror
 *   goes.
 * - Gateway mode: the mirror's Endpoints carry the gateway address on the
 *   gateway port, none while the exported Service has no ready endpoints;
 *   Kubernetes mirrors them into an EndpointSlice with their labels
 *   (`endpointslice.kubernetes.io/managed-by:
 *   endpointslicemirroring-controller.k8s.io`). Remote-discovery mirrors have
 *   no local endpoints: the destination controller reads the target's.
 * - Services matching `federatedServiceSelector` (default
 *   `mirror.linkerd.io/federated: member`) in linked clusters, and the
 *   source cluster's own (the local service mirror), join
 *   `<svc>-federated`, annotated `multicluster.linkerd.io/remote-discovery:
 *   <svc>@<cluster>,...` and `multicluster.linkerd.io/local-discovery: <svc>`.
 * - Gateway liveness: Linkerd probes the target's gateway (`probeSpec`) and
 *   reports it outside the API (`linkerd multicluster gateways`). Here the
 *   gateway is alive while the target's `linkerd-multicluster/linkerd-gateway`
 *   Service has a ready endpoint, and the simulator shows a dead one as the
 *   API shows an unreachable gateway: the mirror's gateway endpoints not ready.
 */
import { KubeObject } from '../kube/types';
import type { ClustersetMember, McsClusterset } from './mcsClusterset';
import { RESOURCES } from './constants';
import { createWorkQueue, ReconcileOutcome } from './queue';

const FIELD_MANAGER = 'linkerd-service-mirror';
const SLICE_MIRRORING = 'endpointslicemirroring-controller.k8s.io';
export const LINKERD_GATEWAY = { namespace: 'linkerd-multicluster', name: 'linkerd-gateway' };

export const LINKERD_LABELS = {
  exported: 'mirror.linkerd.io/exported',
  federated: 'mirror.linkerd.io/federated',
  mirroredService: 'mirror.linkerd.io/mirrored-service',
  clusterName: 'mirror.linkerd.io/cluster-name',
  remoteDiscovery: 'multicluster.linkerd.io/remote-discovery',
  remoteService: 'multicluster.linkerd.io/remote-service',
};
const ANNOTATIONS = {
  remoteFqName: 'mirror.linkerd.io/remote-svc-fq-name',
  remoteDiscovery: 'multicluster.linkerd.io/remote-discovery',
  localDiscovery: 'multicluster.linkerd.io/local-discovery',
};
const SLICE_LABELS = {
  serviceName: 'kubernetes.io/service-name',
  managedBy: 'endpointslice.kubernetes.io/managed-by',
};

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface LinkSpec {
  targetClusterName?: string;
  gatewayAddress?: string;
  gatewayPort?: string;
  selector?: LabelSelector;
  remoteDiscoverySelector?: LabelSelector;
  federatedServiceSelector?: LabelSelector;
}

// What `linkerd multicluster link-gen` writes when not told otherwise.
const DEFAULT_SELECTORS = {
  selector: { matchLabels: { [LINKERD_LABELS.exported]: 'true' } },
  remoteDiscoverySelector: { matchLabels: { [LINKERD_LABELS.exported]: 'remote-discovery' } },
  federatedServiceSelector: { matchLabels: { [LINKERD_LABELS.federated]: 'member' } },
};

/** metav1.LabelSelector; an empty one selects nothing, as the service mirror treats it. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  const matchLabels = Object.entries(selector?.matchLabels ?? {});
  const expressions = selector?.matchExpressions ?? [];
  if (!matchLabels.length && !expressions.length) return false;
  return (
    matchLabels.every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      switch (operator) {
        case 'In':
          return key in labels && values.includes(labels[key]);
        case 'NotIn':
          return !(key in labels) || !values.includes(labels[key]);
        case 'Exists':
          return key in labels;
        case 'DoesNotExist':
          return !(key in labels);
        default:
          return false;
      }
    })
  );
}

const labelsOf = (object: KubeObject) => object.metadata.labels ?? {};
const isMirror = (object: KubeObject) => labelsOf(object)[LINKERD_LABELS.mirroredService] === 'true';

function ownSlices(member: ClustersetMember, namespace: string, service: string): KubeObject[] {
  return member.store
    .listReadOnly(RESOURCES.endpointSlices, namespace)
    .filter(slice => slice.metadata.labels?.[SLICE_LABELS.serviceName] === service);
}

function hasReadyEndpoint(slices: KubeObject[]): boolean {
  return slices.some(slice =>
    ((slice.endpoints as Array<{ conditions?: { ready?: boolean } }> | null | undefined) ?? []).some(
      endpoint => endpoint.conditions?.ready !== false,
    ),
  );
}

/** Whether the probe of the target's gateway would pass: its gateway Service has a ready endpoint. */
export function gatewayAlive(target: ClustersetMember): boolean {
  return hasReadyEndpoint(ownSlices(target, LINKERD_GATEWAY.namespace, LINKERD_GATEWAY.name));
}

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
}

const portsOf = (service: KubeObject) =>
  ((service.spec as { ports?: ServicePort[] } | undefined)?.ports ?? []).map(p => ({
    ...(p.name ? { name: p.name } : {}),
    port: p.port,
    protocol: p.protocol ?? 'TCP',
  }));

function mirrorService(service: KubeObject, target: string, remoteDiscovery: boolean): KubeObject {
  const { name, namespace } = service.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `${name}-${target}`,
      namespace,
      labels: {
        [LINKERD_LABELS.mirroredService]: 'true',
        [LINKERD_LABELS.clusterName]: target,
        ...(remoteDiscovery
          ? { [LINKERD_LABELS.remoteDiscovery]: target, [LINKERD_LABELS.remoteService]: name }
          : {}),
      },
      annotations: { [ANNOTATIONS.remoteFqName]: `${name}.${namespace}.svc.cluster.local` },
    },
    spec: { type: 'ClusterIP', ports: portsOf(service) },
  };
}

function gatewaySlice(
  service: KubeObject,
  target: ClustersetMember,
  link: LinkSpec,
): KubeObject {
  const { name, namespace } = service.metadata;
  const mirror = `${name}-${target.name}`;
  const backed = hasReadyEndpoint(ownSlices(target, String(namespace), String(name)));
  const gatewayPort = Number(link.gatewayPort ?? 4143);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${mirror}-mirror`,
      namespace,
      labels: {
        [SLICE_LABELS.serviceName]: mirror,
        [SLICE_LABELS.managedBy]: SLICE_MIRRORING,
        [LINKERD_LABELS.mirroredService]: 'true',
        [LINKERD_LABELS.clusterName]: target.name,
      },
    },
    addressType: 'IPv4',
    endpoints:
      backed && link.gatewayAddress
        ? link.gatewayAddress.split(',').map(address => ({
            addresses: [address.trim()],
            conditions: { ready: gatewayAlive(target) },
          }))
        : [],
    ports: portsOf(service).map(p => ({ ...p, port: gatewayPort })),
  };
}

function federatedService(
  namespace: string,
  name: string,
  members: { remote: string[]; local: boolean; ports: ServicePort[] },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `${name}-federated`,
      namespace,
      labels: { [LINKERD_LABELS.mirroredService]: 'true' },
      annotations: {
        ...(members.remote.length
          ? { [ANNOTATIONS.remoteDiscovery]: members.remote.map(c => `${name}@${c}`).sort().join(',') }
          : {}),
        ...(members.local ? { [ANNOTATIONS.localDiscovery]: name } : {}),
      },
    },
    spec: { type: 'ClusterIP', ports: members.ports },
  };
}

export type LinkerdServiceMirror = McsClusterset;

export function startLinkerdServiceMirror(options: {
  members: ClustersetMember[];
  delayMs?: number;
  log?: (message: string) => void;
}): LinkerdServiceMirror {
  const { members } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const byName = new Map(members.map(member => [member.name, member]));

  /** Everything the service mirror of `source` should have made, by namespace/name. */
  function wantedIn(source: ClustersetMember) {
    const services = new Map<string, KubeObject>();
    const slices = new Map<string, KubeObject>();
    const federated = new Map<string, { remote: string[]; local: boolean; ports: ServicePort[] }>();
    const join = (service: KubeObject, remote?: string) => {
      const key = `${service.metadata.namespace}/${service.metadata.name}`;
      const entry = federated.get(key) ?? { remote: [], local: false, ports: portsOf(service) };
      if (remote) entry.remote.push(remote);
      else entry.local = true;
      federated.set(key, entry);
    };
    for (const service of source.store.listReadOnly(RESOURCES.services)) {
      if (!isMirror(service) && selects(DEFAULT_SELECTORS.federatedServiceSelector, labelsOf(service))) join(service);
    }
    for (const link of source.store.listReadOnly(RESOURCES.linkerdLinks)) {
      const spec = (link.spec ?? {}) as LinkSpec;
      const target = spec.targetClusterName ? byName.get(spec.targetClusterName) : undefined;
      if (!target || target === source) continue;
      for (const service of target.store.listReadOnly(RESOURCES.services)) {
        if (isMirror(service)) continue;
        const labels = labelsOf(service);
        const gateway = selects(spec.selector ?? DEFAULT_SELECTORS.selector, labels);
        const remote = selects(spec.remoteDiscoverySelector ?? DEFAULT_SELECTORS.remoteDiscoverySelector, labels);
        if (gateway || remote) {
          const mirror = mirrorService(service, target.name, !gateway);
          services.set(`${mirror.metadata.namespace}/${mirror.metadata.name}`, mirror);
          if (gateway) {
            const slice = gatewaySlice(service, target, spec);
            slices.set(`${slice.metadata.namespace}/${slice.metadata.name}`, slice);
          }
        }
        if (selects(spec.federatedServiceSelector ?? DEFAULT_SELECTORS.federatedServiceSelector, labels)) {
          join(service, target.name);
        }
      }
    }
    for (const [key, joined] of federated) {
      const [namespace, name] = key.split('/');
      const service = federatedService(namespace, name, joined);
      services.set(`${namespace}/${service.metadata.name}`, service);
    }
    return { services, slices };
  }

  const reconcile = (): ReconcileOutcome => {
    for (const source of members) {
      const wanted = wantedIn(source);
      for (const service of source.store.listReadOnly(RESOURCES.services)) {
        const key = `${service.metadata.namespace}/${service.metadata.name}`;
        if (isMirror(service) && !wanted.services.has(key)) {
          source.store.delete(RESOURCES.services, String(service.metadata.namespace), service.metadata.name);
        }
      }
      for (const slice of source.store.listReadOnly(RESOURCES.endpointSlices)) {
        const key = `${slice.metadata.namespace}/${slice.metadata.name}`;
        if (slice.metadata.labels?.[SLICE_LABELS.managedBy] === SLICE_MIRRORING && !wanted.slices.has(key)) {
          source.store.delete(RESOURCES.endpointSlices, String(slice.metadata.namespace), slice.metadata.name);
        }
      }
      for (const service of wanted.services.values()) {
        source.store.apply(RESOURCES.services, service, { fieldManager: FIELD_MANAGER, force: true, readOnlyResult: true });
      }
      for (const slice of wanted.slices.values()) {
        source.store.apply(RESOURCES.endpointSlices, slice, { fieldManager: FIELD_MANAGER, force: true, readOnlyResult: true });
      }
    }
    return 'done';
  };

  // One key: a change in any cluster can change the mirrors of every cluster linked to it.
  const queue = createWorkQueue({
    delayMs: options.delayMs ?? 0,
    process: reconcile,
    onError: (_key, error) =>
      log(`[linkerd service mirror] reconcile failed, will retry: ${error instanceof Error ? error.message : String(error)}`),
  });
  queue.add('fleet');
  const unsubscribe = members.map(member =>
    member.store.subscribeReadOnly(event => {
      const { group, plural } = event.resource;
      const object = event.object;
      // Our own writes would only queue the same work again.
      if (group === '' && plural === 'services' && !isMirror(object)) queue.add('fleet');
      if (group === RESOURCES.linkerdLinks.group && plural === RESOURCES.linkerdLinks.plural) queue.add('fleet');
      if (
        group === RESOURCES.endpointSlices.group &&
        plural === RESOURCES.endpointSlices.plural &&
        object.metadata.labels?.[SLICE_LABELS.managedBy] !== SLICE_MIRRORING
      ) {
        queue.add('fleet');
      }
    }),
  );

  return {
    stop() {
      unsubscribe.forEach(stop => stop());
      queue.stop();
    },
    idle: () => queue.idle(),
    isIdle: () => queue.isIdle(),
  };
}
