import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import {
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestApprovePermission,
} from '@service-network/backstage-plugin-service-network-common';
import { DevPermissionPolicy } from './devPermissionPolicy';

describe('DevPermissionPolicy', () => {
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
      const groups: Record<string, string[]> = {
        'user:default/developer': ['group:default/team-a'],
        'user:default/platform-admin': ['group:default/platform-team'],
      };
      return { userEntityRef: ref, ownershipEntityRefs: [ref, ...(groups[ref] ?? [])] };
    },
  });
  const policy = new DevPermissionPolicy(userInfo);
  const as = (ref: string) => ({
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [] },
  });

  it('lets only the platform team approve route requests', async () => {
    const query = { permission: serviceNetworkRouteRequestApprovePermission };
    expect(await policy.handle(query, as('user:default/platform-admin'))).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle(query, as('user:default/developer'))).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle(query)).toEqual({ result: AuthorizeResult.DENY });
  });

  it("lets a service's owners export it, through the catalog's ownership rule", async () => {
    const decision = await policy.handle(
      { permission: serviceNetworkExportPermission },
      as('user:default/developer'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: ['user:default/developer', 'group:default/team-a'] },
      },
    });
  });

  it('allows everything else', async () => {
    const other = createPermission({ name: 'catalog.entity.read', attributes: { action: 'read' } });
    expect(await policy.handle({ permission: other }, as('user:default/developer'))).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
