/*
 * The routes (HTTPRoute, GRPCRoute, TLSRoute) that reach this Service through its
 * ServiceImports: backends and weights, parents, the controller's verdict,
 * the Lattice service behind each and its DNS names.
 */
import {
  LATTICE_ANNOTATIONS,
  RouteBackendStatus,
  RouteRef,
  RouteState,
  RouteStatus,
  ServiceImportStatus,
  StatusCondition,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  LatticeInventory,
  LatticeService,
  RouteObject,
} from '../inventory/snapshot';
import { LatticeView, checkCustomDomain, checkDns } from './dns';
import { eventsAbout } from './events';
import { annotationOf, createdAt } from './kube';
import { composeParents } from './routeParents';

/** Names the Lattice service; honoured only when set at creation. */
export const SERVICE_NAME_OVERRIDE_ANNOTATION =
  'application-networking.k8s.aws/service-name-override';

export interface RoutesInput {
  config: ClusterInventory;
  imports: readonly ServiceImportStatus[];
  lattice: LatticeInventory;
  latticeView: LatticeView;
}

/** The controller's naming: `<route name ≤20>-<namespace ≤18>`, dashes trimmed. */
export function latticeServiceName(route: RouteObject): string {
  const override = annotationOf(route, SERVICE_NAME_OVERRIDE_ANNOTATION);
  if (override) {
    return override;
  }
  const { name, namespace = '' } = route.metadata;
  return `${name.slice(0, 20)}-${namespace.slice(0, 18)}`.replace(
    /^-+|-+$/g,
    '',
  );
}

function latticeServiceOf(
  route: RouteObject,
  lattice: LatticeInventory,
): LatticeService | undefined {
  const arn = annotationOf(route, LATTICE_ANNOTATIONS.latticeServiceArn);
  return arn
    ? lattice.serviceByArn(arn)
    : lattice.serviceByName(latticeServiceName(route));
}

/** As the controller decides it: the route's annotation, else its first Gateway's. */
function isStandalone(config: ClusterInventory, route: RouteObject): boolean {
  const [parent] = route.spec?.parentRefs ?? [];
  const gateway =
    parent &&
    config.gateways.get(
      parent.namespace ?? route.metadata.namespace ?? '',
      parent.name,
    );
  const said =
    annotationOf(route, LATTICE_ANNOTATIONS.standalone) ??
    (gateway
      ? annotationOf(gateway, LATTICE_ANNOTATIONS.standalone)
      : undefined);
  return said === 'true';
}

function backendsOf(
  route: RouteObject,
  importKeys: ReadonlySet<string>,
): RouteBackendStatus[] {
  const routeNamespace = route.metadata.namespace ?? '';
  return (route.spec?.rules ?? []).flatMap((rule, ruleIndex) => {
    const backends = rule.backendRefs ?? [];
    const total = backends.reduce(
      (sum, backend) => sum + (backend.weight ?? 1),
      0,
    );
    return backends.map(backend => {
      const kind = backend.kind ?? 'Service';
      const namespace = backend.namespace ?? routeNamespace;
      const weight = backend.weight ?? 1;
      return {
        ruleIndex,
        kind,
        namespace,
        name: backend.name,
        weight,
        share: total > 0 ? Math.round((weight * 100) / total) : 0,
        reachesService:
          kind === 'ServiceImport' &&
          importKeys.has(`${namespace}/${backend.name}`),
      };
    });
  });
}

/** Accepted=False outranks ResolvedRefs=False, which outranks Accepted=True. */
export function routeState(conditions: readonly StatusCondition[]): RouteState {
  const has = (type: string, status: StatusCondition['status']) =>
    conditions.some(
      condition => condition.type === type && condition.status === status,
    );
  if (has('Accepted', 'False')) {
    return 'not-accepted';
  }
  if (has('ResolvedRefs', 'False')) {
    return 'unresolved-refs';
  }
  return has('Accepted', 'True') ? 'accepted' : 'pending';
}

/** The newest of the route's creation and its conditions' transitions (canonical ISO times sort as text). */
function latestChange(
  created: string | undefined,
  conditions: readonly StatusCondition[],
): string | undefined {
  const times = [
    created,
    ...conditions.map(condition => condition.lastTransitionTime),
  ].filter((time): time is string => time !== undefined);
  return times.sort()[times.length - 1];
}

function uniqueRoutes(imports: readonly ServiceImportStatus[]): RouteRef[] {
  const unique = new Map<string, RouteRef>();
  for (const ref of imports.flatMap(serviceImport => serviceImport.usedBy)) {
    unique.set(`${ref.kind}/${ref.namespace}/${ref.name}`, ref);
  }
  return [...unique.values()];
}

export function composeRoutes(input: RoutesInput): RouteStatus[] {
  const { config, imports, lattice, latticeView } = input;
  const importKeys = new Set(
    imports.map(
      serviceImport => `${serviceImport.namespace}/${serviceImport.name}`,
    ),
  );
  return uniqueRoutes(imports).flatMap(ref => {
    const route = config.routes[ref.kind].get(ref.namespace, ref.name);
    if (!route) {
      return [];
    }
    const latticeService = latticeView.hasData
      ? latticeServiceOf(route, lattice)
      : undefined;
    const parents = composeParents({
      config,
      route,
      lattice,
      latticeHasData: latticeView.hasData,
      latticeService,
    });
    const hostnames = route.spec?.hostnames ?? [];
    const conditions = parents.flatMap(parent => parent.conditions);
    return [
      {
        // Not `...ref`: a spread ahead of more properties takes a slow path in V8 (about 1 µs an object).
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        cluster: config.cluster.name,
        state: routeState(conditions),
        hostnames,
        backends: backendsOf(route, importKeys),
        parents,
        events: eventsAbout(config, route),
        dns: checkDns(
          annotationOf(route, LATTICE_ANNOTATIONS.latticeAssignedDomainName),
          latticeService,
          latticeView,
          latestChange(createdAt(route), conditions),
        ),
        customDomain: checkCustomDomain(hostnames[0], latticeService),
        latticeService: latticeService && {
          id: latticeService.id,
          arn: latticeService.arn,
          name: latticeService.name,
          status: latticeService.status,
          dnsName: latticeService.dnsEntry?.domainName,
          customDomainName: latticeService.customDomainName,
          failureCode: latticeService.failureCode,
          failureMessage: latticeService.failureMessage,
        },
        ...(isStandalone(config, route) ? { standalone: true as const } : {}),
        createdAt: createdAt(route),
      },
    ];
  });
}
