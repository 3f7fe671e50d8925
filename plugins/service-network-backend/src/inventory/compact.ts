/*
 * Objects are cut down to the fields status composition, exports and route
 * requests read, as they arrive: managedFields, most labels, resourceVersions and
 * everything else unused would otherwise dominate the inventory's memory.
 *
 * What is kept is laid out for a fleet's worth of objects (a heap profile of
 * 50 clusters x 2,000 Services led here):
 * - each kind is built by object literals with fixed keys, so all objects of
 *   a kind share one hidden class; spreading and picking keys one by one
 *   gave most objects a hidden class and descriptor array of their own;
 * - recurring parts (namespaces, annotations, finalizers, port lists) are
 *   shared between objects (see shared.ts), so inventory objects are
 *   read-only.
 */
import type {
  BackendReference,
  GatewayObject,
  KubeCondition,
  KubeEvent,
  KubeObject,
  KubeObjectMeta,
  LatticeServiceExportObject,
  McsServiceExportObject,
  McsServiceImportObject,
  ParentReference,
  RouteMatch,
  RouteObject,
  ServiceImportObject,
  ServiceObject,
} from './snapshot';
import { LINKERD_LABEL_PREFIXES } from '../providers/linkerd/labels';
import { sharedValues } from './shared';
import { isoTime } from './time';

/** The apiVersion and kind the object was listed as (list items may lack both). */
export interface ObjectType {
  apiVersion: string;
  kind: string;
}

/** Turns a served object into the inventory's copy. */
export type Compactor<T extends KubeObject> = (
  raw: KubeObject,
  type: ObjectType,
) => T;

const DROPPED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_EVENT_MESSAGE = 1024;

// Raw objects are read loosely: the server decides what is present.
type Loose = Record<string, any>;

const shared = sharedValues;

function annotations(
  raw: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!raw || !(DROPPED_ANNOTATION in raw)) return shared.value(raw);
  const { [DROPPED_ANNOTATION]: _dropped, ...kept } = raw;
  return shared.value(kept);
}

/**
 * The labels providers read (Linkerd's export and mirror labels; Istio's
 * network, dataplane mode, global and remote-secret labels, and the
 * east-west gateway's `istio`); every other label is dropped.
 */
const KEPT_LABEL_PREFIXES = [
  ...LINKERD_LABEL_PREFIXES,
  'istio.io/',
  'topology.istio.io/',
  'istio/',
];
const KEPT_LABELS = new Set(['istio']);

function labels(
  raw: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!raw) return undefined;
  const kept = Object.entries(raw).filter(
    ([key]) =>
      KEPT_LABELS.has(key) ||
      KEPT_LABEL_PREFIXES.some(prefix => key.startsWith(prefix)),
  );
  return kept.length ? shared.value(Object.fromEntries(kept)) : undefined;
}

function compactMeta(meta: KubeObjectMeta): KubeObjectMeta {
  return {
    name: meta.name,
    namespace: shared.string(meta.namespace),
    uid: meta.uid,
    creationTimestamp: isoTime(meta.creationTimestamp),
    deletionTimestamp: isoTime(meta.deletionTimestamp),
    labels: labels(meta.labels),
    annotations: annotations(meta.annotations),
    finalizers: shared.value(meta.finalizers),
  };
}

/** The one shape every compacted object (but events) has; providers build their own kinds with it. */
export function compactObject<T extends KubeObject>(
  raw: KubeObject,
  type: ObjectType,
  spec: T['spec'],
  status?: T['status'],
): T {
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: compactMeta(raw.metadata),
    spec,
    status,
  } as T;
}

function condition(raw: Loose): KubeCondition {
  return {
    type: raw.type,
    status: raw.status,
    reason: raw.reason,
    message: raw.message,
    lastTransitionTime: isoTime(raw.lastTransitionTime),
    observedGeneration: raw.observedGeneration,
  };
}

function conditions(list: Loose[] | undefined): KubeCondition[] | undefined {
  return list?.map(condition);
}

function parentRef(raw: Loose): ParentReference {
  return {
    group: raw.group,
    kind: raw.kind,
    namespace: raw.namespace,
    name: raw.name,
    sectionName: raw.sectionName,
    port: raw.port,
  };
}

function backendRef(raw: Loose): BackendReference {
  return {
    group: raw.group,
    kind: raw.kind,
    namespace: raw.namespace,
    name: raw.name,
    port: raw.port,
    weight: raw.weight,
  };
}

export const compactService: Compactor<ServiceObject> = (raw, type) => {
  const spec = raw.spec as Loose | undefined;
  return compactObject<ServiceObject>(
    raw,
    type,
    spec && {
      type: shared.string(spec.type),
      clusterIP: spec.clusterIP,
      ipFamilies: shared.value(spec.ipFamilies),
      ipFamilyPolicy: shared.string(spec.ipFamilyPolicy),
      ports: shared.value(
        (spec.ports as Loose[] | undefined)?.map(port => ({
          name: port.name,
          port: port.port,
          protocol: port.protocol,
          targetPort: port.targetPort,
          appProtocol: port.appProtocol,
        })),
      ),
    },
  );
};

export const compactLatticeServiceExport: Compactor<
  LatticeServiceExportObject
> = (raw, type) => {
  const spec = raw.spec as Loose | undefined;
  return compactObject<LatticeServiceExportObject>(
    raw,
    type,
    shared.value(
      spec && {
        exportedPorts: (spec.exportedPorts as Loose[] | undefined)?.map(
          port => ({ port: port.port, routeType: port.routeType }),
        ),
      },
    ),
  );
};

/** `multicluster.x-k8s.io` ServiceImport: what the implementation derived from the clusterset's exports. */
export const compactMcsServiceImport: Compactor<McsServiceImportObject> = (
  raw,
  type,
) => {
  const spec = raw.spec as Loose | undefined;
  const status = raw.status as Loose | undefined;
  return compactObject<McsServiceImportObject>(
    raw,
    type,
    spec && {
      type: shared.string(spec.type),
      ports: shared.value(
        (spec.ports as Loose[] | undefined)?.map(port => ({
          name: port.name,
          port: port.port,
          protocol: port.protocol,
        })),
      ),
      ips: shared.value(spec.ips),
      sessionAffinity: shared.string(spec.sessionAffinity),
    },
    status && {
      clusters: (status.clusters as Loose[] | undefined)?.map(entry => ({
        cluster: String(entry.cluster),
      })),
    },
  );
};

export const compactMcsServiceExport: Compactor<McsServiceExportObject> = (
  raw,
  type,
) => {
  const status = raw.status as Loose | undefined;
  return compactObject<McsServiceExportObject>(
    raw,
    type,
    shared.value(raw.spec as Loose | undefined),
    status && { conditions: conditions(status.conditions) },
  );
};

export const compactServiceImport: Compactor<ServiceImportObject> = (
  raw,
  type,
) => {
  const spec = raw.spec as Loose | undefined;
  return compactObject<ServiceImportObject>(
    raw,
    type,
    shared.value(
      spec && {
        type: spec.type,
        ports: (spec.ports as Loose[] | undefined)?.map(port => ({
          name: port.name,
          port: port.port,
          protocol: port.protocol,
          appProtocol: port.appProtocol,
        })),
      },
    ),
  );
};

export const compactRoute: Compactor<RouteObject> = (raw, type) => {
  const spec = raw.spec as Loose | undefined;
  const status = raw.status as Loose | undefined;
  return compactObject<RouteObject>(
    raw,
    type,
    spec && {
      parentRefs: shared.value(
        (spec.parentRefs as Loose[] | undefined)?.map(parentRef),
      ),
      hostnames: shared.value(spec.hostnames),
      rules: (spec.rules as Loose[] | undefined)?.map(rule => ({
        backendRefs: (rule.backendRefs as Loose[] | undefined)?.map(backendRef),
        // Kept for the overlap check of route requests; most routes share a few shapes.
        matches: shared.value(rule.matches as RouteMatch[] | undefined),
      })),
    },
    status && {
      parents: (status.parents as Loose[] | undefined)?.map(parent => ({
        parentRef: parentRef(parent.parentRef ?? {}),
        controllerName: shared.string(parent.controllerName),
        conditions: conditions(parent.conditions),
      })),
    },
  );
};

export const compactGateway: Compactor<GatewayObject> = (raw, type) => {
  const spec = raw.spec as Loose | undefined;
  const status = raw.status as Loose | undefined;
  return compactObject<GatewayObject>(
    raw,
    type,
    spec && {
      gatewayClassName: spec.gatewayClassName,
      listeners: (spec.listeners as Loose[] | undefined)?.map(listener => ({
        name: listener.name,
        protocol: listener.protocol,
        port: listener.port,
        hostname: listener.hostname,
        // Only the mode: whether a TLS listener passes TLSRoutes through.
        tls: (listener.tls as Loose | undefined)?.mode
          ? { mode: (listener.tls as Loose).mode as string }
          : undefined,
      })),
    },
    status && {
      conditions: conditions(status.conditions),
      listeners: (status.listeners as Loose[] | undefined)?.map(listener => ({
        name: listener.name,
        attachedRoutes: listener.attachedRoutes,
        conditions: conditions(listener.conditions),
      })),
    },
  );
};

export const compactEvent: Compactor<KubeEvent> = (raw, type) => {
  const event = raw as Loose;
  const message = event.message as string | undefined;
  const involved = (event.involvedObject ?? {}) as Loose;
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: {
      name: raw.metadata.name,
      namespace: shared.string(raw.metadata.namespace),
      uid: raw.metadata.uid,
      creationTimestamp: raw.metadata.creationTimestamp,
    },
    involvedObject: {
      apiVersion: shared.string(involved.apiVersion),
      kind: shared.string(involved.kind),
      namespace: shared.string(involved.namespace),
      name: involved.name,
      uid: involved.uid,
    },
    type: shared.string(event.type),
    reason: shared.string(event.reason),
    message:
      message && message.length > MAX_EVENT_MESSAGE
        ? `${message.slice(0, MAX_EVENT_MESSAGE)}…`
        : message,
    count: event.count,
    firstTimestamp: event.firstTimestamp,
    lastTimestamp: event.lastTimestamp,
    eventTime: event.eventTime,
    series: event.series && {
      count: event.series.count,
      lastObservedTime: event.series.lastObservedTime,
    },
  };
};
