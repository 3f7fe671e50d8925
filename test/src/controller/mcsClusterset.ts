/*
 * An MCS implementation for a clusterset (KEP-1645), as Submariner
 * Lighthouse or the Cloud Map controller behave: it follows every member's
 * Services and multicluster.x-k8s.io ServiceExports and, per namespace and
 * name (namespace sameness: the same namespace is the same thing in every
 * member),
 * - writes Valid, Ready and Conflict on each export: Valid=False without its
 *   Service (NoService) or for an ExternalName one; where the exported
 *   Services disagree on ports, type (ClusterSetIP or Headless) or session
 *   affinity, the oldest export wins and every other one gets Conflict=True
 *   naming the field, the winning cluster and why;
 * - derives the ServiceImport in every member: the winner's type, ports and
 *   session affinity, a clusterset IP for ClusterSetIP, and in
 *   status.clusters the clusters with a valid export; it is deleted when no
 *   valid export is left.
 */
import { createHash } from 'node:crypto';
import { GroupResource, KubeObject, ObjectStore } from '../kube/types';
import { Condition, ConditionUpdate, setConditions } from './conditions';
import { RESOURCES } from './constants';
import { getServed, isDeleting, patchStatus } from './kubeAccess';
import { createWorkQueue, ReconcileOutcome } from './queue';
import { servicePorts } from './targets';

/** The API an implementation serves: its group's kinds, condition types and names. */
export interface McsClustersetApi {
  exports: GroupResource;
  imports: GroupResource;
  importApiVersion: string;
  /** KEP-1645's Valid, Ready and Conflict, as the implementation names them. */
  conditions: { valid: string; ready: string; conflict: string };
  fieldManager: string;
  /** How status.clusters names a member. */
  clusterId(member: string): string;
}

export const UPSTREAM_MCS_API: McsClustersetApi = {
  exports: RESOURCES.mcsServiceExports,
  imports: RESOURCES.mcsServiceImports,
  importApiVersion: 'multicluster.x-k8s.io/v1beta1',
  conditions: { valid: 'Valid', ready: 'Ready', conflict: 'Conflict' },
  fieldManager: 'mcs-controller',
  clusterId: member => member,
};

/** GKE's fleet project number and location, as the demo's memberships name them. */
const GKE_FLEET = 'projects/123456789012/locations/global/memberships';

export const GKE_MCS_API: McsClustersetApi = {
  exports: RESOURCES.gkeServiceExports,
  imports: RESOURCES.gkeServiceImports,
  importApiVersion: 'net.gke.io/v1',
  conditions: { valid: 'Initialized', ready: 'Exported', conflict: 'Conflict' },
  fieldManager: 'gke-mcs-controller',
  clusterId: member => `${GKE_FLEET}/${member}`,
};

export interface ClustersetMember {
  name: string;
  store: ObjectStore;
}

export interface McsClustersetOptions {
  members: ClustersetMember[];
  /** Default: the upstream MCS API. */
  api?: McsClustersetApi;
  /** Wait before each reconcile; 0 in tests. */
  delayMs?: number;
  log?: (message: string) => void;
}

export interface McsClusterset {
  stop(): void;
  idle(): Promise<void>;
  isIdle(): boolean;
}

interface Exported {
  member: ClustersetMember;
  serviceExport: KubeObject;
  service?: KubeObject;
}

type ServiceSpec = {
  type?: string;
  clusterIP?: string;
  sessionAffinity?: string;
};

function specOf(service: KubeObject): ServiceSpec {
  return (service.spec ?? {}) as ServiceSpec;
}

function importType(service: KubeObject): 'ClusterSetIP' | 'Headless' {
  return specOf(service).clusterIP === 'None' ? 'Headless' : 'ClusterSetIP';
}

function portsOf(service: KubeObject) {
  return servicePorts(service).map(port => ({
    ...(port.name ? { name: port.name } : {}),
    port: port.port,
    protocol: port.protocol ?? 'TCP',
  }));
}

function describePorts(service: KubeObject): string {
  return (
    portsOf(service)
      .map(port => `${port.port}/${port.protocol}`)
      .sort()
      .join(', ') || 'none'
  );
}

/** The properties the KEP has the oldest export decide, with how each reads. */
const CONTESTED: Array<{
  reason: string;
  field: string;
  value(service: KubeObject): string;
}> = [
  { reason: 'PortConflict', field: 'ports', value: describePorts },
  { reason: 'TypeConflict', field: 'type', value: importType },
  {
    reason: 'SessionAffinityConflict',
    field: 'sessionAffinity',
    value: service => specOf(service).sessionAffinity ?? 'None',
  },
];

function createdAt(object: KubeObject): number {
  return Date.parse(String(object.metadata.creationTimestamp ?? '')) || 0;
}

/** Oldest export first; the cluster name breaks a tie, so every member agrees. */
function byAge(a: Exported, b: Exported): number {
  return (
    createdAt(a.serviceExport) - createdAt(b.serviceExport) ||
    a.member.name.localeCompare(b.member.name)
  );
}

/** A stable clusterset IP per namespace and name, from a range no cluster uses. */
function clustersetIp(namespace: string, name: string): string {
  const digest = createHash('sha256').update(`${namespace}/${name}`).digest();
  return `242.${digest[0]}.${digest[1]}.${(digest[2] % 254) + 1}`;
}

function invalidity(
  api: McsClustersetApi,
  exported: Exported,
): ConditionUpdate | undefined {
  const { service, serviceExport } = exported;
  const { namespace, name } = serviceExport.metadata;
  if (!service) {
    return {
      type: api.conditions.valid,
      status: 'False',
      reason: 'NoService',
      message: `Service ${namespace}/${name} not found`,
    };
  }
  if (specOf(service).type === 'ExternalName') {
    return {
      type: api.conditions.valid,
      status: 'False',
      reason: 'InvalidServiceType',
      message: 'ExternalName services cannot be exported',
    };
  }
  return undefined;
}

function conflictWith(
  api: McsClustersetApi,
  exported: Exported,
  winner: Exported,
): ConditionUpdate {
  if (exported === winner || !exported.service || !winner.service) {
    return {
      type: api.conditions.conflict,
      status: 'False',
      reason: 'NoConflicts',
      message: 'No conflicts with other clusters',
    };
  }
  const own = exported.service;
  const theirs = winner.service;
  const differing = CONTESTED.filter(p => p.value(own) !== p.value(theirs));
  if (!differing.length) return conflictWith(api, winner, winner);
  return {
    type: api.conditions.conflict,
    status: 'True',
    reason: differing.map(p => p.reason).join(','),
    message: differing
      .map(
        p =>
          `${p.field}: this cluster has ${p.value(
            own,
          )}, the clusterset uses ${p.value(theirs)} from cluster ${
            winner.member.name
          }, whose ServiceExport is the oldest`,
      )
      .join('; '),
  };
}

function writeConditions(
  api: McsClustersetApi,
  exported: Exported,
  updates: ConditionUpdate[],
  now: Date,
): void {
  const { serviceExport, member } = exported;
  const generation = serviceExport.metadata.generation;
  const observed =
    generation !== undefined ? { observedGeneration: generation } : {};
  const status = (serviceExport.status ?? {}) as { conditions?: Condition[] };
  const conditions = setConditions(
    status.conditions,
    updates.map(update => ({ ...update, ...observed })),
    now,
  );
  patchStatus(
    member.store,
    api.exports,
    serviceExport,
    { conditions },
    api.fieldManager,
  );
}

function writeImport(
  api: McsClustersetApi,
  member: ClustersetMember,
  namespace: string,
  name: string,
  desired: { spec: Record<string, unknown>; clusters: string[] } | undefined,
): void {
  const { store } = member;
  if (!store.serves(api.imports)) return;
  const current = store.getReadOnly(api.imports, namespace, name);
  if (!desired) {
    if (current) store.delete(api.imports, namespace, name);
    return;
  }
  const applied = store.apply(
    api.imports,
    {
      apiVersion: api.importApiVersion,
      kind: 'ServiceImport',
      metadata: { namespace, name },
      spec: desired.spec,
    },
    { fieldManager: api.fieldManager, readOnlyResult: true },
  );
  patchStatus(
    store,
    api.imports,
    applied,
    { clusters: desired.clusters.map(cluster => ({ cluster })) },
    api.fieldManager,
  );
}

export function startMcsClusterset(
  options: McsClustersetOptions,
): McsClusterset {
  const { members } = options;
  const api = options.api ?? UPSTREAM_MCS_API;
  const log =
    options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  const reconcile = (key: string): ReconcileOutcome => {
    const [namespace, name] = key.split('/');
    const exports: Exported[] = members.flatMap(member => {
      const serviceExport = getServed(member.store, api.exports, namespace, name);
      if (!serviceExport || isDeleting(serviceExport)) return [];
      const service = member.store.getReadOnly(
        RESOURCES.services,
        namespace,
        name,
      );
      return [{ member, serviceExport, service }];
    });
    const now = new Date();
    const valid = exports
      .filter(exported => !invalidity(api, exported))
      .sort(byAge);
    const winner = valid[0];
    for (const exported of exports) {
      const invalid = invalidity(api, exported);
      writeConditions(
        api,
        exported,
        invalid
          ? [
              invalid,
              {
                type: api.conditions.ready,
                status: 'False',
                reason: 'Pending',
                message: 'Waiting for a valid Service',
              },
            ]
          : [
              {
                type: api.conditions.valid,
                status: 'True',
                reason: 'Valid',
                message: 'Service is valid for export',
              },
              {
                type: api.conditions.ready,
                status: 'True',
                reason: 'Exported',
                message: 'Service is exported to the clusterset',
              },
              conflictWith(api, exported, winner),
            ],
        now,
      );
    }
    const service = winner?.service;
    const desired = service && {
      spec: {
        type: importType(service),
        ports: portsOf(service),
        ...(importType(service) === 'ClusterSetIP'
          ? { ips: [clustersetIp(namespace, name)] }
          : {}),
        sessionAffinity: specOf(service).sessionAffinity ?? 'None',
      },
      clusters: valid.map(exported => api.clusterId(exported.member.name)).sort(),
    };
    for (const member of members) {
      writeImport(api, member, namespace, name, desired);
    }
    return 'done';
  };

  const queue = createWorkQueue({
    delayMs: options.delayMs ?? 0,
    process: reconcile,
    onError: (key, error) =>
      log(
        `[${api.fieldManager}] reconcile ${key} failed, will retry: ${
          error instanceof Error ? error.message : String(error)
        }`,
      ),
  });
  const keyOf = (object: KubeObject) =>
    `${object.metadata.namespace}/${object.metadata.name}`;
  const unsubscribe = members.map(member => {
    for (const resource of [api.exports, RESOURCES.services]) {
      for (const object of member.store.serves(resource)
        ? member.store.listReadOnly(resource)
        : []) {
        queue.add(keyOf(object));
      }
    }
    return member.store.subscribeReadOnly(event => {
      const { group, plural } = event.resource;
      const watched =
        (group === api.exports.group && plural === api.exports.plural) ||
        (group === '' && plural === 'services');
      if (watched) queue.add(keyOf(event.object));
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
