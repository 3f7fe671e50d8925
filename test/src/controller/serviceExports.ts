/*
 * ServiceExport (application-networking.k8s.aws): one standalone target group
 * per exported port, holding the backing Service's endpoints. Unannotated
 * exports are ignored; failures surface only as Events, never as status.
 */
import { KubeObject } from '../kube/types';
import { LatticeApiError } from '../lattice/errors';
import { TargetGroupConfig } from '../lattice/types';
import {
  ANNOTATIONS,
  EVENT_COMPONENTS,
  EVENT_REASONS,
  FEDERATION_VALUE,
  FINALIZERS,
  RESOURCES,
} from './constants';
import { ControllerContext } from './context';
import {
  addFinalizer,
  getServed,
  hasFinalizer,
  isDeleting,
  removeFinalizer,
} from './kubeAccess';
import {
  additionalTags,
  SOURCE_TYPE_SERVICE_EXPORT,
  TargetGroupOwner,
  targetGroupOwnerTags,
} from './naming';
import { ReconcileOutcome } from './queue';
import {
  EXPORT_POLICY_TARGET,
  healthCheckConfig,
  policyFor,
  protocolOf,
} from './targetGroupPolicies';
import {
  DesiredTargetGroup,
  isLive,
  retireTargetGroups,
  syncTargetGroup,
} from './targetGroups';
import { TaggedTargetGroup } from './targetGroupCatalog';
import { endpointTargets, ServicePort, servicePorts } from './targets';

type RouteType = 'HTTP' | 'GRPC' | 'TLS';

interface ExportedPort {
  port: number;
  routeType: RouteType;
}

const ROUTE_TYPE_PROTOCOLS: Record<
  RouteType,
  Pick<TargetGroupConfig, 'protocol' | 'protocolVersion'>
> = {
  HTTP: { protocol: 'HTTP', protocolVersion: 'HTTP1' },
  GRPC: { protocol: 'HTTP', protocolVersion: 'GRPC' },
  TLS: { protocol: 'TCP' },
};

/** Without exportedPorts the target group port is fixed at 80. */
const LEGACY_TARGET_GROUP_PORT = 80;

export function isFederated(serviceExport: KubeObject): boolean {
  return (
    serviceExport.metadata.annotations?.[ANNOTATIONS.federation] ===
    FEDERATION_VALUE
  );
}

export function backingServiceName(serviceExport: KubeObject): string {
  return (
    serviceExport.metadata.annotations?.[ANNOTATIONS.serviceName] ||
    serviceExport.metadata.name
  );
}

function exportOwner(
  ctx: ControllerContext,
  serviceExport: KubeObject,
): TargetGroupOwner {
  return {
    managedBy: ctx.managedBy,
    clusterName: ctx.clusterName,
    serviceName: serviceExport.metadata.name,
    serviceNamespace: serviceExport.metadata.namespace ?? 'default',
    sourceType: SOURCE_TYPE_SERVICE_EXPORT,
  };
}

type ExportPlan =
  | { kind: 'buildFailed'; reason: string }
  | { kind: 'planned'; groups: DesiredTargetGroup[]; deployProblems: string[] };

/** Legacy exports register the Service ports listed in the `port` annotation, or all of them. */
function legacyPorts(
  serviceExport: KubeObject,
  ports: ServicePort[],
): ServicePort[] {
  const listed = serviceExport.metadata.annotations?.[ANNOTATIONS.legacyPorts];
  if (!listed) return ports;
  const wanted = new Set(listed.split(',').map(p => Number(p.trim())));
  return ports.filter(p => wanted.has(p.port));
}

function planExport(
  ctx: ControllerContext,
  serviceExport: KubeObject,
): ExportPlan {
  const namespace = serviceExport.metadata.namespace ?? 'default';
  const serviceName = backingServiceName(serviceExport);
  const service = ctx.store.getReadOnly(
    RESOURCES.services,
    namespace,
    serviceName,
  );
  if (!service)
    return {
      kind: 'buildFailed',
      reason: `service ${namespace}/${serviceName} not found`,
    };
  const ipFamilies =
    (service.spec as { ipFamilies?: string[] })?.ipFamilies ?? [];
  if (ipFamilies.length > 1) {
    return {
      kind: 'buildFailed',
      reason: `service ${namespace}/${serviceName} is dual-stack; Lattice Target Group doesn't support dual stack ip addresses`,
    };
  }

  const policy = policyFor(ctx.store, namespace, {
    ...EXPORT_POLICY_TARGET,
    name: serviceExport.metadata.name,
  });
  const slices = ctx.index.slicesOf(namespace, serviceName);
  const ports = servicePorts(service);
  const owner = exportOwner(ctx, serviceExport);
  const userTags = additionalTags(
    serviceExport.metadata.annotations?.[ANNOTATIONS.tags],
  );
  const configFor = (
    port: number,
    routeType: RouteType,
  ): TargetGroupConfig => ({
    port,
    ...protocolOf(policy, ROUTE_TYPE_PROTOCOLS[routeType]),
    ipAddressType: ipFamilies[0] === 'IPv6' ? 'IPV6' : 'IPV4',
    vpcIdentifier: ctx.vpcId,
    healthCheck: healthCheckConfig(policy),
  });

  const exportedPorts =
    (serviceExport.spec as { exportedPorts?: ExportedPort[] })?.exportedPorts ??
    [];
  if (exportedPorts.length === 0) {
    const endpoints = legacyPorts(serviceExport, ports).flatMap(p =>
      endpointTargets(slices, p),
    );
    return {
      kind: 'planned',
      groups: [
        {
          owner,
          config: configFor(LEGACY_TARGET_GROUP_PORT, 'HTTP'),
          userTags,
          endpoints,
        },
      ],
      deployProblems: [],
    };
  }

  const deployProblems: string[] = [];
  const groups = exportedPorts.map((exported, index): DesiredTargetGroup => {
    const servicePort = ports.find(p => p.port === exported.port);
    if (!servicePort) {
      deployProblems.push(
        `exportedPorts[${index}].port ${exported.port} is not a port of service ${namespace}/${serviceName} ` +
          `(ports: ${ports.map(p => p.port).join(', ') || 'none'})`,
      );
    }
    return {
      owner,
      config: configFor(exported.port, exported.routeType),
      userTags,
      endpoints: servicePort ? endpointTargets(slices, servicePort) : undefined,
    };
  });
  return { kind: 'planned', groups, deployProblems };
}

/** Pairs each wanted group with an existing one on the same port, preferring the same protocol. */
function pairWithExisting(
  groups: DesiredTargetGroup[],
  existing: TaggedTargetGroup[],
) {
  const unclaimed = [...existing];
  const claim = (predicate: (tg: TaggedTargetGroup) => boolean) => {
    const index = unclaimed.findIndex(predicate);
    return index >= 0 ? unclaimed.splice(index, 1)[0] : undefined;
  };
  const pairs = groups.map(desired => ({
    desired,
    current:
      claim(
        tg =>
          tg.config.port === desired.config.port &&
          tg.config.protocol === desired.config.protocol,
      ) ?? claim(tg => tg.config.port === desired.config.port),
  }));
  return { pairs, stale: unclaimed };
}

export function reconcileServiceExport(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): ReconcileOutcome {
  const found = getServed(ctx.store, RESOURCES.serviceExports, namespace, name);
  if (!found) return 'done';
  // Deleting an export that was federated must still release its finalizer.
  const ours =
    isFederated(found) || hasFinalizer(found, FINALIZERS.serviceExport);
  if (!ours) return 'done';
  const owned = ctx.targetGroups.withTags(
    targetGroupOwnerTags(exportOwner(ctx, found)),
  );
  const warn = (object: KubeObject, reason: string, message: string) =>
    ctx.events.record({
      involvedObject: object,
      type: 'Warning',
      reason,
      message,
      component: EVENT_COMPONENTS.serviceExport,
    });

  if (isDeleting(found)) {
    const waiting = retireTargetGroups(ctx.lattice, owned);
    if (waiting === 0) {
      removeFinalizer(
        ctx.store,
        RESOURCES.serviceExports,
        found,
        FINALIZERS.serviceExport,
      );
    } else {
      warn(
        found,
        EVENT_REASONS.failedDeployModel,
        `Failed to deploy model due to ${waiting} target group(s) still used by VPC Lattice listener rules; ` +
          'they are deleted once no route forwards to them',
      );
    }
    return 'done';
  }
  if (!isFederated(found)) return 'done';

  const serviceExport = addFinalizer(
    ctx.store,
    RESOURCES.serviceExports,
    found,
    FINALIZERS.serviceExport,
  );
  const plan = planExport(ctx, serviceExport);
  if (plan.kind === 'buildFailed') {
    warn(
      serviceExport,
      EVENT_REASONS.failedBuildModel,
      `Failed to build model due to ${plan.reason}`,
    );
    return 'done';
  }

  let settling: boolean;
  try {
    retireTargetGroups(
      ctx.lattice,
      owned.filter(tg => !isLive(tg)),
    );
    const { pairs, stale } = pairWithExisting(
      plan.groups,
      owned.filter(isLive),
    );
    retireTargetGroups(ctx.lattice, stale);
    settling = pairs
      .map(({ desired, current }) =>
        syncTargetGroup(ctx.lattice, desired, current),
      )
      .some(sync => sync.settling);
  } catch (error) {
    // Lattice refusing a change is reported as the controller does, and retried with backoff.
    if (!(error instanceof LatticeApiError)) throw error;
    warn(
      serviceExport,
      EVENT_REASONS.failedDeployModel,
      `Failed to deploy model due to ${error.name}: ${error.message}`,
    );
    return 'retry';
  }
  for (const problem of plan.deployProblems) {
    warn(
      serviceExport,
      EVENT_REASONS.failedDeployModel,
      `Failed to deploy model due to ${problem}`,
    );
  }
  return settling ? 'requeue' : 'done';
}
