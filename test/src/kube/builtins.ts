/*
 * The built-in kinds the simulated clusters serve (Namespace, Service, Event,
 * EndpointSlice, CustomResourceDefinition): their discovery entries, the defaults
 * and allocations the API server fills in, the validation it applies and the
 * structure hints (list keys, patch merge keys) from the real OpenAPI.
 */
import { isPlainObject } from './json';
import type { ResourceDefinition } from './registry';
import { timestamp } from './objectMeta';
import {
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  NameRule,
  pruneUnknownFields,
  unknownFieldPaths,
} from './schema';
import { builtinDefinitionName, resolveDefinition } from './schemas';
import { readDottedField } from './selectors';
import { validateCrd } from './crd';
import { RBAC_BUILTINS } from './rbac/kinds';
import { SERVICE_ACCOUNT_BUILTINS } from './serviceAccounts';
import {
  normalizeDeployment,
  normalizePod,
  podGracePeriod,
  normalizeReplicaSet,
  validatePod,
  validateWorkload,
} from './workloadKinds';
import type {
  FieldCause,
  GroupResource,
  JSONSchemaProps,
  KubeObject,
  ResourceType,
} from './types';

/** ObjectMeta's structure: what every kind's metadata merges like. */
export const OBJECT_META_STRUCTURE: JSONSchemaProps = resolveDefinition(
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
);

const STANDARD_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** A built-in kind as served here; kinds defined in other modules (RBAC, ServiceAccounts) describe themselves so. */
export interface BuiltinSpec extends GroupResource {
  version: string;
  kind: string;
  namespaced: boolean;
  statusSubresource: boolean;
  shortNames?: string[];
  categories?: string[];
  scaleSubresource?: boolean;
  /** Deleting waits for the grace period (pods), unless it is 0. */
  gracePeriod?(object: KubeObject, requested: number | undefined): number;
  verbs?: string[];
  nameRule: NameRule;
  selectableFields: string[];
  tracksGeneration?: boolean;
  normalize?(object: KubeObject, previous: KubeObject | undefined): void;
  validate?(object: KubeObject): FieldCause[];
}

function definitionOf(spec: BuiltinSpec): ResourceDefinition {
  const type: ResourceType = {
    group: spec.group,
    version: spec.version,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    namespaced: spec.namespaced,
    ...(spec.shortNames ? { shortNames: spec.shortNames } : {}),
    ...(spec.categories ? { categories: spec.categories } : {}),
    ...(spec.scaleSubresource ? { scaleSubresource: true } : {}),
    verbs: spec.verbs ?? STANDARD_VERBS,
    statusSubresource: spec.statusSubresource,
    storageVersion: spec.version,
  };
  // Our OpenAPI definition of the kind: list keys and patch merge keys, and the fields it knows.
  const definitionName = builtinDefinitionName(
    spec.group,
    spec.version,
    spec.kind,
  );
  if (!definitionName) throw new Error(`No OpenAPI definition of ${spec.kind}`);
  const schema = resolveDefinition(definitionName);
  const normalize = spec.normalize;
  return {
    resource: { group: spec.group, plural: spec.plural },
    kind: spec.kind,
    namespaced: spec.namespaced,
    statusSubresource: spec.statusSubresource,
    storageVersion: spec.version,
    types: [type],
    custom: false,
    nameRule: spec.nameRule,
    selectableFields: {
      names: spec.selectableFields,
      // Event's `source` selects on source.component.
      value: (object, field) =>
        readDottedField(
          object,
          field === 'source' ? 'source.component' : field,
        ),
      custom: false,
    },
    tracksGeneration: spec.tracksGeneration ?? false,
    ...(spec.gracePeriod ? { gracePeriod: spec.gracePeriod } : {}),
    structure: () => schema,
    // Decoding into the kind's Go types drops the fields it does not have.
    prune: object => pruneUnknownFields(schema, object),
    unknownFields: object => unknownFieldPaths(schema, object),
    normalize(object, previous) {
      pruneUnknownFields(schema, object);
      normalize?.(object, previous);
    },
    validate: spec.validate ?? (() => []),
  };
}

/** Hands out ClusterIPs and NodePorts from the usual ranges, never reusing one. */
export interface ServiceAllocator {
  clusterIp(): string;
  nodePort(): number;
  /** Gives back what is allocated from now on when the returned function is called (a dry run, a refused write). */
  checkpoint(): () => void;
}

export function createServiceAllocator(): ServiceAllocator {
  let nextIp = 10;
  let nextNodePort = 30000;
  return {
    clusterIp() {
      const n = nextIp++;
      return `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
    },
    nodePort() {
      return nextNodePort++;
    },
    checkpoint() {
      const [ip, nodePort] = [nextIp, nextNodePort];
      return () => {
        nextIp = ip;
        nextNodePort = nodePort;
      };
    },
  };
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

type ServicePort = Record<string, unknown>;

function servicePorts(object: KubeObject | undefined): ServicePort[] {
  const spec = object?.spec;
  const ports = isPlainObject(spec) ? spec.ports : undefined;
  return Array.isArray(ports) ? ports.filter(isPlainObject) : [];
}

function normalizeService(allocator: ServiceAllocator) {
  return (object: KubeObject, previous: KubeObject | undefined): void => {
    const spec = (
      isPlainObject(object.spec) ? object.spec : (object.spec = {})
    ) as Record<string, unknown>;
    const old = (isPlainObject(previous?.spec) ? previous!.spec : {}) as Record<
      string,
      unknown
    >;
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    const usesNodePorts =
      spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    for (const port of servicePorts(object)) {
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
      if (usesNodePorts && port.nodePort === undefined) {
        const same = servicePorts(previous).find(
          candidate =>
            candidate.port === port.port &&
            candidate.protocol === port.protocol,
        );
        port.nodePort = same?.nodePort ?? allocator.nodePort();
      }
    }
    if (spec.type !== 'ExternalName') {
      // Allocated values survive an update that leaves them out, as on a real server.
      spec.clusterIP ??= old.clusterIP ?? allocator.clusterIp();
      spec.clusterIPs ??= [spec.clusterIP];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
    }
    if (usesNodePorts) spec.externalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'LoadBalancer')
      spec.allocateLoadBalancerNodePorts ??= true;
    object.status ??= { loadBalancer: {} };
  };
}

function validateService(object: KubeObject): FieldCause[] {
  const spec = (isPlainObject(object.spec) ? object.spec : {}) as Record<
    string,
    unknown
  >;
  const causes: FieldCause[] = [];
  if (!SERVICE_TYPES.includes(String(spec.type))) {
    causes.push(fieldNotSupported('spec.type', spec.type, SERVICE_TYPES));
  }
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) causes.push(fieldRequired('spec.externalName'));
    return causes;
  }
  const ports = servicePorts(object);
  if (ports.length === 0 && spec.clusterIP !== 'None')
    causes.push(fieldRequired('spec.ports'));
  const seen = new Set<string>();
  ports.forEach((port, index) => {
    const field = `spec.ports[${index}]`;
    if (ports.length > 1 && !port.name)
      causes.push(fieldRequired(`${field}.name`));
    if (
      !Number.isInteger(port.port) ||
      (port.port as number) < 1 ||
      (port.port as number) > 65535
    ) {
      causes.push(
        fieldInvalid(
          `${field}.port`,
          port.port,
          'must be between 1 and 65535, inclusive',
        ),
      );
    }
    if (!PROTOCOLS.includes(String(port.protocol))) {
      causes.push(
        fieldNotSupported(`${field}.protocol`, port.protocol, PROTOCOLS),
      );
    }
    const key = `${port.port}/${port.protocol}`;
    if (seen.has(key)) {
      causes.push({
        reason: 'FieldValueDuplicate',
        field,
        message: `Duplicate value: {"port":${port.port},"protocol":"${port.protocol}"}`,
      });
    }
    seen.add(key);
  });
  return causes;
}

function validateEvent(object: KubeObject): FieldCause[] {
  const involved = object.involvedObject;
  if (!isPlainObject(involved)) return [fieldRequired('involvedObject')];
  const namespace = involved.namespace;
  if (namespace && namespace !== object.metadata.namespace) {
    return [
      fieldInvalid(
        'involvedObject.namespace',
        namespace,
        'does not match event.namespace',
      ),
    ];
  }
  return [];
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

function validateEndpointSlice(object: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!ADDRESS_TYPES.includes(String(object.addressType))) {
    causes.push(
      object.addressType === undefined
        ? fieldRequired('addressType')
        : fieldNotSupported('addressType', object.addressType, ADDRESS_TYPES),
    );
  }
  const endpoints = Array.isArray(object.endpoints) ? object.endpoints : [];
  endpoints.forEach((endpoint, index) => {
    const addresses = isPlainObject(endpoint) ? endpoint.addresses : undefined;
    if (!Array.isArray(addresses) || addresses.length === 0) {
      causes.push(
        fieldRequired(
          `endpoints[${index}].addresses`,
          'must contain at least 1 address',
        ),
      );
    }
  });
  return causes;
}

function normalizeNamespace(object: KubeObject): void {
  object.metadata.labels = {
    ...object.metadata.labels,
    'kubernetes.io/metadata.name': object.metadata.name,
  };
  object.spec ??= { finalizers: ['kubernetes'] };
  object.status ??= { phase: 'Active' };
}

const CRD_CONDITIONS = [
  {
    type: 'NamesAccepted',
    reason: 'NoConflicts',
    message: 'no conflicts found',
  },
  {
    type: 'Established',
    reason: 'InitialNamesAccepted',
    message: 'the initial names have been accepted',
  },
];

/** What the apiextensions controllers write on an accepted CRD; kept as is when nothing changed. */
function normalizeCrd(object: KubeObject): void {
  const spec = (isPlainObject(object.spec) ? object.spec : {}) as Record<
    string,
    unknown
  >;
  const names = (isPlainObject(spec.names) ? spec.names : {}) as Record<
    string,
    unknown
  >;
  const kind = String(names.kind ?? '');
  names.singular ??= kind.toLowerCase();
  names.listKind ??= `${kind}List`;
  spec.conversion ??= { strategy: 'None' };
  const status = (isPlainObject(object.status) ? object.status : {}) as Record<
    string,
    unknown
  >;
  status.acceptedNames = { ...names };
  const conditions = (
    Array.isArray(status.conditions) ? status.conditions : []
  ).filter(isPlainObject);
  for (const condition of CRD_CONDITIONS) {
    const existing = conditions.find(
      candidate => candidate.type === condition.type,
    );
    if (existing?.status !== 'True') {
      const fresh = {
        ...condition,
        status: 'True',
        lastTransitionTime: timestamp(),
      };
      if (existing) Object.assign(existing, fresh);
      else conditions.push(fresh);
    }
  }
  status.conditions = conditions;
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(
    isPlainObject,
  );
  const storage = versions.find(version => version.storage === true)?.name;
  const stored = Array.isArray(status.storedVersions)
    ? status.storedVersions
    : [];
  status.storedVersions =
    storage && !stored.includes(storage) ? [...stored, storage] : stored;
  object.status = status;
}

export const NAMESPACE_RESOURCE = { group: '', plural: 'namespaces' };
export const SERVICE_RESOURCE = { group: '', plural: 'services' };
export const EVENT_RESOURCE = { group: '', plural: 'events' };
export const ENDPOINT_SLICE_RESOURCE = {
  group: 'discovery.k8s.io',
  plural: 'endpointslices',
};
export const POD_RESOURCE = { group: '', plural: 'pods' };
export const DEPLOYMENT_RESOURCE = { group: 'apps', plural: 'deployments' };
export const REPLICA_SET_RESOURCE = { group: 'apps', plural: 'replicasets' };
export const CRD_RESOURCE = {
  group: 'apiextensions.k8s.io',
  plural: 'customresourcedefinitions',
};

const BUILTIN_RESOURCES = [
  NAMESPACE_RESOURCE,
  POD_RESOURCE,
  DEPLOYMENT_RESOURCE,
  REPLICA_SET_RESOURCE,
  SERVICE_RESOURCE,
  EVENT_RESOURCE,
  ENDPOINT_SLICE_RESOURCE,
  CRD_RESOURCE,
  ...[...RBAC_BUILTINS, ...SERVICE_ACCOUNT_BUILTINS].map(({ group, plural }) => ({ group, plural })),
];
/** Kinds whose DELETE answers a v1 Status rather than the deleted object, as their real registries do. */
const DELETE_ANSWERS_STATUS = [
  EVENT_RESOURCE,
  ENDPOINT_SLICE_RESOURCE,
  DEPLOYMENT_RESOURCE,
  REPLICA_SET_RESOURCE,
];

function isOneOf(
  resource: GroupResource,
  candidates: readonly GroupResource[],
): boolean {
  return candidates.some(
    candidate =>
      candidate.group === resource.group &&
      candidate.plural === resource.plural,
  );
}

/** Built-in kinds list their items without apiVersion and kind, unlike custom resources. */
export function isBuiltinResource(resource: GroupResource): boolean {
  return isOneOf(resource, BUILTIN_RESOURCES);
}

export function deleteAnswersStatus(resource: GroupResource): boolean {
  return isOneOf(resource, DELETE_ANSWERS_STATUS);
}

export function builtinDefinitions(
  allocator: ServiceAllocator,
): ResourceDefinition[] {
  return [
    definitionOf({
      ...NAMESPACE_RESOURCE,
      version: 'v1',
      kind: 'Namespace',
      namespaced: false,
      statusSubresource: true,
      shortNames: ['ns'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      nameRule: 'dns1123Label',
      selectableFields: ['metadata.name', 'status.phase'],
      normalize: normalizeNamespace,
    }),
    definitionOf({
      ...SERVICE_RESOURCE,
      version: 'v1',
      kind: 'Service',
      namespaced: true,
      statusSubresource: true,
      shortNames: ['svc'],
      categories: ['all'],
      nameRule: 'dns1035Label',
      selectableFields: [
        'metadata.name',
        'metadata.namespace',
        'spec.clusterIP',
        'spec.type',
      ],
      normalize: normalizeService(allocator),
      validate: validateService,
    }),
    definitionOf({
      ...EVENT_RESOURCE,
      version: 'v1',
      kind: 'Event',
      namespaced: true,
      statusSubresource: false,
      shortNames: ['ev'],
      nameRule: 'dns1123Subdomain',
      selectableFields: [
        'metadata.name',
        'metadata.namespace',
        'involvedObject.kind',
        'involvedObject.namespace',
        'involvedObject.name',
        'involvedObject.uid',
        'involvedObject.apiVersion',
        'involvedObject.resourceVersion',
        'involvedObject.fieldPath',
        'reason',
        'reportingComponent',
        'source',
        'type',
      ],
      validate: validateEvent,
    }),
    definitionOf({
      ...ENDPOINT_SLICE_RESOURCE,
      version: 'v1',
      kind: 'EndpointSlice',
      namespaced: true,
      statusSubresource: false,
      nameRule: 'dns1123Subdomain',
      selectableFields: ['metadata.name', 'metadata.namespace'],
      validate: validateEndpointSlice,
    }),
    definitionOf({
      ...POD_RESOURCE,
      version: 'v1',
      kind: 'Pod',
      namespaced: true,
      statusSubresource: true,
      shortNames: ['po'],
      categories: ['all'],
      gracePeriod: podGracePeriod,
      nameRule: 'dns1123Subdomain',
      selectableFields: [
        'metadata.name',
        'metadata.namespace',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'status.phase',
        'status.podIP',
        'status.nominatedNodeName',
      ],
      normalize: normalizePod,
      validate: validatePod,
    }),
    definitionOf({
      ...DEPLOYMENT_RESOURCE,
      version: 'v1',
      kind: 'Deployment',
      namespaced: true,
      statusSubresource: true,
      scaleSubresource: true,
      shortNames: ['deploy'],
      categories: ['all'],
      nameRule: 'dns1123Subdomain',
      selectableFields: ['metadata.name', 'metadata.namespace'],
      tracksGeneration: true,
      normalize: normalizeDeployment,
      validate: validateWorkload,
    }),
    definitionOf({
      ...REPLICA_SET_RESOURCE,
      version: 'v1',
      kind: 'ReplicaSet',
      namespaced: true,
      statusSubresource: true,
      scaleSubresource: true,
      shortNames: ['rs'],
      categories: ['all'],
      nameRule: 'dns1123Subdomain',
      selectableFields: ['metadata.name', 'metadata.namespace', 'status.replicas'],
      tracksGeneration: true,
      normalize: normalizeReplicaSet,
      validate: validateWorkload,
    }),
    definitionOf({
      ...CRD_RESOURCE,
      version: 'v1',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      statusSubresource: true,
      shortNames: ['crd', 'crds'],
      nameRule: 'dns1123Subdomain',
      selectableFields: ['metadata.name'],
      tracksGeneration: true,
      normalize: normalizeCrd,
      validate: validateCrd,
    }),
    ...[...RBAC_BUILTINS, ...SERVICE_ACCOUNT_BUILTINS].map(definitionOf),
  ];
}
