/*
 * From an approved decision to objects in the config cluster: plan again
 * and apply only if the fresh plan does what the approved one said; ask the
 * cluster to dry-run every object and write nothing unless all pass; then
 * apply them in order, once, and record the outcome. Also which requests
 * the scheduler retries: transient failures and applies a restart interrupted.
 *
 *   approved ──▶ applying ──▶ applied
 *                   │
 *                   └──▶ failed ──retry──▶ applying
 *
 * A dry run the API server refuses (admission, schema, CEL) ends in failed,
 * not retryable, with the server's message as the request's lastError, and
 * the approver is answered 422 with that message: nothing was written, and
 * a retry can apply the request once the cluster accepts it. A cluster that
 * could not be asked ends in failed and retryable, as a failed apply does.
 */
import { ConflictError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  RouteRequest,
  RouteRequestPlanDiff,
} from '@service-network/backstage-plugin-service-network-common';
import type { RegisteredCluster } from '../clusters/ClusterRegistry';
import { ClusterRefusedError } from '../clusters/dryRun';
import { applyPlannedObjects } from './applyPlannedObjects';
import { diffPlans } from './diff';
import type { RequestPlanner } from './planRequest';
import type {
  RouteRequestCaller,
  RouteRequestRecorder,
} from './RouteRequestRecorder';
import type { RouteRequestChanges } from './RouteRequestStore';

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

/** Automatic retries of a transient failure before a human has to look. */
const MAX_AUTOMATIC_ATTEMPTS = 5;
/**
 * The replica applying a request renews its claim this often; a claim not
 * renewed for APPLY_LEASE_MS belongs to a replica that stopped (killed,
 * crashed) mid-apply, and the scheduler applies the request again.
 */
const APPLY_RENEW_MS = 3_000;
const APPLY_LEASE_MS = 10_000;
const BATCH = 500;

export class RouteApplyWorkflow {
  constructor(
    private readonly recorder: RouteRequestRecorder,
    private readonly planner: RequestPlanner,
    private readonly configCluster: RegisteredCluster,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Plans again; when the result would apply differently, stores it (the
   * request goes back to pending for a new approval) and throws
   * PlanChangedError. Also refuses a plan with problems.
   */
  async checkPlanUnchanged(
    request: RouteRequest,
    caller?: RouteRequestCaller,
  ): Promise<void> {
    const { recorder } = this;
    const fresh = await this.planner.plan(request, { dryRun: false });
    const diff = diffPlans(request.plan, fresh, {
      fromVersion: request.planVersion,
      toVersion: request.planVersion + 1,
    });
    if (diff) {
      await recorder.audited(
        'route-request-replan',
        caller,
        { requestId: request.id },
        async () => {
          const now = recorder.now();
          const replanned = await recorder.transition(
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
                    expiresAt: recorder.expiryFrom(now),
                    decidedBy: null,
                    decidedAt: null,
                  }),
            },
          );
          if (request.state !== 'pending')
            await recorder.tell(notifier =>
              notifier.notifyApprovers(replanned),
            );
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

  /**
   * Claims the request for applying (one replica wins), has the cluster
   * dry-run its plan, applies it in order and records the outcome.
   * @throws ClusterRefusedError (after recording the request as failed) when the API server refused the plan.
   */
  async applyPlan(
    request: RouteRequest,
    caller?: RouteRequestCaller,
  ): Promise<RouteRequest> {
    const { recorder } = this;
    const attempts = request.attempts + 1;
    await recorder.transition(
      request,
      { state: request.state, attempts: request.attempts },
      { state: 'applying', attempts, updatedAt: recorder.now().toISOString() },
    );
    const event = await recorder.event({
      eventId: 'route-request-apply',
      severityLevel: 'medium',
      request: caller?.request,
      meta: {
        requestId: request.id,
        attempt: attempts,
        cluster: this.configCluster.config.name,
      },
    });
    const { results, failure } = await this.whileHoldingClaim(
      { ...request, attempts },
      () =>
        applyPlannedObjects(this.configCluster.client, request.plan.objects),
    );
    const now = recorder.now().toISOString();
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
    const done = await recorder.transition(
      { ...request, state: 'applying', attempts },
      { state: 'applying', attempts },
      outcome,
    );
    if (failure) {
      await event.fail({
        error: failure.error,
        meta: { retryable: failure.retryable, refused: failure.refused },
      });
      this.logger.warn(
        `Applying route request ${request.id} failed: ${done.lastError}`,
      );
    } else {
      await event.success({ meta: { objects: results.length } });
      this.logger.info('Route request applied', { id: request.id });
    }
    await recorder.tell(notifier =>
      notifier.notifyRequester(done, failure ? 'failed' : 'applied'),
    );
    if (failure?.refused) {
      throw new ClusterRefusedError(
        `The config cluster refused the plan in a dry run, so nothing was applied: ${failure.message}. The request is failed; retry it once the cluster accepts the objects, or cancel it`,
      );
    }
    return done;
  }

  /** Renews the claim on an applying request while `work` runs, so no other replica takes it over. */
  private async whileHoldingClaim<T>(
    request: Pick<RouteRequest, 'id' | 'attempts'>,
    work: () => Promise<T>,
  ): Promise<T> {
    const { store, now } = this.recorder;
    const renew = setInterval(() => {
      store
        .update(
          request.id,
          { state: 'applying', attempts: request.attempts },
          { updatedAt: now().toISOString() },
        )
        .catch(error =>
          this.logger.warn(
            `Could not renew the claim on route request ${request.id}: ${error}`,
          ),
        );
    }, APPLY_RENEW_MS);
    try {
      return await work();
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * What the scheduler applies again: transient failures not yet retried
   * too often, and applies a stopped replica left behind (its claim lapsed).
   */
  async dueForRetry(): Promise<RouteRequest[]> {
    const { recorder } = this;
    const interruptedBefore = new Date(
      recorder.now().getTime() - APPLY_LEASE_MS,
    ).toISOString();
    const failed = await recorder.store.list({
      states: ['failed'],
      limit: BATCH,
    });
    const interrupted = await recorder.store.list({
      states: ['approved', 'applying'],
      updatedBefore: interruptedBefore,
      limit: BATCH,
    });
    return [
      ...failed.filter(
        request =>
          request.retryable && request.attempts < MAX_AUTOMATIC_ATTEMPTS,
      ),
      ...interrupted,
    ];
  }
}
