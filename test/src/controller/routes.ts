/*
 * HTTPRoute, GRPCRoute and TLSRoute (pkg/controllers/route_controller.go): a
 * route attached to this controller's Gateways becomes a Lattice service with
 * listeners and rules (a TLSRoute: one TLS_PASSTHROUGH listener forwarding), associated with every parent Gateway's network. The
 * outcome shows in status.parents, the DNS/ARN annotations and Events.
 */
import { isDeepStrictEqual } from 'node:util';
import { KubeObject } from '../kube/types';
import { LatticeApiError } from '../lattice/errors';
import {
  LatticeState,
  ListenerRecord,
  ServiceRecord,
  Tags,
} from '../lattice/types';
import { Condition, ConditionUpdate, setConditions } from './conditions';
import {
  ANNOTATIONS,
  CONTROLLER_NAME,
  EVENT_REASONS,
  ROUTE_KINDS,
  RouteKind,
  RouteKindInfo,
} from './constants';
import { ControllerContext } from './context';
import { parentLookups, serviceNetworkForGateway } from './gateways';
import {
  addFinalizer,
  getServed,
  hasFinalizer,
  isDeleting,
  patchAnnotations,
  patchStatus,
  removeFinalizer,
} from './kubeAccess';
import {
  deleteLatticeService,
  deployLatticeService,
  PlannedListener,
  ServicePlan,
} from './latticeService';
import {
  additionalTags,
  latticeServiceNameOf,
  latticeServiceTags,
  listenerName,
  TAG_KEYS,
} from './naming';
import { ReconcileOutcome } from './queue';
import {
  BackendFailure,
  checkBackendReferences,
  deployRouteBackends,
  dualStackBackend,
  routeTargetGroups,
} from './routeBackends';
import {
  evaluateParents,
  GatewayListener,
  ParentEvaluation,
  ParentRef,
} from './routeParents';
import { PlannedRule, planRules, routeRules, ruleAction } from './routeRules';
import { retireTargetGroups } from './targetGroups';

interface RouteParentStatus {
  parentRef: ParentRef;
  controllerName: string;
  conditions: Condition[];
}

/** What a route as a whole came to, for the parents whose listeners took it. */
interface Acceptance {
  reason: 'Accepted' | 'UnsupportedValue' | 'Conflicted';
  message: string;
}

/**
 * The Lattice protocol of a Gateway listener. A TLS listener becomes
 * TLS_PASSTHROUGH only with `tls.mode: Passthrough`; otherwise the controller
 * hands Lattice "TLS" as it is, which Lattice refuses.
 */
function latticeProtocol(
  listener: GatewayListener,
): ListenerRecord['protocol'] {
  if (listener.protocol === 'TLS' && listener.tls?.mode === 'Passthrough')
    return 'TLS_PASSTHROUGH';
  return listener.protocol as ListenerRecord['protocol'];
}

function ownerTags(
  ctx: ControllerContext,
  route: KubeObject,
  kind: RouteKind,
): Tags {
  return latticeServiceTags(
    {
      managedBy: ctx.managedBy,
      routeName: route.metadata.name,
      routeNamespace: route.metadata.namespace ?? 'default',
      routeType: ROUTE_KINDS[kind].routeType,
    },
    additionalTags(route.metadata.annotations?.[ANNOTATIONS.tags]),
  );
}

/**
 * A standalone Lattice service joins no service network (docs/guides/standalone-services.md):
 * the route's annotation decides, else its Gateway's.
 */
function isStandalone(route: KubeObject, gateway: KubeObject): boolean {
  const said = (object: KubeObject) =>
    object.metadata.annotations?.[ANNOTATIONS.standalone];
  return (said(route) ?? said(gateway)) === 'true';
}

function isOwnedBy(
  ctx: ControllerContext,
  service: ServiceRecord,
  route: KubeObject,
): boolean {
  const tags = ctx.lattice.tagsOf(service.arn);
  return (
    tags[TAG_KEYS.managedBy] === ctx.managedBy &&
    tags[TAG_KEYS.routeName] === route.metadata.name &&
    tags[TAG_KEYS.routeNamespace] === (route.metadata.namespace ?? 'default')
  );
}

function serviceWithArn(
  lattice: LatticeState,
  arn: string | undefined,
): ServiceRecord | undefined {
  if (!arn) return undefined;
  try {
    const service = lattice.getService(arn);
    return service.arn === arn ? service : undefined;
  } catch (error) {
    // Gone, or an ARN this account cannot see: either way not ours to delete.
    if (error instanceof LatticeApiError) return undefined;
    throw error;
  }
}

function conflictMessage(
  ctx: ControllerContext,
  service: ServiceRecord,
): string {
  const tags = ctx.lattice.tagsOf(service.arn);
  const owner = tags[TAG_KEYS.routeName]
    ? `route ${tags[TAG_KEYS.routeNamespace]}/${tags[TAG_KEYS.routeName]}`
    : 'another owner';
  const managedBy =
    tags[TAG_KEYS.managedBy] ?? 'not managed by a Gateway API controller';
  return `VPC Lattice service ${service.name} already exists and belongs to ${owner} (ManagedBy ${managedBy})`;
}

function parentStatuses(
  ctx: ControllerContext,
  route: KubeObject,
  evaluations: ParentEvaluation[],
  acceptance: Acceptance,
  backendFailure: BackendFailure | undefined,
): RouteParentStatus[] {
  const existing =
    (route.status as { parents?: RouteParentStatus[] })?.parents ?? [];
  const generation = route.metadata.generation;
  const observed =
    generation !== undefined ? { observedGeneration: generation } : {};
  const ours = evaluations.map(evaluation => {
    const taken = evaluation.reason === 'Accepted';
    const reason = taken ? acceptance.reason : evaluation.reason;
    const accepted: ConditionUpdate = {
      type: 'Accepted',
      status: reason === 'Accepted' ? 'True' : 'False',
      reason,
      message: taken ? acceptance.message : evaluation.message,
      ...observed,
    };
    const resolvedRefs: ConditionUpdate = backendFailure
      ? {
          type: 'ResolvedRefs',
          status: 'False',
          ...backendFailure,
          ...observed,
        }
      : {
          type: 'ResolvedRefs',
          status: 'True',
          reason: 'ResolvedRefs',
          message: '',
          ...observed,
        };
    const before = existing.find(
      p =>
        p.controllerName === CONTROLLER_NAME &&
        isDeepStrictEqual(p.parentRef, evaluation.parentRef),
    );
    return {
      parentRef: evaluation.parentRef,
      controllerName: CONTROLLER_NAME,
      conditions: setConditions(
        before?.conditions,
        [accepted, resolvedRefs],
        ctx.now(),
      ),
    };
  });
  return [
    ...existing.filter(p => p.controllerName !== CONTROLLER_NAME),
    ...ours,
  ];
}

class RouteReconcile {
  private route: KubeObject;
  private readonly info: RouteKindInfo;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kind: RouteKind,
    route: KubeObject,
  ) {
    this.route = route;
    this.info = ROUTE_KINDS[kind];
  }

  private record(type: 'Normal' | 'Warning', reason: string, message: string) {
    this.ctx.events.record({
      involvedObject: this.route,
      type,
      reason,
      message,
      component: this.info.eventComponent,
    });
  }

  private writeStatus(
    evaluations: ParentEvaluation[],
    acceptance: Acceptance,
    failure?: BackendFailure,
  ) {
    const parents = parentStatuses(
      this.ctx,
      this.route,
      evaluations,
      acceptance,
      failure,
    );
    this.route = patchStatus(this.ctx.store, this.info.resource, this.route, {
      parents,
    });
  }

  /** Deletes what the route owns in Lattice and lets go of the route. */
  private release() {
    if (!hasFinalizer(this.route, this.info.finalizer)) return;
    const { lattice } = this.ctx;
    const arn = this.route.metadata.annotations?.[ANNOTATIONS.serviceArn];
    const service =
      serviceWithArn(lattice, arn) ??
      lattice.findServiceByName(latticeServiceNameOf(this.route));
    if (service && isOwnedBy(this.ctx, service, this.route))
      deleteLatticeService(lattice, service);
    retireTargetGroups(
      lattice,
      routeTargetGroups(this.ctx, this.route, this.kind),
    );
    removeFinalizer(
      this.ctx.store,
      this.info.resource,
      this.route,
      this.info.finalizer,
    );
  }

  private hasOwnParentEntries(): boolean {
    const parents =
      (this.route.status as { parents?: RouteParentStatus[] })?.parents ?? [];
    return parents.some(p => p.controllerName === CONTROLLER_NAME);
  }

  private checkFailure(): BackendFailure | undefined {
    const refs = routeRules(this.route).flatMap(rule => rule.backendRefs ?? []);
    return checkBackendReferences(this.ctx, this.route, refs)[0];
  }

  /** Refuses the route without touching Lattice. */
  private refuse(
    evaluations: ParentEvaluation[],
    acceptance: Acceptance,
  ): ReconcileOutcome {
    this.writeStatus(evaluations, acceptance, this.checkFailure());
    return 'done';
  }

  run(): ReconcileOutcome {
    const evaluations = evaluateParents(
      this.route,
      this.kind,
      parentLookups(this.ctx.store),
    );
    if (isDeleting(this.route) || evaluations.length === 0) {
      this.release();
      // A route that left this controller's Gateways loses the parent entries it wrote.
      if (!isDeleting(this.route) && this.hasOwnParentEntries()) {
        this.writeStatus([], { reason: 'Accepted', message: '' });
      }
      return 'done';
    }

    const plan = planRules(this.route, this.kind);
    if (!plan.ok) {
      this.record(
        'Warning',
        EVENT_REASONS.failedBuildModel,
        `Failed to build model due to ${plan.error}`,
      );
      return this.refuse(evaluations, {
        reason: 'UnsupportedValue',
        message: plan.error,
      });
    }
    const dualStack = dualStackBackend(this.ctx, this.route, plan.rules);
    if (dualStack) {
      return this.refuse(evaluations, {
        reason: 'UnsupportedValue',
        message: `Dual stack Service is not supported (${dualStack})`,
      });
    }
    const taken = evaluations.filter(e => e.reason === 'Accepted');
    if (taken.length === 0) {
      this.release();
      return this.refuse(evaluations, { reason: 'Accepted', message: '' });
    }
    const existing = this.ctx.lattice.findServiceByName(
      latticeServiceNameOf(this.route),
    );
    if (existing && !isOwnedBy(this.ctx, existing, this.route)) {
      return this.refuse(evaluations, {
        reason: 'Conflicted',
        message: conflictMessage(this.ctx, existing),
      });
    }
    return this.deploy(evaluations, taken, plan.rules);
  }

  /** Lattice refusing a change is reported as the controller does, and retried with backoff. */
  private deploy(
    evaluations: ParentEvaluation[],
    taken: ParentEvaluation[],
    rules: PlannedRule[],
  ): ReconcileOutcome {
    try {
      return this.deployToLattice(evaluations, taken, rules);
    } catch (error) {
      if (!(error instanceof LatticeApiError)) throw error;
      this.record(
        'Warning',
        EVENT_REASONS.failedDeployModel,
        `Failed to deploy model due to ${error.name}: ${error.message}`,
      );
      this.writeStatus(
        evaluations,
        { reason: 'Accepted', message: '' },
        this.checkFailure(),
      );
      return 'retry';
    }
  }

  private deployToLattice(
    evaluations: ParentEvaluation[],
    taken: ParentEvaluation[],
    rules: PlannedRule[],
  ): ReconcileOutcome {
    const { ctx } = this;
    this.route = addFinalizer(
      ctx.store,
      this.info.resource,
      this.route,
      this.info.finalizer,
    );
    const backends = deployRouteBackends(ctx, this.route, this.kind, rules);
    const latticeRules = rules.map((rule, index) => ({
      priority: rule.priority,
      match: rule.match,
      action: ruleAction(backends.perRule[index]),
    }));

    const { plan, missingNetworks } = this.servicePlan(taken, latticeRules);
    const deployment = deployLatticeService(ctx.lattice, plan, ctx.now());
    const inUse = new Set(
      backends.perRule
        .flat()
        .flatMap(b =>
          b.resolution.resolved ? [b.resolution.targetGroup.id] : [],
        ),
    );
    const stale = routeTargetGroups(ctx, this.route, this.kind).filter(
      tg => !inUse.has(tg.id),
    );
    retireTargetGroups(ctx.lattice, stale);

    const before = this.route;
    this.route = patchAnnotations(ctx.store, this.info.resource, this.route, {
      [ANNOTATIONS.assignedDomainName]: deployment.service.dnsEntry.domainName,
      [ANNOTATIONS.serviceArn]: deployment.service.arn,
    });
    const failure = backends.perRule
      .flat()
      .flatMap(({ resolution }) =>
        resolution.resolved
          ? []
          : [{ reason: resolution.reason, message: resolution.message }],
      )[0];
    this.writeStatus(evaluations, { reason: 'Accepted', message: '' }, failure);
    for (const network of missingNetworks) {
      this.record(
        'Warning',
        EVENT_REASONS.failedDeployModel,
        `Failed to deploy model due to VPC Lattice Service Network ${network} not found`,
      );
    }
    if (deployment.changed || stale.length > 0 || before !== this.route) {
      this.record(
        'Normal',
        EVENT_REASONS.deploySucceed,
        'Adding/Updating reconcile Done!',
      );
    }
    return deployment.settling || backends.settling ? 'requeue' : 'done';
  }

  private servicePlan(
    taken: ParentEvaluation[],
    rules: PlannedListener['rules'],
  ): { plan: ServicePlan; missingNetworks: string[] } {
    const routeName = this.route.metadata.name;
    const routeNamespace = this.route.metadata.namespace ?? 'default';
    // Listeners come from the first parent Gateway that took the route.
    const first = taken[0].gateway.metadata;
    const listeners = new Map<string, GatewayListener>();
    for (const { gateway, listeners: attached } of taken) {
      if (
        gateway.metadata.name !== first.name ||
        gateway.metadata.namespace !== first.namespace
      )
        continue;
      for (const listener of attached) listeners.set(listener.name, listener);
    }
    const networkIds = new Set<string>();
    const missingNetworks = new Set<string>();
    const standalone = isStandalone(this.route, taken[0].gateway);
    for (const { gateway } of standalone ? [] : taken) {
      const network = serviceNetworkForGateway(
        this.ctx.lattice,
        gateway.metadata.name,
      );
      if (network.found) networkIds.add(network.network.id);
      else missingNetworks.add(gateway.metadata.name);
    }
    const hostnames =
      (this.route.spec as { hostnames?: string[] })?.hostnames ?? [];
    const plan: ServicePlan = {
      name: latticeServiceNameOf(this.route),
      ...(hostnames[0] ? { customDomainName: hostnames[0] } : {}),
      tags: ownerTags(this.ctx, this.route, this.kind),
      serviceNetworkIds: [...networkIds],
      listeners: [...listeners.values()].map(listener => {
        const protocol = latticeProtocol(listener);
        const name = listenerName(
          routeName,
          routeNamespace,
          listener.port,
          protocol,
        );
        // Lattice takes no rules on a passthrough listener: its default action forwards.
        if (protocol === 'TLS_PASSTHROUGH') {
          return {
            name,
            protocol,
            port: listener.port,
            rules: [],
            defaultAction: rules[0]?.action,
          };
        }
        return { name, protocol, port: listener.port, rules };
      }),
    };
    return { plan, missingNetworks: [...missingNetworks] };
  }
}

export function reconcileRoute(
  ctx: ControllerContext,
  kind: RouteKind,
  namespace: string,
  name: string,
): ReconcileOutcome {
  const route = getServed(
    ctx.store,
    ROUTE_KINDS[kind].resource,
    namespace,
    name,
  );
  if (!route) return 'done';
  return new RouteReconcile(ctx, kind, route).run();
}
