/*
 * The EndpointSlice controller: for a Service with a selector, the pods it
 * selects that have an address, as endpoints with the ready / serving /
 * terminating conditions, and the Service's ports resolved to each pod's
 * target port (a named targetPort is looked up in the pod's containers; pods
 * that resolve differently land in different slices). At most 100 endpoints
 * a slice, labelled kubernetes.io/service-name and managed-by, owned by the
 * Service. A Service without a selector has its slices managed by someone
 * else, as in Kubernetes.
 */
import { deepEqual } from '../kube/json';
import { timestamp } from '../kube/objectMeta';
import type { KubeObject } from '../kube/types';
import { selectorMatches } from '../kube/workloadKinds';
import {
  ControllerContext,
  controllerReference,
  fields,
  Fields,
  isDeleting,
  isTerminal,
  list,
  MANAGERS,
  podIsReady,
  readOnly,
  RESOURCES,
} from './context';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
const MAX_ENDPOINTS = 100;

interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** The pod's port for a Service port: a number, or a named container port the pod has. */
function targetPort(pod: KubeObject, servicePort: Fields): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  for (const container of list(fields(pod.spec).containers)) {
    const port = list(container.ports).find(
      candidate =>
        candidate.name === target &&
        (candidate.protocol ?? 'TCP') === (servicePort.protocol ?? 'TCP'),
    );
    if (port) return Number(port.containerPort);
  }
  return undefined;
}

function slicePorts(service: KubeObject, pod: KubeObject): SlicePort[] {
  const ports: SlicePort[] = [];
  for (const servicePort of list(fields(service.spec).ports)) {
    const port = targetPort(pod, servicePort);
    if (port === undefined) continue;
    ports.push({
      name: String(servicePort.name ?? ''),
      port,
      protocol: String(servicePort.protocol ?? 'TCP'),
      ...(servicePort.appProtocol
        ? { appProtocol: String(servicePort.appProtocol) }
        : {}),
    });
  }
  return ports;
}

function endpointOf(service: KubeObject, pod: KubeObject): Fields {
  const terminating = isDeleting(pod);
  const ready = podIsReady(pod);
  const publishNotReady =
    fields(service.spec).publishNotReadyAddresses === true;
  return {
    addresses: [String(fields(pod.status).podIP)],
    conditions: {
      ready: publishNotReady || (ready && !terminating),
      serving: publishNotReady || ready,
      terminating,
    },
    nodeName: fields(pod.spec).nodeName,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    },
  };
}

function sliceLabels(service: KubeObject): Record<string, string> {
  const labels: Record<string, string> = {
    ...(service.metadata.labels ?? {}),
    [SERVICE_NAME_LABEL]: service.metadata.name,
    [MANAGED_BY_LABEL]: MANAGED_BY,
  };
  if (fields(service.spec).clusterIP === 'None')
    labels['service.kubernetes.io/headless'] = '';
  return labels;
}

interface DesiredSlice {
  ports: SlicePort[] | null;
  endpoints: Fields[] | null;
}

function desiredSlices(
  service: KubeObject,
  pods: KubeObject[],
): DesiredSlice[] {
  const groups = new Map<string, DesiredSlice>();
  for (const pod of pods) {
    const ports = slicePorts(service, pod);
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (!group) {
      group = { ports, endpoints: [] };
      groups.set(key, group);
    }
    group.endpoints!.push(endpointOf(service, pod));
  }
  const slices: DesiredSlice[] = [];
  for (const group of groups.values()) {
    for (
      let index = 0;
      index < group.endpoints!.length;
      index += MAX_ENDPOINTS
    ) {
      slices.push({
        ports: group.ports,
        endpoints: group.endpoints!.slice(index, index + MAX_ENDPOINTS),
      });
    }
  }
  // A Service that selects nothing yet still gets a slice, empty.
  return slices.length > 0 ? slices : [{ ports: null, endpoints: null }];
}

function managedSlices(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): KubeObject[] {
  return ctx.store
    .listReadOnly(RESOURCES.endpointSlices, namespace)
    .filter(
      slice =>
        slice.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        slice.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
    );
}

export function reconcileService(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): void {
  const service = readOnly(ctx.store, RESOURCES.services, namespace, name);
  const existing = managedSlices(ctx, namespace, name);
  const spec = fields(service?.spec);
  const selector = fields(spec.selector);
  if (
    !service ||
    isDeleting(service) ||
    Object.keys(selector).length === 0 ||
    spec.type === 'ExternalName'
  ) {
    for (const slice of existing)
      ctx.store.delete(
        RESOURCES.endpointSlices,
        namespace,
        slice.metadata.name,
      );
    return;
  }
  const pods = ctx.store
    .listReadOnly(RESOURCES.pods, namespace)
    .filter(
      pod =>
        selectorMatches({ matchLabels: selector }, pod.metadata.labels) &&
        fields(pod.status).podIP &&
        !isTerminal(pod),
    );
  const desired = desiredSlices(service, pods);
  const labels = sliceLabels(service);
  const owner = [controllerReference(service)];
  const now = timestamp(ctx.now());
  desired.forEach((slice, index) => {
    const current = existing[index];
    const body = {
      addressType: 'IPv4',
      endpoints: slice.endpoints,
      ports: slice.ports,
    };
    if (!current) {
      ctx.store.create(
        RESOURCES.endpointSlices,
        {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            name: '',
            generateName: `${name}-`,
            namespace,
            labels,
            annotations: { [TRIGGER_TIME]: now },
            ownerReferences: owner,
          },
          ...body,
        },
        { fieldManager: MANAGERS.controllerManager, readOnlyResult: true },
      );
      return;
    }
    const same =
      deepEqual(current.endpoints ?? null, body.endpoints) &&
      deepEqual(current.ports ?? null, body.ports) &&
      deepEqual(current.metadata.labels, labels);
    if (same) return;
    ctx.store.update(
      RESOURCES.endpointSlices,
      {
        ...current,
        metadata: {
          ...current.metadata,
          labels,
          annotations: { ...current.metadata.annotations, [TRIGGER_TIME]: now },
          ownerReferences: owner,
        },
        ...body,
      },
      { fieldManager: MANAGERS.controllerManager, readOnlyResult: true },
    );
  });
  for (const extra of existing.slice(desired.length))
    ctx.store.delete(RESOURCES.endpointSlices, namespace, extra.metadata.name);
}
