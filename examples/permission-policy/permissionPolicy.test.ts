import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestApprovePermission,
} from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';
import permissionPolicy, {
  ServiceNetworkPermissionPolicy,
} from './permissionPolicy';

const GROUPS: Record<string, string[]> = {
  'user:default/developer': ['group:default/team-a'],
  'user:default/platform-admin': ['group:default/platform-team'],
  'user:default/release-manager': ['group:default/release-managers'],
};
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
    };
  },
});

/** The permission backend with the policy module, asked over HTTP as the frontend and the plugins ask it. */
async function permissionBackend(serviceNetwork?: object) {
  const { server } = await startTestBackend({
    features: [
      import('@backstage/plugin-permission-backend'),
      permissionPolicy,
      userInfo.factory,
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true }, serviceNetwork },
      }),
    ],
  });
  return async (user: string, permission: Permission) => {
    const res = await request(server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(user))
      .send({ items: [{ id: '1', permission }] });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body.items[0].result;
  };
}

describe('the example permission policy', () => {
  it('lets the platform team decide on route requests, and nobody else', async () => {
    const decide = await permissionBackend();
    const approve = serviceNetworkRouteRequestApprovePermission;
    expect(await decide('user:default/platform-admin', approve)).toBe('ALLOW');
    expect(await decide('user:default/developer', approve)).toBe('DENY');
  });

  it('takes the approvers from serviceNetwork.routeRequests.approvers', async () => {
    const decide = await permissionBackend({
      routeRequests: { approvers: ['Group:default/Release-Managers'] },
    });
    const approve = serviceNetworkRouteRequestApprovePermission;
    expect(await decide('user:default/release-manager', approve)).toBe('ALLOW');
    expect(await decide('user:default/platform-admin', approve)).toBe('DENY');
  });

  it('allows everything else', async () => {
    const decide = await permissionBackend();
    const create = {
      type: 'basic',
      name: 'catalog.entity.create',
      attributes: { action: 'create' },
    } as const;
    expect(await decide('user:default/developer', create)).toBe('ALLOW');
  });

  it("lets a service's owners export it, as the catalog's ownership rule decides", async () => {
    const policy = new ServiceNetworkPermissionPolicy(userInfo, []);
    const service = (owner: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'service-1', namespace: 'default' },
      spec: { type: 'service', owner },
      relations: [{ type: 'ownedBy', targetRef: owner }],
    });
    const decision = await policy.handle(
      { permission: serviceNetworkExportPermission },
      {
        credentials: mockCredentials.user('user:default/developer'),
        info: {
          userEntityRef: 'user:default/developer',
          ownershipEntityRefs: [],
        },
      },
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    // The catalog's own rules, as its apply-conditions endpoint evaluates them.
    const authorize = createConditionAuthorizer(Object.values(permissionRules));
    expect(authorize(decision, service('group:default/team-a'))).toBe(true);
    expect(authorize(decision, service('group:default/platform-team'))).toBe(
      false,
    );
  });
});
