/*
 * Who may see and decide route requests, with or without the permission
 * framework. Reading a request needs reading its catalog entity (asked of
 * the catalog with the caller's credentials, so a hidden entity hides its
 * requests) and, where a policy says more, `service-network.route-request.read`
 * on the request. Deciding needs membership in
 * `serviceNetwork.routeRequests.approvers` and, on top, the policy's
 * `service-network.route-request.approve` and `.decide` on the request
 * (whose conditions this module evaluates on the request and its entity's
 * owner). The requester never approves or retries their own request unless
 * self-approval is configured, whichever group makes them an approver.
 */
import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  RouteRequest,
  serviceNetworkRouteRequestApprovePermission,
  serviceNetworkRouteRequestCreatePermission,
  serviceNetworkRouteRequestDecidePermission,
  serviceNetworkRouteRequestReadPermission,
} from '@service-network/backstage-plugin-service-network-common';
import type { RouteRequestPermissionResource } from '@service-network/backstage-plugin-service-network-node';
import type { RouteRequestSettings } from '../config/serviceNetworkConfig';
import { callerOwnership, entityOwnerOf } from '../guard';

/** Evaluates a conditional decision on one resource (createConditionAuthorizer over our rules). */
export type RouteRequestConditionAuthorizer = (
  decision: PolicyDecision,
  resource: RouteRequestPermissionResource | undefined,
) => boolean;

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.owner',
];

export class RouteRequestAccess {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      userInfo: UserInfoService;
      auth: AuthService;
      authorizeConditions: RouteRequestConditionAuthorizer;
      settings: Pick<RouteRequestSettings, 'approvers' | 'allowSelfApproval'>;
    },
  ) {}

  /** The requests with their entities' owners, or undefined for an entity the credentials cannot read. */
  private async withOwners(
    requests: readonly RouteRequest[],
    credentials: BackstageCredentials,
  ): Promise<Array<RouteRequestPermissionResource | undefined>> {
    const refs = [...new Set(requests.map(r => r.entityRef))];
    if (!refs.length) return [];
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ENTITY_FIELDS },
      { credentials },
    );
    const owners = new Map(
      refs.map((ref, i) => [
        ref,
        items[i] ? { owner: entityOwnerOf(items[i]!) } : undefined,
      ]),
    );
    return requests.map(request => {
      const entity = owners.get(request.entityRef);
      return entity ? { request, entityOwner: entity.owner } : undefined;
    });
  }

  /** For the permission framework's apply-conditions: read with the plugin's own credentials. */
  async resources(
    requests: ReadonlyArray<RouteRequest | undefined>,
  ): Promise<Array<RouteRequestPermissionResource | undefined>> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const found = requests.filter((r): r is RouteRequest => r !== undefined);
    const resources = await this.withOwners(found, credentials);
    const byId = new Map(
      resources.flatMap(r => (r ? [[r.request.id, r] as const] : [])),
    );
    return requests.map(r =>
      r ? byId.get(r.id) ?? { request: r } : undefined,
    );
  }

  private async decision(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      {
        credentials,
      },
    );
    return decision;
  }

  /** The requests the caller may read, in their order. */
  async visible(
    requests: readonly RouteRequest[],
    credentials: BackstageCredentials,
  ): Promise<RouteRequest[]> {
    const resources = await this.withOwners(requests, credentials);
    const decision = await this.decision(
      serviceNetworkRouteRequestReadPermission,
      credentials,
    );
    return resources.flatMap(resource =>
      resource && this.options.authorizeConditions(decision, resource)
        ? [resource.request]
        : [],
    );
  }

  /** @throws NotFoundError, as for a request that does not exist, when the caller may not read it. */
  async checkReadable(
    request: RouteRequest,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [visible] = await this.visible([request], credentials);
    if (!visible) throw new NotFoundError(`No route request ${request.id}`);
  }

  /** @throws NotAllowedError when the policy denies creating route requests. */
  async checkCreate(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: serviceNetworkRouteRequestCreatePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `The permission policy denies you ${serviceNetworkRouteRequestCreatePermission.name}`,
      );
    }
  }

  /** Whether the caller is one of the approvers the config names, and the policy lets them act as one. */
  async isApprover(credentials: BackstageCredentials): Promise<boolean> {
    return (await this.approverProblem(credentials)) === undefined;
  }

  /** Whether the user or one of their groups (`ownership`) is among the configured approvers. */
  private isNamedApprover(ownership: readonly string[]): boolean {
    return this.options.settings.approvers.some(approver =>
      ownership.includes(approver),
    );
  }

  /** Whether `user` deciding `request` would be self-approval that the settings forbid. */
  private forbidsSelfApproval(request: RouteRequest, user: string): boolean {
    return (
      user === request.requestedBy && !this.options.settings.allowSelfApproval
    );
  }

  private async approverProblem(
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const ownership = await callerOwnership(this.options.userInfo, credentials);
    if (!this.isNamedApprover(ownership)) {
      return `Only the approvers in serviceNetwork.routeRequests.approvers (${this.options.settings.approvers.join(
        ', ',
      )}) decide route requests, and you are not one of them`;
    }
    const [decision] = await this.options.permissions.authorize(
      [{ permission: serviceNetworkRouteRequestApprovePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      return `The permission policy denies you ${serviceNetworkRouteRequestApprovePermission.name}`;
    }
    return undefined;
  }

  /**
   * Before any request is loaded, so a caller who decides nothing learns
   * nothing about which requests exist.
   * @throws NotAllowedError when the caller is no approver.
   */
  async checkApprover(credentials: BackstageCredentials): Promise<void> {
    const problem = await this.approverProblem(credentials);
    if (problem) throw new NotAllowedError(problem);
  }

  /**
   * For an apply nobody is waiting for (the scheduler's retries): whether
   * the recorded decision still stands under today's settings. The policy
   * cannot be asked for a user who is not calling; the configured approvers
   * can, through the decider's groups in the catalog.
   * @throws NotAllowedError naming the decider and the setting.
   */
  async checkRecordedDecision(request: RouteRequest): Promise<void> {
    const decider = request.decidedBy;
    if (!decider) {
      throw new NotAllowedError(
        `Request ${request.id} has no recorded approval to apply`,
      );
    }
    if (this.forbidsSelfApproval(request, decider)) {
      throw new NotAllowedError(
        `${decider} approved their own request, and serviceNetwork.routeRequests.allowSelfApproval is off`,
      );
    }
    if (!this.isNamedApprover(await this.ownershipOf(decider))) {
      throw new NotAllowedError(
        `${decider}, who approved it, is no longer one of the approvers in serviceNetwork.routeRequests.approvers (${this.options.settings.approvers.join(
          ', ',
        )})`,
      );
    }
  }

  /** A user and the groups the catalog says they are a member of, read with the plugin's own credentials. */
  private async ownershipOf(userRef: string): Promise<string[]> {
    const user = await this.options.catalog.getEntityByRef(
      parseEntityRef(userRef),
      {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      },
    );
    return [
      userRef,
      ...(user?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef),
    ];
  }

  /**
   * Approving, rejecting or retrying `request`, for an approver (checkApprover).
   * @throws NotFoundError when the caller may not read it; NotAllowedError when they may not decide it.
   */
  async checkDecide(
    request: RouteRequest,
    credentials: BackstageCredentials,
    options: { user: string; applies: boolean; verb: string },
  ): Promise<void> {
    const [resource] = await this.withOwners([request], credentials);
    const read = await this.decision(
      serviceNetworkRouteRequestReadPermission,
      credentials,
    );
    if (!resource || !this.options.authorizeConditions(read, resource)) {
      throw new NotFoundError(`No route request ${request.id}`);
    }
    const decide = await this.decision(
      serviceNetworkRouteRequestDecidePermission,
      credentials,
    );
    if (!this.options.authorizeConditions(decide, resource)) {
      throw new NotAllowedError(
        `The permission policy denies you ${serviceNetworkRouteRequestDecidePermission.name} on route request ${request.id} (gateway ${request.spec.gateway.name}, entity ${request.entityRef})`,
      );
    }
    if (options.applies && this.forbidsSelfApproval(request, options.user)) {
      throw new NotAllowedError(
        `You cannot ${options.verb} your own route request: ask someone else on the platform team`,
      );
    }
  }
}
