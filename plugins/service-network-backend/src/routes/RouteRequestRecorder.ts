/*
 * What every step of the route request lifecycle records, one way: state
 * changes as conditional updates of the store (so that with several
 * replicas one actor wins and the others are told who), audit events
 * around actions, and notifications that never fail the workflow.
 */
import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  RouteRequest,
  RouteRequestNotice,
} from '@service-network/backstage-plugin-service-network-common';
import { auditMeta, ServiceNetworkCaller } from '../service/caller';
import type {
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
export type RouteRequestCaller = ServiceNetworkCaller;

export class RouteRequestRecorder {
  constructor(
    readonly store: RouteRequestStore,
    private readonly auditor: AuditorService,
    private readonly logger: LoggerService,
    private readonly notifier: RouteRequestNotifier | undefined,
    readonly now: () => Date,
    private readonly expireAfterMs: number,
  ) {}

  async get(id: string): Promise<RouteRequest> {
    const request = await this.store.get(id);
    if (!request) throw new NotFoundError(`No route request ${id}`);
    return request;
  }

  /** When a request made (or sent back for approval) now expires. */
  expiryFrom(now: Date): string {
    return new Date(now.getTime() + this.expireAfterMs).toISOString();
  }

  /**
   * A conditional state change; answers the request as it now is, or throws
   * ConflictError naming what happened meanwhile when another actor won.
   */
  async transition(
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

  /** An audit event to finish by hand, for steps that record more than success or failure. */
  event(options: AuditorServiceCreateEventOptions) {
    return this.auditor.createEvent(options);
  }

  /** Runs `action` inside an audit event that records its outcome. */
  async audited<T>(
    eventId: string,
    caller: RouteRequestCaller | undefined,
    meta: JsonObject,
    action: () => Promise<{ result: T; meta?: JsonObject }>,
  ): Promise<T> {
    const event = await this.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: caller?.request,
      meta: caller ? auditMeta(caller, meta) : meta,
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
  async tell(
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
