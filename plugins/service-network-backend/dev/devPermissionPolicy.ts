/*
 * The dev setup's permission policy: what an organisation would typically
 * configure. Exporting a service is for the entity's owners; approving route
 * requests is for the platform team; everything else is allowed.
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
} from '@service-network/backstage-plugin-service-network-common';

export const PLATFORM_TEAM = 'group:default/platform-team';

export class DevPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const isExport = isPermission(request.permission, serviceNetworkExportPermission);
    const isApprove = isPermission(request.permission, serviceNetworkRouteRequestApprovePermission);
    if (!isExport && !isApprove) return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(user.credentials);
    if (isExport) {
      return createCatalogConditionalDecision(
        serviceNetworkExportPermission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return {
      result: ownershipEntityRefs.includes(PLATFORM_TEAM) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    };
  }
}

export const devPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'service-network-dev-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DevPermissionPolicy(userInfo));
      },
    });
  },
});
