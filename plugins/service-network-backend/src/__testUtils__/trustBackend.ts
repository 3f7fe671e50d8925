/*
 * The plugin as an adopter deploys it, for the authorization suites: the
 * real catalog (entities from a file location, read with each caller's
 * credentials), the real permission backend and permission client with a
 * policy like the adopter example, and the organisation of ./org, on the
 * simulated demo fleet.
 */
import {
  AuthService,
  coreServices,
  UserInfoService,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { createMockDirectory, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult, isPermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import type { JsonObject } from '@backstage/types';
import { serviceNetworkRouteRequestCreatePermission } from '@service-network/backstage-plugin-service-network-common';
// The adopter example itself, which is a file to copy rather than a package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ServiceNetworkPermissionPolicy } from '../../../../examples/permission-policy/permissionPolicy';
import { Fleet, rawConfigFor } from '../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../plugin';
import { orgUserInfoFactory, PLATFORM_TEAM, TEAM_A, TEAM_B } from './org';

/**
 * The mock auth service, except that a plugin calling on a user's behalf
 * sends the user's token with itself as the actor, as the real auth service
 * does (the mock drops the actor, and the permission backend refuses
 * conditional queries from users without one).
 */
export function actorAuth(pluginId: string): AuthService {
  const inner = mockServices.auth({ pluginId });
  return Object.assign(Object.create(inner), {
    async getPluginRequestToken(options: Parameters<AuthService['getPluginRequestToken']>[0]) {
      const principal = options.onBehalfOf.principal as { type: string; userEntityRef?: string };
      if (principal.type === 'user' && principal.userEntityRef) {
        return { token: mockCredentials.user.token(principal.userEntityRef, { actor: { subject: `plugin:${pluginId}` } }) };
      }
      return inner.getPluginRequestToken(options);
    },
  });
}

const actorAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => actorAuth(plugin.getId()),
});

/** team-b decides the route requests of this gateway, and only those. */
export const TEAM_B_GATEWAY = 'gateway-2';

/**
 * The adopter example (examples/permission-policy) with team-b deciding one
 * gateway's requests, behind one organisation rule of its own: users in no
 * group read nothing of the catalog and ask for no routes.
 */
function adopterPolicy(userInfo: UserInfoService) {
  const example = new ServiceNetworkPermissionPolicy(userInfo, [PLATFORM_TEAM], { [TEAM_B_GATEWAY]: [TEAM_B] });
  return async (query: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> => {
    const claims = user?.info.ownershipEntityRefs ?? [];
    const { permission } = query;
    if (isPermission(permission, catalogEntityReadPermission) || isPermission(permission, serviceNetworkRouteRequestCreatePermission)) {
      if (!claims.some(ref => ref.startsWith('group:'))) return { result: AuthorizeResult.DENY };
    }
    return example.handle(query, user);
  };
}

const adopterPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'trust-suite-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy({ handle: adopterPolicy(userInfo) });
      },
    });
  },
});

const ORG_ENTITIES: Entity[] = [TEAM_A, TEAM_B, PLATFORM_TEAM].map(ref => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

export async function startTrustBackend(options: { fleet: Fleet; entities: Entity[]; settings?: JsonObject }) {
  const directory = createMockDirectory();
  directory.setContent({
    'entities.yaml': [...ORG_ENTITIES, ...options.entities].map(entity => JSON.stringify(entity)).join('\n---\n'),
  });
  const base = rawConfigFor(options.fleet, { settings: { refresh: { latticeIntervalSeconds: 1 }, ...options.settings } });
  const backend = await startTestBackend({
    features: [
      serviceNetworkPlugin,
      import('@backstage/plugin-catalog-backend'),
      import('@backstage/plugin-permission-backend'),
      adopterPolicyModule,
      orgUserInfoFactory,
      actorAuthFactory,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          ...base,
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['Component', 'Group'] }],
            locations: [{ type: 'file', target: directory.resolve('entities.yaml') }],
            processingInterval: { seconds: 1 },
          },
        },
      }),
    ],
  });
  return { ...backend, directory };
}

