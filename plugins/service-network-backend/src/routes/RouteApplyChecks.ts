/*
 * What every apply checks first, whoever starts it: an approval, a human's
 * retry, or the scheduler's automatic retry of a failed or interrupted
 * apply. Owners, config and the cluster may all have changed since the
 * request was made or decided, so each apply asks again: the decision
 * still stands, the entity still maps to the request's Service, the
 * namespace guard still allows writing there for its owner, and a fresh
 * plan still does what the approved one said.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RouteRequest,
  serviceRefForEntity,
} from '@service-network/backstage-plugin-service-network-common';
import { entityOwnerOf, NamespaceGuard } from '../guard';
import type { RouteApplyWorkflow } from './RouteApplyWorkflow';
import type { RouteRequestAccess } from './RouteRequestAccess';
import type { RouteRequestCaller } from './RouteRequestRecorder';

export class RouteApplyChecks {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      guard: NamespaceGuard;
      access: RouteRequestAccess;
      auth: AuthService;
      workflow: RouteApplyWorkflow;
    },
  ) {}

  /**
   * With a caller, their right to decide the request was checked on entry
   * (before its state is told); without one, the recorded decision's.
   * @throws NotAllowedError (the decision or the namespace guard), NotFoundError
   * (the entity is gone), ConflictError (it maps elsewhere, or the plan has
   * problems), PlanChangedError (the request went back to pending).
   */
  async beforeApply(
    request: RouteRequest,
    caller?: RouteRequestCaller,
  ): Promise<void> {
    if (!caller) await this.options.access.checkRecordedDecision(request);
    await this.checkTargetStillWritable(request, caller);
    await this.options.workflow.checkPlanUnchanged(request, caller);
  }

  private async checkTargetStillWritable(
    request: RouteRequest,
    caller: RouteRequestCaller | undefined,
  ): Promise<void> {
    const credentials =
      caller?.credentials ??
      (await this.options.auth.getOwnServiceCredentials());
    const entity = await this.options.catalog.getEntityByRef(
      request.entityRef,
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `No entity ${request.entityRef} in the catalog any more: reject the request`,
      );
    }
    const now = serviceRefForEntity(entity);
    if (
      now.namespace !== request.service.namespace ||
      now.name !== request.service.name
    ) {
      throw new ConflictError(
        `${request.entityRef} now maps to Service ${now.namespace}/${now.name}, not ${request.service.namespace}/${request.service.name} as requested: reject the request and ask for a new one`,
      );
    }
    // No caller ownership: an approval applies the requester's request.
    this.options.guard.check({
      namespace: request.service.namespace,
      entityOwner: entityOwnerOf(entity),
    });
  }
}
