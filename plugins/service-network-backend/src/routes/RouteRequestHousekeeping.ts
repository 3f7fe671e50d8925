/*
 * What the scheduler does with route requests nobody is acting on: expire
 * pending ones past their time, apply again what failed transiently or was
 * interrupted (through the same checks as an approval), and record when the
 * controller has given an applied route its DNS name.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import {
  LATTICE_ANNOTATIONS,
  RouteRequest,
  RouteRequestNotice,
} from '@service-network/backstage-plugin-service-network-common';
import type { Inventory } from '../inventory/inventory';
import { configClusterOf } from './planRoute';
import type { RouteApplyChecks } from './RouteApplyChecks';
import type { RouteApplyWorkflow } from './RouteApplyWorkflow';
import type { RouteRequestRecorder } from './RouteRequestRecorder';

const BATCH = 500;

/**
 * Refusals a later attempt would meet again (the decision, the namespace
 * guard, the entity): recorded on the request instead of retried.
 */
const LASTING_REFUSALS = new Set(['NotAllowedError', 'NotFoundError']);

export class RouteRequestHousekeeping {
  constructor(
    private readonly recorder: RouteRequestRecorder,
    private readonly workflow: RouteApplyWorkflow,
    private readonly checks: RouteApplyChecks,
    private readonly inventory: Pick<Inventory, 'snapshot'>,
    private readonly logger: LoggerService,
  ) {}

  async expireStale(now: Date = this.recorder.now()): Promise<number> {
    const { recorder } = this;
    const due = await recorder.store.list({
      states: ['pending'],
      expiresBefore: now.toISOString(),
      limit: BATCH,
    });
    let expired = 0;
    for (const request of due) {
      const won = await recorder.store.update(
        request.id,
        { state: 'pending', planVersion: request.planVersion },
        { state: 'expired', updatedAt: now.toISOString() },
      );
      if (!won) continue;
      expired++;
      await this.announce(request.id, 'route-request-expire', 'expired', {
        expiresAt: request.expiresAt,
      });
    }
    return expired;
  }

  /** Answers how many requests were due (applied, refused or still failing). */
  async retryFailed(): Promise<number> {
    const due = await this.workflow.dueForRetry();
    for (const request of due) {
      try {
        await this.checks.beforeApply(request);
        await this.workflow.applyPlan(request);
      } catch (error) {
        if (LASTING_REFUSALS.has(error?.name)) {
          await this.recordRefusal(request, error);
        } else {
          this.logger.warn(
            `Retrying route request ${request.id} did not apply it: ${error}`,
          );
        }
      }
    }
    return due.length;
  }

  /** The request is failed, not to be retried automatically, with the reason for whoever looks at it. */
  private async recordRefusal(
    request: RouteRequest,
    error: Error,
  ): Promise<void> {
    const { recorder } = this;
    const reason = `Not applied again automatically: ${error.message}`;
    const won = await recorder.store.update(
      request.id,
      { state: request.state, attempts: request.attempts },
      {
        state: 'failed',
        retryable: false,
        lastError: reason,
        updatedAt: recorder.now().toISOString(),
      },
    );
    // Another replica acted on it meanwhile.
    if (!won) return;
    const event = await recorder.event({
      eventId: 'route-request-retry',
      severityLevel: 'medium',
      meta: { requestId: request.id, automatic: true },
    });
    await event.fail({ error: new Error(reason) });
    this.logger.warn(`Route request ${request.id}: ${reason}`);
    await recorder.tell(async notifier =>
      notifier.notifyRequester(await recorder.get(request.id), 'failed'),
    );
  }

  async checkLive(): Promise<number> {
    const { recorder } = this;
    const config = configClusterOf(this.inventory.snapshot());
    const applied = await recorder.store.list({
      states: ['applied'],
      notLive: true,
      limit: BATCH,
    });
    let live = 0;
    for (const request of applied) {
      const dnsName = config.routes[request.route.kind].get(
        request.route.namespace,
        request.route.name,
      )?.metadata.annotations?.[LATTICE_ANNOTATIONS.latticeAssignedDomainName];
      if (!dnsName) continue;
      const now = recorder.now().toISOString();
      const won = await recorder.store.update(
        request.id,
        { state: 'applied', notLive: true },
        { dnsName, liveAt: now, updatedAt: now },
      );
      if (!won) continue;
      live++;
      await this.announce(request.id, 'route-request-live', 'live', {
        dnsName,
      });
    }
    return live;
  }

  /** The audit event of a transition the scheduler made, and the requester told. */
  private async announce(
    requestId: string,
    eventId: string,
    notice: RouteRequestNotice,
    meta: JsonObject,
  ): Promise<void> {
    const { recorder } = this;
    const event = await recorder.event({
      eventId,
      // As every transition: 'low' is logged at debug, below the default level.
      severityLevel: 'medium',
      meta: { requestId },
    });
    await event.success({ meta });
    await recorder.tell(async notifier =>
      notifier.notifyRequester(await recorder.get(requestId), notice),
    );
  }
}
