/*
 * The route request workflow. A request is planned when it is made and
 * stored with its plan; an approval plans again and applies only if the
 * fresh plan does what the stored one said. Each transition is a
 * conditional update, so with several replicas on one database a request is
 * applied exactly once and everyone else is told it was already decided.
 *
 *   pending ──approve──▶ approved ──▶ applying ──▶ applied ──(DNS seen)──▶ live
 *      │                                  │
 *      ├─reject / cancel / expire         └──▶ failed ──retry──▶ applying
 *      └─plan changed: stays pending with the new plan and its diff
 */
import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  BackstageCredentials,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  defaultRouteName,
  KINDS,
  LATTICE_ANNOTATIONS,
  OPEN_ROUTE_REQUEST_STATES,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestDecision,
  RouteRequestNotice,
  RouteRequestPlan,
  RouteRequestPlanDiff,
  RouteRequestSpec,
  RouteRequestState,
  serviceRefForEntity,
} from '@service-network/backstage-plugin-service-network-common';
import type { Request } from 'express';
import type {
  ClusterRegistry,
  RegisteredCluster,
} from '../clusters/ClusterRegistry';
import type { RouteRequestSettings } from '../config/serviceNetworkConfig';
import type { Inventory } from '../inventory/inventory';
import { diffPlans } from './diff';
import {
  GatewayApiValidator,
  loadGatewayApiValidator,
} from './gatewayApiValidator';
import { applyPlannedObjects } from './applyPlannedObjects';
import { configClusterOf, routeRefFor } from './planRoute';
import { PlanTarget, planRequest } from './planRequest';
import {
  openKeyOf,
  RouteRequestChanges,
  RouteRequestCondition,
  RouteRequestStore,
} from './RouteRequestStore';

/** Tells people about requests; the plugin wires the notifications service in when it is installed. */
export interface RouteRequestNotifier {
  /** A request waits for a decision. */
  notifyApprovers(request: RouteRequest): Promise<void>;
  notifyRequester(
    request: RouteRequest,
    what: RouteRequestNotice,
  ): Promise<void>;
}

/** Who is acting, and the HTTP request for the audit log. */
export interface RouteRequestCaller {
  credentials: BackstageCredentials;
  request?: Request;
}

/**
 * Thrown by an approval (or retry) when the cluster changed since the plan
 * was made: the request now holds the fresh plan, `diff` says what changed,
 * and nothing was applied. Answered as 409.
 */
export class PlanChangedError extends ConflictError {
  constructor(readonly diff: RouteRequestPlanDiff) {
    super(
      `The cluster changed since this request was planned, so nothing was applied. Review the new plan (version ${diff.toVersion}) and approve again:\n${diff.text}`,
    );
  }
}

export interface RouteRequestListFilter {
  states?: readonly RouteRequestState[];
  entityRef?: string;
  requestedBy?: string;
  /** Newest first; default 100, at most 500. */
  limit?: number;
}

export interface RouteRequestService {
  /** The plan a request would get, without storing anything. */
  preview(
    body: RouteRequestCreate,
    caller: RouteRequestCaller,
  ): Promise<RouteRequestPlan>;
  create(
    body: RouteRequestCreate,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest>;
  get(id: string): Promise<RouteRequest>;
  list(filter?: RouteRequestListFilter): Promise<RouteRequest[]>;
  /** Applies the plan (once, whoever else approves at the same time); answers the request as applied or failed. */
  approve(
    id: string,
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest>;
  reject(
    id: string,
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest>;
  /** By the requester, while pending (or after a failed apply). */
  cancel(id: string, caller: RouteRequestCaller): Promise<RouteRequest>;
  /** Applies a failed request again, after the same check as an approval. */
  retry(id: string, caller: RouteRequestCaller): Promise<RouteRequest>;
  /** Expires pending requests past their time; answers how many. For the scheduler. */
  expireStale(now?: Date): Promise<number>;
  /** Retries transient failures and applies interrupted by a restart; answers how many were attempted. For the scheduler. */
  retryFailed(): Promise<number>;
  /** Records the DNS name of applied routes the controller has served; answers how many went live. For the scheduler. */
  checkLive(): Promise<number>;
}

/** Automatic retries of a transient failure before a human has to look. */
const MAX_AUTOMATIC_ATTEMPTS = 5;
/** An apply still marked approved or applying after this long was interrupted (the replica stopped). */
const APPLY_LEASE_MS = 10 * 60_000;
const MAX_LIST_LIMIT = 500;
const DECISION_EVENTS = {
  approved: 'route-request-approve',
  rejected: 'route-request-reject',
} as const;

function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError('Route requests are made and decided by users');
  }
  return principal.userEntityRef;
}

export class DefaultRouteRequestService implements RouteRequestService {
  static async create(options: {
    database: DatabaseService;
    settings: RouteRequestSettings;
    catalog: CatalogService;
    inventory: Pick<Inventory, 'snapshot'>;
    /** The config cluster's client applies the plans. */
    clusters: Pick<ClusterRegistry, 'configCluster'>;
    auditor: AuditorService;
    logger: LoggerService;
    notifier?: RouteRequestNotifier;
    now?: () => Date;
  }): Promise<DefaultRouteRequestService> {
    const configCluster = options.clusters.configCluster();
    if (!configCluster) {
      throw new Error(
        'Route requests need a cluster with the role "config" in serviceNetwork.clusters',
      );
    }
    return new DefaultRouteRequestService(
      await RouteRequestStore.create({ database: options.database }),
      options.settings,
      options.catalog,
      options.inventory,
      configCluster,
      await loadGatewayApiValidator(),
      options.auditor,
      options.logger,
      options.notifier,
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly store: RouteRequestStore,
    private readonly settings: RouteRequestSettings,
    private readonly catalog: CatalogService,
    private readonly inventory: Pick<Inventory, 'snapshot'>,
    private readonly configCluster: RegisteredCluster,
    private readonly validateGatewayApi: GatewayApiValidator,
    private readonly auditor: AuditorService,
    private readonly logger: LoggerService,
    private readonly notifier: RouteRequestNotifier | undefined,
    private readonly now: () => Date,
  ) {}

  async preview(
    body: RouteRequestCreate,
    caller: RouteRequestCaller,
  ): Promise<RouteRequestPlan> {
    userOf(caller.credentials);
    const target = await this.target(body, caller);
    return this.plan({ id: randomUUID(), ...target });
  }

  async create(
    body: RouteRequestCreate,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest> {
    const user = userOf(caller.credentials);
    return this.audited(
      'route-request-create',
      caller,
      { entityRef: body.entityRef },
      async () => {
        const target = await this.target(body, caller);
        const route = routeRefFor(target.spec, target.service);
        const holder = await this.store.findOpen(openKeyOf({ route }));
        if (holder) {
          throw new ConflictError(
            `An open request for ${route.kind} ${route.namespace}/${route.name} already exists (${holder.id}, ${holder.state}, requested by ${holder.requestedBy}): wait for its outcome or cancel it first`,
          );
        }
        const id = randomUUID();
        const plan = await this.plan({ id, ...target });
        if (plan.problems.length) {
          throw new InputError(
            `The route cannot be made as asked:\n- ${plan.problems.join(
              '\n- ',
            )}`,
          );
        }
        const now = this.now();
        const request: RouteRequest = {
          id,
          state: 'pending',
          entityRef: target.entityRef,
          service: target.service,
          spec: target.spec,
          route,
          plan,
          planVersion: 1,
          requestedBy: user,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          expiresAt: this.expiryFrom(now),
          attempts: 0,
          retryable: false,
        };
        await this.store.insert(request);
        this.logger.info('Route request created', {
          id,
          entityRef: request.entityRef,
          route: `${route.namespace}/${route.name}`,
        });
        await this.tell(notifier => notifier.notifyApprovers(request));
        return { result: request, meta: { requestId: id } };
      },
    );
  }

  async get(id: string): Promise<RouteRequest> {
    const request = await this.store.get(id);
    if (!request) throw new NotFoundError(`No route request ${id}`);
    return request;
  }

  list(filter: RouteRequestListFilter = {}): Promise<RouteRequest[]> {
    return this.store.list({
      ...filter,
      limit: Math.min(filter.limit ?? 100, MAX_LIST_LIMIT),
    });
  }

  async approve(
    id: string,
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest> {
    return this.decideOn(id, 'approved', decision, caller, {
      check: async (request, user) => {
        if (request.requestedBy === user && !this.settings.allowSelfApproval) {
          throw new NotAllowedError(
            'You cannot approve your own route request: ask someone else on the platform team',
          );
        }
        if (
          decision.planVersion !== undefined &&
          decision.planVersion !== request.planVersion
        ) {
          throw new ConflictError(
            `The plan changed since you looked at it (you saw version ${decision.planVersion}, it is now ${request.planVersion}): review it and approve again`,
          );
        }
        await this.checkPlanUnchanged(request, caller);
      },
      after: approved => this.applyPlan(approved, caller),
    });
  }

  async reject(
    id: string,
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest> {
    return this.decideOn(id, 'rejected', decision, caller, {
      after: async rejected => {
        await this.tell(notifier =>
          notifier.notifyRequester(rejected, 'rejected'),
        );
        return rejected;
      },
    });
  }

  async cancel(id: string, caller: RouteRequestCaller): Promise<RouteRequest> {
    const user = userOf(caller.credentials);
    return this.act(
      'route-request-cancel',
      id,
      caller,
      ['pending', 'failed'],
      'cancelled',
      async request => {
        if (request.requestedBy !== user) {
          throw new NotAllowedError(
            `Only the requester, ${request.requestedBy}, can cancel this request`,
          );
        }
        const cancelled = await this.transition(
          request,
          {
            state: request.state,
            planVersion: request.planVersion,
            attempts: request.attempts,
          },
          { state: 'cancelled', updatedAt: this.now().toISOString() },
        );
        return { result: cancelled };
      },
    );
  }

  async retry(id: string, caller: RouteRequestCaller): Promise<RouteRequest> {
    userOf(caller.credentials);
    return this.act(
      'route-request-retry',
      id,
      caller,
      ['failed'],
      'retried',
      async request => {
        await this.checkPlanUnchanged(request, caller);
        return { result: await this.applyPlan(request, caller) };
      },
    );
  }

  async expireStale(now: Date = this.now()): Promise<number> {
    const due = await this.store.list({
      states: ['pending'],
      expiresBefore: now.toISOString(),
      limit: MAX_LIST_LIMIT,
    });
    let expired = 0;
    for (const request of due) {
      const won = await this.store.update(
        request.id,
        { state: 'pending', planVersion: request.planVersion },
        { state: 'expired', updatedAt: now.toISOString() },
      );
      if (!won) continue;
      expired++;
      const event = await this.auditor.createEvent({
        eventId: 'route-request-expire',
        meta: { requestId: request.id },
      });
      await event.success({ meta: { expiresAt: request.expiresAt } });
      await this.tell(async notifier =>
        notifier.notifyRequester(await this.get(request.id), 'expired'),
      );
    }
    return expired;
  }

  async retryFailed(): Promise<number> {
    const interruptedBefore = new Date(
      this.now().getTime() - APPLY_LEASE_MS,
    ).toISOString();
    const failed = await this.store.list({
      states: ['failed'],
      limit: MAX_LIST_LIMIT,
    });
    const interrupted = await this.store.list({
      states: ['approved', 'applying'],
      updatedBefore: interruptedBefore,
      limit: MAX_LIST_LIMIT,
    });
    const due = [
      ...failed.filter(
        request =>
          request.retryable && request.attempts < MAX_AUTOMATIC_ATTEMPTS,
      ),
      ...interrupted,
    ];
    for (const request of due) {
      try {
        await this.checkPlanUnchanged(request);
        await this.applyPlan(request);
      } catch (error) {
        this.logger.warn(
          `Retrying route request ${request.id} did not apply it: ${error}`,
        );
      }
    }
    return due.length;
  }

  async checkLive(): Promise<number> {
    const config = configClusterOf(this.inventory.snapshot());
    const applied = await this.store.list({
      states: ['applied'],
      notLive: true,
      limit: MAX_LIST_LIMIT,
    });
    let live = 0;
    for (const request of applied) {
      const routes =
        request.route.kind === KINDS.grpcRoute.kind
          ? config.grpcRoutes
          : config.httpRoutes;
      const dnsName = routes.get(request.route.namespace, request.route.name)
        ?.metadata.annotations?.[LATTICE_ANNOTATIONS.latticeAssignedDomainName];
      if (!dnsName) continue;
      const now = this.now().toISOString();
      const won = await this.store.update(
        request.id,
        { state: 'applied', notLive: true },
        { dnsName, liveAt: now, updatedAt: now },
      );
      if (!won) continue;
      live++;
      const event = await this.auditor.createEvent({
        eventId: 'route-request-live',
        meta: { requestId: request.id },
      });
      await event.success({ meta: { dnsName } });
      await this.tell(async notifier =>
        notifier.notifyRequester(await this.get(request.id), 'live'),
      );
    }
    return live;
  }

  /** The catalog entity and Service a body names, read with the caller's credentials. */
  private async target(body: RouteRequestCreate, caller: RouteRequestCaller) {
    let ref;
    try {
      ref = parseEntityRef(body.entityRef);
    } catch (error) {
      throw new InputError(`entityRef: ${error.message}`);
    }
    const entity = await this.catalog.getEntityByRef(ref, {
      credentials: caller.credentials,
    });
    if (!entity)
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    const service = serviceRefForEntity(entity);
    const spec: RouteRequestSpec = {
      ...body,
      routeName: body.routeName ?? defaultRouteName(service),
    };
    return { entityRef: stringifyEntityRef(entity), service, spec };
  }

  /** Plans against the inventory and the config cluster as they are now. */
  private async plan(target: PlanTarget): Promise<RouteRequestPlan> {
    return planRequest({
      target,
      snapshot: this.inventory.snapshot(),
      configCluster: this.configCluster,
      openRequests: await this.store.list({
        states: OPEN_ROUTE_REQUEST_STATES,
        limit: MAX_LIST_LIMIT,
      }),
      validateGatewayApi: this.validateGatewayApi,
    });
  }

  /**
   * Plans again; when the result would apply differently, stores it (the
   * request goes back to pending for a new approval) and throws
   * PlanChangedError. Also refuses a plan with problems.
   */
  private async checkPlanUnchanged(
    request: RouteRequest,
    caller?: RouteRequestCaller,
  ): Promise<void> {
    const fresh = await this.plan(request);
    const diff = diffPlans(request.plan, fresh, {
      fromVersion: request.planVersion,
      toVersion: request.planVersion + 1,
    });
    if (diff) {
      await this.audited(
        'route-request-replan',
        caller,
        { requestId: request.id },
        async () => {
          const now = this.now();
          const replanned = await this.transition(
            request,
            {
              state: request.state,
              planVersion: request.planVersion,
              attempts: request.attempts,
            },
            {
              state: 'pending',
              plan: fresh,
              planVersion: diff.toVersion,
              planDiff: diff,
              updatedAt: now.toISOString(),
              ...(request.state === 'pending'
                ? {}
                : {
                    expiresAt: this.expiryFrom(now),
                    decidedBy: null,
                    decidedAt: null,
                  }),
            },
          );
          if (request.state !== 'pending')
            await this.tell(notifier => notifier.notifyApprovers(replanned));
          return { result: replanned, meta: { planVersion: diff.toVersion } };
        },
      );
      throw new PlanChangedError(diff);
    }
    if (fresh.problems.length) {
      throw new ConflictError(
        `Request ${
          request.id
        } cannot be applied as planned:\n- ${fresh.problems.join(
          '\n- ',
        )}\nReject it, or wait until the cluster is fixed and approve again`,
      );
    }
  }

  /** Claims the request for applying (one replica wins), applies its plan in order and records the outcome. */
  private async applyPlan(
    request: RouteRequest,
    caller?: RouteRequestCaller,
  ): Promise<RouteRequest> {
    const attempts = request.attempts + 1;
    await this.transition(
      request,
      { state: request.state, attempts: request.attempts },
      { state: 'applying', attempts, updatedAt: this.now().toISOString() },
    );
    const event = await this.auditor.createEvent({
      eventId: 'route-request-apply',
      severityLevel: 'medium',
      request: caller?.request,
      meta: {
        requestId: request.id,
        attempt: attempts,
        cluster: this.configCluster.config.name,
      },
    });
    const { results, failure } = await applyPlannedObjects(
      this.configCluster.client,
      request.plan.objects,
    );
    const now = this.now().toISOString();
    const outcome: RouteRequestChanges = failure
      ? {
          state: 'failed',
          lastError: failure.message,
          retryable: failure.retryable,
          applyResults: results,
          updatedAt: now,
        }
      : {
          state: 'applied',
          lastError: null,
          retryable: false,
          applyResults: results,
          appliedAt: now,
          updatedAt: now,
        };
    const done = await this.transition(
      { ...request, state: 'applying', attempts },
      { state: 'applying', attempts },
      outcome,
    );
    if (failure) {
      await event.fail({
        error: failure.error,
        meta: { retryable: failure.retryable },
      });
      this.logger.warn(
        `Applying route request ${request.id} failed: ${done.lastError}`,
      );
    } else {
      await event.success({ meta: { objects: results.length } });
      this.logger.info('Route request applied', { id: request.id });
    }
    await this.tell(notifier =>
      notifier.notifyRequester(done, failure ? 'failed' : 'applied'),
    );
    return done;
  }

  /**
   * A conditional state change; answers the request as it now is, or throws
   * ConflictError naming what happened meanwhile when another actor won.
   */
  private async transition(
    request: RouteRequest,
    condition: RouteRequestCondition,
    changes: RouteRequestChanges,
  ): Promise<RouteRequest> {
    if (await this.store.update(request.id, condition, changes))
      return this.get(request.id);
    const now = await this.get(request.id);
    if (now.state !== request.state) {
      throw new ConflictError(
        `Request ${request.id} is already ${now.state}${
          now.decidedBy ? ` (decided by ${now.decidedBy})` : ''
        }: someone else acted on it first`,
      );
    }
    throw new ConflictError(
      `Request ${request.id} changed meanwhile (plan version ${now.planVersion}): look at it again`,
    );
  }

  /** Loads a request that must be in one of `states` and acts on it inside an audit event. */
  private act(
    eventId: string,
    id: string,
    caller: RouteRequestCaller,
    states: readonly RouteRequestState[],
    verb: string,
    action: (
      request: RouteRequest,
    ) => Promise<{ result: RouteRequest; meta?: JsonObject }>,
  ): Promise<RouteRequest> {
    return this.audited(eventId, caller, { requestId: id }, async () => {
      const request = await this.get(id);
      if (!states.includes(request.state)) {
        throw new ConflictError(
          `Request ${request.id} is ${request.state}${
            request.decidedBy ? ` (decided by ${request.decidedBy})` : ''
          }; only a ${states.join(' or ')} request can be ${verb}`,
        );
      }
      return action(request);
    });
  }

  /**
   * Approving and rejecting alike: the caller decides a pending request,
   * unless someone else decided first, and the audit event says who.
   */
  private decideOn(
    id: string,
    state: 'approved' | 'rejected',
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
    steps: {
      /** Refuses the decision before it is recorded. */
      check?: (request: RouteRequest, user: string) => Promise<void>;
      /** What follows the recorded decision. */
      after: (decided: RouteRequest) => Promise<RouteRequest>;
    },
  ): Promise<RouteRequest> {
    const user = userOf(caller.credentials);
    const eventId = DECISION_EVENTS[state];
    return this.act(eventId, id, caller, ['pending'], state, async request => {
      await steps.check?.(request, user);
      const now = this.now().toISOString();
      const decided = await this.transition(
        request,
        { state: 'pending', planVersion: request.planVersion },
        {
          state,
          decidedBy: user,
          decidedAt: now,
          decisionComment: decision.comment,
          updatedAt: now,
        },
      );
      return { result: await steps.after(decided), meta: { decidedBy: user } };
    });
  }

  private expiryFrom(now: Date): string {
    return new Date(now.getTime() + this.settings.expireAfterMs).toISOString();
  }

  /** Runs `action` inside an audit event that records its outcome. */
  private async audited<T>(
    eventId: string,
    caller: RouteRequestCaller | undefined,
    meta: JsonObject,
    action: () => Promise<{ result: T; meta?: JsonObject }>,
  ): Promise<T> {
    const event = await this.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: caller?.request,
      meta,
    });
    try {
      const done = await action();
      await event.success({ meta: done.meta });
      return done.result;
    } catch (error) {
      await event.fail({ error });
      throw error;
    }
  }

  /** Notifications are a courtesy: a failing notifier never fails the workflow. */
  private async tell(
    send: (notifier: RouteRequestNotifier) => Promise<void>,
  ): Promise<void> {
    if (!this.notifier) return;
    try {
      await send(this.notifier);
    } catch (error) {
      this.logger.warn(`Could not send a route request notification: ${error}`);
    }
  }
}
