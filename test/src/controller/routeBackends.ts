/*
 * A route's backendRefs against this cluster and Lattice: ServiceImports
 * resolve to exported target groups; a Service backend gets a target group of
 * the route's own, holding that Service's endpoints.
 */
import { KubeObject } from '../kube/types';
import { TargetGroupConfig } from '../lattice/types';
import { ANNOTATIONS, RESOURCES, RouteKind } from './constants';
import { ControllerContext } from './context';
import {
  additionalTags,
  TargetGroupOwner,
  targetGroupOwnerTags,
  TAG_KEYS,
} from './naming';
import {
  BackendRef,
  backendKind,
  backendNamespace,
  importCandidates,
  Resolution,
  resolveServiceImport,
  UnresolvedReason,
} from './resolve';
import { PlannedRule, ResolvedBackend } from './routeRules';
import {
  healthCheckConfig,
  policyFor,
  protocolOf,
  SERVICE_POLICY_TARGET,
} from './targetGroupPolicies';
import { TaggedTargetGroup } from './targetGroupCatalog';
import { isLive, syncTargetGroup } from './targetGroups';
import { endpointTargets, servicePorts } from './targets';
import { getServed } from './kubeAccess';

export interface BackendFailure {
  reason: UnresolvedReason;
  message: string;
}

const VALID_KINDS = ['Service', 'ServiceImport'];

const ROUTE_PROTOCOLS: Record<
  RouteKind,
  Pick<TargetGroupConfig, 'protocol' | 'protocolVersion'>
> = {
  HTTPRoute: { protocol: 'HTTP', protocolVersion: 'HTTP1' },
  GRPCRoute: { protocol: 'HTTP', protocolVersion: 'GRPC' },
  // Passthrough traffic stays encrypted: the group balances TCP (no version).
  TLSRoute: { protocol: 'TCP' },
};

function invalidKind(ref: BackendRef): BackendFailure {
  return {
    reason: 'InvalidKind',
    message: `backendRef ${ref.name}: kind ${backendKind(
      ref,
    )} is not Service or ServiceImport`,
  };
}

function isDualStack(service: KubeObject): boolean {
  return (
    ((service.spec as { ipFamilies?: string[] })?.ipFamilies ?? []).length > 1
  );
}

/**
 * What the controller checks before building anything: backend kinds, and that
 * the referenced Service or ServiceImport exists.
 */
export function checkBackendReferences(
  ctx: ControllerContext,
  route: KubeObject,
  refs: BackendRef[],
): BackendFailure[] {
  const routeNamespace = route.metadata.namespace ?? 'default';
  return refs.flatMap((ref): BackendFailure[] => {
    const kind = backendKind(ref);
    if (!VALID_KINDS.includes(kind)) return [invalidKind(ref)];
    const resource =
      kind === 'Service' ? RESOURCES.services : RESOURCES.serviceImports;
    const namespace = backendNamespace(ref, routeNamespace);
    return getServed(ctx.store, resource, namespace, ref.name)
      ? []
      : [
          {
            reason: 'BackendNotFound',
            message: `backendRef ${kind} ${namespace}/${ref.name} not found`,
          },
        ];
  });
}

/** The first dual-stack Service among the backends: the route cannot use it. */
export function dualStackBackend(
  ctx: ControllerContext,
  route: KubeObject,
  rules: PlannedRule[],
): string | undefined {
  const routeNamespace = route.metadata.namespace ?? 'default';
  for (const ref of rules.flatMap(r => r.backendRefs)) {
    if (backendKind(ref) !== 'Service') continue;
    const namespace = backendNamespace(ref, routeNamespace);
    const service = ctx.store.getReadOnly(
      RESOURCES.services,
      namespace,
      ref.name,
    );
    if (service && isDualStack(service)) return `${namespace}/${ref.name}`;
  }
  return undefined;
}

export function routeTargetGroupOwner(
  ctx: ControllerContext,
  route: KubeObject,
  kind: RouteKind,
  service: { name: string; namespace: string },
): TargetGroupOwner {
  return {
    managedBy: ctx.managedBy,
    clusterName: ctx.clusterName,
    serviceName: service.name,
    serviceNamespace: service.namespace,
    sourceType: kind,
    route: {
      name: route.metadata.name,
      namespace: route.metadata.namespace ?? 'default',
    },
  };
}

/** Target groups this route created for its Service backends. */
export function routeTargetGroups(
  ctx: ControllerContext,
  route: KubeObject,
  kind: RouteKind,
): TaggedTargetGroup[] {
  const routeTags = {
    [TAG_KEYS.managedBy]: ctx.managedBy,
    [TAG_KEYS.clusterName]: ctx.clusterName,
    [TAG_KEYS.sourceType]: kind,
    [TAG_KEYS.routeName]: route.metadata.name,
    [TAG_KEYS.routeNamespace]: route.metadata.namespace ?? 'default',
  };
  return ctx.targetGroups.withTags(routeTags);
}

interface ServiceBackendSync {
  resolution: Resolution;
  settling: boolean;
}

function syncServiceBackend(
  ctx: ControllerContext,
  route: KubeObject,
  kind: RouteKind,
  ref: BackendRef,
): ServiceBackendSync {
  const namespace = backendNamespace(
    ref,
    route.metadata.namespace ?? 'default',
  );
  const notFound = (message: string): ServiceBackendSync => ({
    resolution: { resolved: false, reason: 'BackendNotFound', message },
    settling: false,
  });
  const service = ctx.store.getReadOnly(
    RESOURCES.services,
    namespace,
    ref.name,
  );
  if (!service)
    return notFound(`backendRef Service ${namespace}/${ref.name} not found`);
  const servicePort = servicePorts(service).find(p => p.port === ref.port);
  if (!servicePort)
    return notFound(
      `backendRef Service ${namespace}/${ref.name} has no port ${ref.port}`,
    );

  const owner = routeTargetGroupOwner(ctx, route, kind, {
    name: ref.name,
    namespace,
  });
  const policy = policyFor(ctx.store, namespace, {
    ...SERVICE_POLICY_TARGET,
    name: ref.name,
  });
  const ipFamilies =
    (service.spec as { ipFamilies?: string[] })?.ipFamilies ?? [];
  const config: TargetGroupConfig = {
    port: servicePort.port,
    ...protocolOf(policy, ROUTE_PROTOCOLS[kind]),
    ipAddressType: ipFamilies[0] === 'IPv6' ? 'IPV6' : 'IPV4',
    vpcIdentifier: ctx.vpcId,
    healthCheck: healthCheckConfig(policy),
  };
  const current = ctx.targetGroups
    .withTags(targetGroupOwnerTags(owner))
    .find(tg => isLive(tg) && tg.config.port === servicePort.port);
  const slices = ctx.index.slicesOf(namespace, ref.name);
  const synced = syncTargetGroup(
    ctx.lattice,
    {
      owner,
      config,
      userTags: additionalTags(route.metadata.annotations?.[ANNOTATIONS.tags]),
      endpoints: endpointTargets(slices, servicePort),
    },
    current,
  );
  // The catalog follows Lattice, so it already holds the group as it is now.
  const targetGroup = ctx.targetGroups.get(synced.targetGroup.id)!;
  return {
    resolution: { resolved: true, targetGroup },
    settling: synced.settling,
  };
}

export interface DeployedBackends {
  /** Per planned rule, its backends and what each resolved to. */
  perRule: ResolvedBackend[][];
  settling: boolean;
}

/** Resolves every backendRef, creating or updating the route's own target groups for Service backends. */
export function deployRouteBackends(
  ctx: ControllerContext,
  route: KubeObject,
  kind: RouteKind,
  rules: PlannedRule[],
): DeployedBackends {
  const routeNamespace = route.metadata.namespace ?? 'default';
  let settling = false;
  const resolve = (ref: BackendRef): Resolution => {
    const refKind = backendKind(ref);
    if (refKind === 'ServiceImport') {
      const serviceImport = getServed(
        ctx.store,
        RESOURCES.serviceImports,
        backendNamespace(ref, routeNamespace),
        ref.name,
      );
      const candidates = importCandidates(
        ref,
        routeNamespace,
        serviceImport,
        ctx.targetGroups,
      ).filter(isLive);
      return resolveServiceImport(
        ref,
        routeNamespace,
        serviceImport,
        candidates,
      );
    }
    if (refKind === 'Service') {
      const synced = syncServiceBackend(ctx, route, kind, ref);
      settling = settling || synced.settling;
      return synced.resolution;
    }
    return { resolved: false, ...invalidKind(ref) };
  };
  const perRule = rules.map(rule =>
    rule.backendRefs.map(ref => ({ ref, resolution: resolve(ref) })),
  );
  return { perRule, settling };
}
