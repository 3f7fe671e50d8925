/*
 * Service Network's example permission policy, to copy into your backend
 * (README, "Install in your Backstage app"): a service's owners export it,
 * the route request approvers (`serviceNetwork.routeRequests.approvers`, by
 * default group:default/platform-team) decide on route requests, a team
 * may decide those of one gateway only (GATEWAY_TEAMS: list the team among
 * the approvers too, who may decide at all, and the policy narrows it to its
 * gateway), and every other permission is allowed, as Backstage's allow-all
 * policy does. Replace the last rule with your organisation's own.
 */
import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestApprovePermission,
  serviceNetworkRouteRequestDecidePermission,
} from '@service-network/backstage-plugin-service-network-common';
import {
  createServiceNetworkRouteRequestConditionalDecision,
  serviceNetworkRouteRequestConditions,
} from '@service-network/backstage-plugin-service-network-node';

/** Gateways whose route requests a team decides, by gateway name: yours here. */
export const GATEWAY_TEAMS: Record<string, string[]> = {
  'payments-gateway': ['group:default/payments'],
};

export class ServiceNetworkPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: UserInfoService,
    /** Users and groups who approve, as lowercase entity refs. */
    private readonly approvers: string[],
    /** Teams who decide one gateway's requests only, by gateway name. */
    private readonly gatewayTeams: Record<string, string[]> = {},
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const isExport = isPermission(
      request.permission,
      serviceNetworkExportPermission,
    );
    const isApprove = isPermission(
      request.permission,
      serviceNetworkRouteRequestApprovePermission,
    );
    const isDecide = isPermission(
      request.permission,
      serviceNetworkRouteRequestDecidePermission,
    );
    if (!isExport && !isApprove && !isDecide)
      return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (isExport) {
      // Decided by the catalog against the entity: its owner is one of the user's refs.
      return createCatalogConditionalDecision(
        serviceNetworkExportPermission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    const approves = ownershipEntityRefs.some(ref =>
      this.approvers.includes(ref),
    );
    const gateways = Object.entries(this.gatewayTeams)
      .filter(([, teams]) =>
        teams.some(team => ownershipEntityRefs.includes(team)),
      )
      .map(([name]) => name);
    if (approves || !gateways.length) {
      return {
        result: approves ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    // A gateway's team: an approver as far as the page goes, deciding its gateway's requests only.
    if (isApprove) return { result: AuthorizeResult.ALLOW };
    const [first, ...rest] = gateways.map(name =>
      serviceNetworkRouteRequestConditions.targetsGateway({ name }),
    );
    return createServiceNetworkRouteRequestConditionalDecision(
      serviceNetworkRouteRequestDecidePermission,
      { anyOf: [first, ...rest] },
    );
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'service-network-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
        config: coreServices.rootConfig,
      },
      async init({ policy, userInfo, config }) {
        const approvers = config.getOptionalStringArray(
          'serviceNetwork.routeRequests.approvers',
        ) ?? ['group:default/platform-team'];
        policy.setPolicy(
          new ServiceNetworkPermissionPolicy(
            userInfo,
            approvers.map(ref => ref.toLocaleLowerCase('en-US')),
            GATEWAY_TEAMS,
          ),
        );
      },
    });
  },
});
