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
import { KubeObject, ObjectStore } from '../kube/types';
import { Condition, ConditionUpdate, setConditions } from './conditions';
import { RESOURCES } from './constants';
import { getServed, isDeleting, patchStatus } from './kubeAccess';
import { createWorkQueue, ReconcileOutcome } from './queue';
import { servicePorts } from './targets';

/** The MCS implementation's own field manager. */
const FIELD_MANAGER = 'mcs-controller';
const WRITE = { fieldManager: FIELD_MANAGER, readOnlyResult: true } as const;

export interface ClustersetMember {
  name: string;
  store: ObjectStore;
}

export interface McsClustersetOptions {
  members: ClustersetMember[];
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

function invalidity(exported: Exported): ConditionUpdate | undefined {
  const { service, serviceExport } = exported;
  const { namespace, name } = serviceExport.metadata;
  if (!service) {
    return {
      type: 'Valid',
      status: 'False',
      reason: 'NoService',
      message: `Service ${namespace}/${name} not found`,
    };
  }
  if (specOf(service).type === 'ExternalName') {
    return {
      type: 'Valid',
      status: 'False',
      reason: 'InvalidServiceType',
      message: 'ExternalName services cannot be exported',
    };
  }
  return undefined;
}

function conflictWith(exported: Exported, winner: Exported): ConditionUpdate {
  if (exported === winner || !exported.service || !winner.service) {
    return {
      type: 'Conflict',
      status: 'False',
      reason: 'NoConflicts',
      message: 'No conflicts with other clusters',
    };
  }
  const own = exported.service;
  const theirs = winner.service;
  const differing = CONTESTED.filter(p => p.value(own) !== p.value(theirs));
  if (!differing.length) return conflictWith(winner, winner);
  return {
    type: 'Conflict',
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
    RESOURCES.mcsServiceExports,
    serviceExport,
    { conditions },
    FIELD_MANAGER,
  );
}

function writeImport(
  member: ClustersetMember,
  namespace: string,
  name: string,
  desired: { spec: Record<string, unknown>; clusters: string[] } | undefined,
): void {
  const { store } = member;
  if (!store.serves(RESOURCES.mcsServiceImports)) return;
  const current = store.getReadOnly(
    RESOURCES.mcsServiceImports,
    namespace,
    name,
  );
  if (!desired) {
    if (current) store.delete(RESOURCES.mcsServiceImports, namespace, name);
    return;
  }
  const applied = store.apply(
    RESOURCES.mcsServiceImports,
    {
      apiVersion: 'multicluster.x-k8s.io/v1beta1',
      kind: 'ServiceImport',
      metadata: { namespace, name },
      spec: desired.spec,
    },
    WRITE,
  );
  patchStatus(
    store,
    RESOURCES.mcsServiceImports,
    applied,
    { clusters: desired.clusters.map(cluster => ({ cluster })) },
    FIELD_MANAGER,
  );
}

export function startMcsClusterset(
  options: McsClustersetOptions,
): McsClusterset {
  const { members } = options;
  const log =
    options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  const reconcile = (key: string): ReconcileOutcome => {
    const [namespace, name] = key.split('/');
    const exports: Exported[] = members.flatMap(member => {
      const serviceExport = getServed(
        member.store,
        RESOURCES.mcsServiceExports,
        namespace,
        name,
      );
      if (!serviceExport || isDeleting(serviceExport)) return [];
      const service = member.store.getReadOnly(
        RESOURCES.services,
        namespace,
        name,
      );
      return [{ member, serviceExport, service }];
    });
    const now = new Date();
    const valid = exports.filter(exported => !invalidity(exported)).sort(byAge);
    const winner = valid[0];
    for (const exported of exports) {
      const invalid = invalidity(exported);
      writeConditions(
        exported,
        invalid
          ? [
              invalid,
              {
                type: 'Ready',
                status: 'False',
                reason: 'Pending',
                message: 'Waiting for a valid Service',
              },
            ]
          : [
              {
                type: 'Valid',
                status: 'True',
                reason: 'Valid',
                message: 'Service is valid for export',
              },
              {
                type: 'Ready',
                status: 'True',
                reason: 'Exported',
                message: 'Service is exported to the clusterset',
              },
              conflictWith(exported, winner),
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
      clusters: valid.map(exported => exported.member.name).sort(),
    };
    for (const member of members) writeImport(member, namespace, name, desired);
    return 'done';
  };

  const queue = createWorkQueue({
    delayMs: options.delayMs ?? 0,
    process: reconcile,
    onError: (key, error) =>
      log(
        `[mcs clusterset] reconcile ${key} failed, will retry: ${
          error instanceof Error ? error.message : String(error)
        }`,
      ),
  });
  const keyOf = (object: KubeObject) =>
    `${object.metadata.namespace}/${object.metadata.name}`;
  const unsubscribe = members.map(member => {
    for (const resource of [RESOURCES.mcsServiceExports, RESOURCES.services]) {
      for (const object of member.store.serves(resource)
        ? member.store.listReadOnly(resource)
        : []) {
        queue.add(keyOf(object));
      }
    }
    return member.store.subscribeReadOnly(event => {
      const { group, plural } = event.resource;
      const watched =
        (group === RESOURCES.mcsServiceExports.group &&
          plural === RESOURCES.mcsServiceExports.plural) ||
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
