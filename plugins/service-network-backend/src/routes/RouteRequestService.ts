/*
 * The route request lifecycle. A request is planned when it is made (the
 * config cluster dry-runs its objects) and stored with its plan; it is
 * decided, cancelled or expires, and goes live when the controller has
 * given the route a DNS name. Applying an approved request is the
 * RouteApplyWorkflow's job; the bookkeeping every step shares is the
 * RouteRequestRecorder's. Each transition is a conditional update, so with
 * several replicas on one database a request is applied exactly once and
 * everyone else is told it was already decided.
 *
 *   pending ──approve──▶ approved ──▶ applying ──▶ applied ──(DNS seen)──▶ live
 *      │                                  │
 *      ├─reject / cancel / expire         └──▶ failed ──retry──▶ applying
 *      └─plan changed: stays pending with the new plan and its diff
 */
import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  defaultRouteName,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestDecision,
  RouteRequestPlan,
  RouteRequestSpec,
  RouteRequestState,
  serviceRefForEntity,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { RouteRequestSettings } from '../config/serviceNetworkConfig';
import { callerOwnership, entityOwnerOf, NamespaceGuard } from '../guard';
import type { Inventory } from '../inventory/inventory';
import { userOf } from '../service/caller';
import { loadGatewayApiValidator } from './gatewayApiValidator';
import { allRoutes } from '../inventory/snapshot';
import { configClusterOf, routeRefFor } from './planRoute';
import { RequestPlanner } from './planRequest';
import { RouteApplyChecks } from './RouteApplyChecks';
import { RouteApplyWorkflow } from './RouteApplyWorkflow';
import {
  RouteRequestAccess,
  RouteRequestConditionAuthorizer,
} from './RouteRequestAccess';
import {
  RouteRequestCaller,
  RouteRequestNotifier,
  RouteRequestRecorder,
} from './RouteRequestRecorder';
import { RouteRequestHousekeeping } from './RouteRequestHousekeeping';
import { withOverlaps } from './routeOverlaps';
import { openKeyOf, RouteRequestStore } from './RouteRequestStore';

export type {
  RouteRequestCaller,
  RouteRequestNotifier,
} from './RouteRequestRecorder';
export { PlanChangedError } from './RouteApplyWorkflow';

export interface RouteRequestListFilter {
  states?: readonly RouteRequestState[];
  entityRef?: string;
  /** Only the caller's own requests. */
  mine?: boolean;
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
  /** @throws NotFoundError also when the caller may not read the request (nor its entity). */
  get(id: string, caller: RouteRequestCaller): Promise<RouteRequest>;
  /** Newest first, only those the caller may read; pending ones first for approvers. */
  list(
    filter: RouteRequestListFilter,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest[]>;
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
  /** Applies a failed request again, after the same checks as an approval. */
  retry(id: string, caller: RouteRequestCaller): Promise<RouteRequest>;
  /** Expires pending requests past their time; answers how many. For the scheduler. */
  expireStale(now?: Date): Promise<number>;
  /**
   * Retries transient failures and applies interrupted by a restart, after
   * the same checks as an approval (the recorded decision's, as nobody is
   * calling); a refusal fails the request with the reason. Answers how many
   * were due. For the scheduler.
   */
  retryFailed(): Promise<number>;
  /** Records the DNS name of applied routes the controller has served; answers how many went live. For the scheduler. */
  checkLive(): Promise<number>;
}

const MAX_LIST_LIMIT = 500;
const DECISION_EVENTS = {
  approved: 'route-request-approve',
  rejected: 'route-request-reject',
} as const;

/** The route request service of a backend with a config cluster, or the 503 every caller gets without one. */
export function availableRouteRequests(
  routeRequests: RouteRequestService | undefined,
): RouteRequestService {
  if (!routeRequests) {
    throw new ServiceUnavailableError(
      'Route requests are not available: the serviceNetwork section of app-config needs a cluster with the role "config"',
    );
  }
  return routeRequests;
}

/** Pending requests are the ones an approver has to act on; the rest keep their newest-first order. */
function pendingFirst(requests: RouteRequest[]): RouteRequest[] {
  return [
    ...requests.filter(r => r.state === 'pending'),
    ...requests.filter(r => r.state !== 'pending'),
  ];
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
    permissions: PermissionsService;
    logger: LoggerService;
    guard: NamespaceGuard;
    userInfo: UserInfoService;
    auth: AuthService;
    /** Evaluates the policy's conditions on route requests (our permission rules). */
    authorizeConditions: RouteRequestConditionAuthorizer;
    notifier?: RouteRequestNotifier;
    now?: () => Date;
  }): Promise<DefaultRouteRequestService> {
    const configCluster = options.clusters.configCluster();
    if (!configCluster) {
      throw new Error(
        'Route requests need a cluster with the role "config" in serviceNetwork.clusters',
      );
    }
    const store = await RouteRequestStore.create({
      database: options.database,
    });
    const now = options.now ?? (() => new Date());
    const recorder = new RouteRequestRecorder(
      store,
      options.auditor,
      options.logger,
      options.notifier,
      now,
      options.settings.expireAfterMs,
    );
    const planner = new RequestPlanner(
      store,
      options.inventory,
      configCluster,
      await loadGatewayApiValidator(),
    );
    const workflow = new RouteApplyWorkflow(
      recorder,
      planner,
      configCluster,
      options.logger,
    );
    const access = new RouteRequestAccess({
      catalog: options.catalog,
      permissions: options.permissions,
      userInfo: options.userInfo,
      auth: options.auth,
      authorizeConditions: options.authorizeConditions,
      settings: options.settings,
    });
    const checks = new RouteApplyChecks({
      catalog: options.catalog,
      guard: options.guard,
      access,
      auth: options.auth,
      workflow,
    });
    return new DefaultRouteRequestService(
      recorder,
      planner,
      workflow,
      checks,
      new RouteRequestHousekeeping(
        recorder,
        workflow,
        checks,
        options.inventory,
        options.logger,
      ),
      options.catalog,
      options.inventory,
      options.logger,
      options.guard,
      options.userInfo,
      access,
    );
  }

  private constructor(
    private readonly recorder: RouteRequestRecorder,
    private readonly planner: RequestPlanner,
    private readonly workflow: RouteApplyWorkflow,
    private readonly checks: RouteApplyChecks,
    private readonly housekeeping: RouteRequestHousekeeping,
    private readonly catalog: CatalogService,
    private readonly inventory: Pick<Inventory, 'snapshot'>,
    private readonly logger: LoggerService,
    private readonly guard: NamespaceGuard,
    private readonly userInfo: UserInfoService,
    private readonly access: RouteRequestAccess,
  ) {}

  /** The route requests of `ids` as the permission framework's apply-conditions evaluates them. */
  async permissionResources(ids: string[]) {
    return this.access.resources(
      await Promise.all(ids.map(id => this.store.get(id))),
    );
  }

  /** The signed-in user, whom the policy allows to ask for routes. */
  private async requester(caller: RouteRequestCaller): Promise<string> {
    const user = userOf(caller.credentials);
    await this.access.checkCreate(caller.credentials);
    return user;
  }

  private get store(): RouteRequestStore {
    return this.recorder.store;
  }

  async preview(
    body: RouteRequestCreate,
    caller: RouteRequestCaller,
  ): Promise<RouteRequestPlan> {
    await this.requester(caller);
    const target = await this.target(body, caller);
    return this.planner.plan({ id: randomUUID(), ...target }, { dryRun: true });
  }

  async create(
    body: RouteRequestCreate,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest> {
    const user = await this.requester(caller);
    return this.recorder.audited(
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
        const plan = await this.planner.plan(
          { id, ...target },
          { dryRun: true },
        );
        if (plan.problems.length) {
          throw new InputError(
            `The route cannot be made as asked:\n- ${plan.problems.join(
              '\n- ',
            )}`,
          );
        }
        const now = this.recorder.now();
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
          expiresAt: this.recorder.expiryFrom(now),
          attempts: 0,
          retryable: false,
        };
        await this.store.insert(request);
        this.logger.info('Route request created', {
          id,
          entityRef: request.entityRef,
          route: `${route.namespace}/${route.name}`,
        });
        await this.recorder.tell(notifier => notifier.notifyApprovers(request));
        return { result: request, meta: { requestId: id } };
      },
    );
  }

  async get(id: string, caller: RouteRequestCaller): Promise<RouteRequest> {
    userOf(caller.credentials);
    const request = await this.recorder.get(id);
    await this.access.checkReadable(request, caller.credentials);
    const [reviewed] = await this.reviewed([request], caller);
    return reviewed;
  }

  async list(
    filter: RouteRequestListFilter,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest[]> {
    const user = userOf(caller.credentials);
    // The newest `limit` the caller may read: hidden ones do not count against it.
    const visible = await this.access.visible(
      await this.store.list({
        states: filter.states,
        entityRef: filter.entityRef,
        requestedBy: filter.mine ? user : undefined,
        limit: MAX_LIST_LIMIT,
      }),
      caller.credentials,
    );
    const items = await this.reviewed(
      visible.slice(0, Math.min(filter.limit ?? 100, MAX_LIST_LIMIT)),
      caller,
    );
    return (await this.access.isApprover(caller.credentials))
      ? pendingFirst(items)
      : items;
  }

  /**
   * Pending requests with the routes that overlap theirs, as the review
   * shows them: the config cluster's routes and the open requests the
   * caller may read (others' stay as hidden as their requests are).
   */
  private async reviewed(
    requests: RouteRequest[],
    caller: RouteRequestCaller,
  ): Promise<RouteRequest[]> {
    if (!requests.some(request => request.state === 'pending')) return requests;
    const open = await this.access.visible(
      await this.store.list({ states: ['pending'], limit: MAX_LIST_LIMIT }),
      caller.credentials,
    );
    return withOverlaps(requests, {
      routes: allRoutes(configClusterOf(this.inventory.snapshot())),
      open,
    });
  }

  async approve(
    id: string,
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest> {
    return this.decideOn(id, 'approved', decision, caller, {
      check: async request => {
        if (
          decision.planVersion !== undefined &&
          decision.planVersion !== request.planVersion
        ) {
          throw new ConflictError(
            `The plan changed since you looked at it (you saw version ${decision.planVersion}, it is now ${request.planVersion}): review it and approve again`,
          );
        }
        await this.checks.beforeApply(request, caller);
      },
      after: approved => this.workflow.applyPlan(approved, caller),
    });
  }

  async reject(
    id: string,
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
  ): Promise<RouteRequest> {
    return this.decideOn(id, 'rejected', decision, caller, {
      after: async rejected => {
        await this.recorder.tell(notifier =>
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
      request => this.access.checkReadable(request, caller.credentials),
      async request => {
        if (request.requestedBy !== user) {
          throw new NotAllowedError(
            `Only the requester, ${request.requestedBy}, can cancel this request`,
          );
        }
        const cancelled = await this.recorder.transition(
          request,
          {
            state: request.state,
            planVersion: request.planVersion,
            attempts: request.attempts,
          },
          { state: 'cancelled', updatedAt: this.recorder.now().toISOString() },
        );
        return { result: cancelled };
      },
    );
  }

  async retry(id: string, caller: RouteRequestCaller): Promise<RouteRequest> {
    const user = userOf(caller.credentials);
    await this.access.checkApprover(caller.credentials);
    return this.act(
      'route-request-retry',
      id,
      caller,
      ['failed'],
      'retried',
      request =>
        this.access.checkDecide(request, caller.credentials, {
          user,
          applies: true,
          verb: 'retry',
        }),
      async request => {
        await this.checks.beforeApply(request, caller);
        return { result: await this.workflow.applyPlan(request, caller) };
      },
    );
  }

  expireStale(now?: Date): Promise<number> {
    return this.housekeeping.expireStale(now);
  }

  retryFailed(): Promise<number> {
    return this.housekeeping.retryFailed();
  }

  checkLive(): Promise<number> {
    return this.housekeeping.checkLive();
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
    this.guard.check({
      namespace: service.namespace,
      entityOwner: entityOwnerOf(entity),
      callerOwnership: await callerOwnership(this.userInfo, caller.credentials),
    });
    const spec: RouteRequestSpec = {
      ...body,
      routeName: body.routeName ?? defaultRouteName(service),
    };
    return { entityRef: stringifyEntityRef(entity), service, spec };
  }

  /**
   * Loads a request, checks the caller may act on it (`allowed`, before its
   * state is told, so a caller without rights learns nothing from a 409),
   * that it is in one of `states`, and acts on it inside an audit event.
   */
  private act(
    eventId: string,
    id: string,
    caller: RouteRequestCaller,
    states: readonly RouteRequestState[],
    verb: string,
    allowed: (request: RouteRequest) => Promise<void>,
    action: (
      request: RouteRequest,
    ) => Promise<{ result: RouteRequest; meta?: JsonObject }>,
  ): Promise<RouteRequest> {
    return this.recorder.audited(
      eventId,
      caller,
      { requestId: id },
      async () => {
        const request = await this.recorder.get(id);
        await allowed(request);
        if (!states.includes(request.state)) {
          throw new ConflictError(
            `Request ${request.id} is ${request.state}${
              request.decidedBy ? ` (decided by ${request.decidedBy})` : ''
            }; only a ${states.join(' or ')} request can be ${verb}`,
          );
        }
        return action(request);
      },
    );
  }

  /**
   * Approving and rejecting alike: the caller decides a pending request,
   * unless someone else decided first, and the audit event says who.
   */
  private async decideOn(
    id: string,
    state: 'approved' | 'rejected',
    decision: RouteRequestDecision,
    caller: RouteRequestCaller,
    steps: {
      /** Refuses the decision before it is recorded. */
      check?: (request: RouteRequest) => Promise<void>;
      /** What follows the recorded decision. */
      after: (decided: RouteRequest) => Promise<RouteRequest>;
    },
  ): Promise<RouteRequest> {
    const user = userOf(caller.credentials);
    await this.access.checkApprover(caller.credentials);
    const eventId = DECISION_EVENTS[state];
    const allowed = (request: RouteRequest) =>
      this.access.checkDecide(request, caller.credentials, {
        user,
        applies: state === 'approved',
        verb: state === 'approved' ? 'approve' : 'reject',
      });
    return this.act(eventId, id, caller, ['pending'], state, allowed, async request => {
      await steps.check?.(request);
      const now = this.recorder.now().toISOString();
      const decided = await this.recorder.transition(
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
}
