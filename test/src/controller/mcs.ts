/*
 * A small stand-in for an upstream MCS implementation (multicluster.x-k8s.io):
 * the AWS controller ignores these exports, so this writes the conditions an
 * implementation such as Cilium or Lighthouse would: Valid, Ready, Conflict.
 */
import { KubeObject } from '../kube/types';
import {
  Condition,
  ConditionUpdate,
  findCondition,
  setConditions,
} from './conditions';
import { RESOURCES } from './constants';
import { ControllerContext } from './context';
import { getServed, isDeleting, patchStatus } from './kubeAccess';
import { ReconcileOutcome } from './queue';
import { servicePorts } from './targets';

export interface PeerService {
  clusterName: string;
  service: KubeObject;
}

/** The same Service (namespace and name) as seen in the other clusters of the clusterset. */
export type PeerServices = (namespace: string, name: string) => PeerService[];

function portSignature(service: KubeObject): string {
  return servicePorts(service)
    .map(p => `${p.port}/${p.protocol ?? 'TCP'}`)
    .sort()
    .join(', ');
}

function serviceType(service: KubeObject): string {
  const spec = service.spec as
    | { type?: string; clusterIP?: string }
    | undefined;
  return spec?.clusterIP === 'None' ? 'Headless' : 'ClusterSetIP';
}

function conflictCondition(
  service: KubeObject,
  peers: PeerService[],
): Omit<ConditionUpdate, 'observedGeneration'> {
  const ports = portSignature(service);
  const portPeers = peers.filter(p => portSignature(p.service) !== ports);
  const typePeers = peers.filter(
    p => serviceType(p.service) !== serviceType(service),
  );
  const reasons = [
    ...(portPeers.length ? ['PortConflict'] : []),
    ...(typePeers.length ? ['TypeConflict'] : []),
  ];
  if (reasons.length === 0) {
    return {
      type: 'Conflict',
      status: 'False',
      reason: 'NoConflicts',
      message: 'No conflicts with other clusters',
    };
  }
  const details = [
    ...portPeers.map(
      p =>
        `cluster ${p.clusterName} exports ports ${
          portSignature(p.service) || 'none'
        }, this cluster ${ports || 'none'}`,
    ),
    ...typePeers.map(
      p =>
        `cluster ${p.clusterName} exports a ${serviceType(p.service)} service`,
    ),
  ];
  return {
    type: 'Conflict',
    status: 'True',
    reason: reasons.join(','),
    message: details.join('; '),
  };
}

export function reconcileMcsServiceExport(
  ctx: ControllerContext,
  peerServices: PeerServices,
  namespace: string,
  name: string,
): ReconcileOutcome {
  const serviceExport = getServed(
    ctx.store,
    RESOURCES.mcsServiceExports,
    namespace,
    name,
  );
  if (!serviceExport || isDeleting(serviceExport)) return 'done';
  const generation = serviceExport.metadata.generation;
  const observed =
    generation !== undefined ? { observedGeneration: generation } : {};
  const status = (serviceExport.status ?? {}) as { conditions?: Condition[] };
  const service = ctx.store.getReadOnly(RESOURCES.services, namespace, name);
  const isExternalName =
    (service?.spec as { type?: string })?.type === 'ExternalName';

  let updates: ConditionUpdate[];
  let outcome: ReconcileOutcome = 'done';
  if (!service || isExternalName) {
    updates = [
      service
        ? {
            type: 'Valid',
            status: 'False',
            reason: 'InvalidServiceType',
            message: 'ExternalName services cannot be exported',
            ...observed,
          }
        : {
            type: 'Valid',
            status: 'False',
            reason: 'NoService',
            message: `Service ${namespace}/${name} not found`,
            ...observed,
          },
      {
        type: 'Ready',
        status: 'False',
        reason: 'Pending',
        message: 'Waiting for a valid Service',
        ...observed,
      },
    ];
  } else {
    // Ready turns True one pass after the export was found valid: propagation takes a moment.
    const ready = findCondition(status.conditions, 'Ready');
    const wasValid =
      findCondition(status.conditions, 'Valid')?.status === 'True';
    const propagated =
      wasValid &&
      ready !== undefined &&
      (ready.status === 'True' || ready.reason === 'Pending');
    if (!propagated) outcome = 'requeue';
    updates = [
      {
        type: 'Valid',
        status: 'True',
        reason: 'Valid',
        message: 'Service is valid for export',
        ...observed,
      },
      propagated
        ? {
            type: 'Ready',
            status: 'True',
            reason: 'Exported',
            message: 'Service is exported to the clusterset',
            ...observed,
          }
        : {
            type: 'Ready',
            status: 'False',
            reason: 'Pending',
            message: 'Export is being propagated to the clusterset',
            ...observed,
          },
      {
        ...conflictCondition(service, peerServices(namespace, name)),
        ...observed,
      },
    ];
  }
  const conditions = setConditions(status.conditions, updates, ctx.now());
  patchStatus(ctx.store, RESOURCES.mcsServiceExports, serviceExport, {
    conditions,
  });
  return outcome;
}
