/*
 * Objects are cut down to the fields status composition reads as they
 * arrive: managedFields, last-applied-configuration and everything else
 * unused would otherwise dominate the inventory's memory.
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
  ParentReference,
  RouteObject,
  ServiceImportObject,
  ServiceObject,
  ServiceSpec,
} from './snapshot';

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

const DROPPED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
];
const MAX_EVENT_MESSAGE = 1024;

// Raw objects are read loosely: the server decides what is present.
type Loose = Record<string, any>;

/** The given fields of `source` that are present. */
function pick<T>(
  source: Loose | undefined,
  keys: ReadonlyArray<keyof T & string>,
): T {
  const picked: Loose = {};
  for (const key of keys) {
    if (source?.[key] !== undefined) picked[key] = source[key];
  }
  return picked as T;
}

function pickEach<T>(
  list: Loose[] | undefined,
  keys: ReadonlyArray<keyof T & string>,
): T[] | undefined {
  return list?.map(item => pick<T>(item, keys));
}

const META_KEYS: ReadonlyArray<keyof KubeObjectMeta> = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'labels',
  'annotations',
  'finalizers',
];
const CONDITION_KEYS: ReadonlyArray<keyof KubeCondition> = [
  'type',
  'status',
  'reason',
  'message',
  'lastTransitionTime',
  'observedGeneration',
];
const PARENT_KEYS: ReadonlyArray<keyof ParentReference> = [
  'group',
  'kind',
  'namespace',
  'name',
  'sectionName',
  'port',
];
const BACKEND_KEYS: ReadonlyArray<keyof BackendReference> = [
  'group',
  'kind',
  'namespace',
  'name',
  'port',
  'weight',
];

export function compactMeta(meta: KubeObjectMeta): KubeObjectMeta {
  const kept = pick<KubeObjectMeta>(meta, META_KEYS);
  if (
    kept.annotations &&
    DROPPED_ANNOTATIONS.some(key => key in kept.annotations!)
  ) {
    kept.annotations = { ...kept.annotations };
    for (const key of DROPPED_ANNOTATIONS) delete kept.annotations[key];
  }
  return kept;
}

function conditions(list: Loose[] | undefined) {
  return pickEach<KubeCondition>(list, CONDITION_KEYS);
}

/** A compactor for a kind whose payload sits in spec and status. */
function compactor<T extends KubeObject>(
  body: (
    spec: Loose | undefined,
    status: Loose | undefined,
  ) => Pick<T, 'spec' | 'status'>,
): Compactor<T> {
  return (raw, type) =>
    ({
      ...type,
      metadata: compactMeta(raw.metadata),
      ...body(raw.spec as Loose | undefined, raw.status as Loose | undefined),
    } as T);
}

export const compactService = compactor<ServiceObject>(spec => ({
  spec: spec && {
    ...pick<ServiceSpec>(spec, [
      'type',
      'clusterIP',
      'ipFamilies',
      'ipFamilyPolicy',
    ]),
    ports: pickEach(spec.ports, [
      'name',
      'port',
      'protocol',
      'targetPort',
      'appProtocol',
    ]),
  },
}));

export const compactLatticeServiceExport =
  compactor<LatticeServiceExportObject>(spec => ({
    spec: spec && {
      exportedPorts: pickEach(spec.exportedPorts, ['port', 'routeType']),
    },
  }));

export const compactMcsServiceExport = compactor<McsServiceExportObject>(
  (spec, status) => ({
    spec,
    status: status && { conditions: conditions(status.conditions) },
  }),
);

export const compactServiceImport = compactor<ServiceImportObject>(spec => ({
  spec: spec && {
    type: spec.type,
    ports: pickEach(spec.ports, ['name', 'port', 'protocol', 'appProtocol']),
  },
}));

export const compactRoute = compactor<RouteObject>((spec, status) => ({
  spec: spec && {
    parentRefs: pickEach(spec.parentRefs, PARENT_KEYS),
    hostnames: spec.hostnames,
    rules: (spec.rules as Loose[] | undefined)?.map(rule => ({
      backendRefs: pickEach(rule.backendRefs, BACKEND_KEYS),
    })),
  },
  status: status && {
    parents: (status.parents as Loose[] | undefined)?.map(parent => ({
      parentRef: pick<ParentReference>(parent.parentRef, PARENT_KEYS),
      controllerName: parent.controllerName,
      conditions: conditions(parent.conditions),
    })),
  },
}));

export const compactGateway = compactor<GatewayObject>((spec, status) => ({
  spec: spec && {
    gatewayClassName: spec.gatewayClassName,
    listeners: pickEach(spec.listeners, [
      'name',
      'protocol',
      'port',
      'hostname',
    ]),
  },
  status: status && {
    conditions: conditions(status.conditions),
    listeners: (status.listeners as Loose[] | undefined)?.map(listener => ({
      name: listener.name,
      attachedRoutes: listener.attachedRoutes,
      conditions: conditions(listener.conditions),
    })),
  },
}));

export const compactEvent: Compactor<KubeEvent> = (raw, type) => {
  const event = raw as Loose;
  const message = event.message as string | undefined;
  return {
    ...type,
    ...pick<KubeEvent>(event, [
      'type',
      'reason',
      'count',
      'firstTimestamp',
      'lastTimestamp',
      'eventTime',
    ]),
    metadata: pick<KubeObjectMeta>(raw.metadata, [
      'name',
      'namespace',
      'uid',
      'resourceVersion',
      'creationTimestamp',
    ]),
    involvedObject: pick(event.involvedObject, [
      'apiVersion',
      'kind',
      'namespace',
      'name',
      'uid',
    ]),
    message:
      message && message.length > MAX_EVENT_MESSAGE
        ? `${message.slice(0, MAX_EVENT_MESSAGE)}…`
        : message,
    series:
      event.series &&
      pick<NonNullable<KubeEvent['series']>>(event.series, [
        'count',
        'lastObservedTime',
      ]),
  };
};
