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
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { createMockDirectory, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult, isPermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import type { JsonObject } from '@backstage/types';
import {
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestApprovePermission,
  serviceNetworkRouteRequestCreatePermission,
  serviceNetworkRouteRequestDecidePermission,
} from '@service-network/backstage-plugin-service-network-common';
import {
  createServiceNetworkRouteRequestConditionalDecision,
  serviceNetworkRouteRequestConditions,
} from '@service-network/backstage-plugin-service-network-node';
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
 * What the adopter example grants: reading the catalog to members of a
 * group, exporting to the entity's owners, asking for routes to members of a
 * group, deciding to the platform team, and to team-b for one gateway.
 */
async function decide(query: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
  const claims = user?.info.ownershipEntityRefs ?? [];
  const inAGroup = claims.some(ref => ref.startsWith('group:'));
  const { permission } = query;
  if (isPermission(permission, catalogEntityReadPermission) || isPermission(permission, serviceNetworkRouteRequestCreatePermission)) {
    return { result: inAGroup ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
  if (isPermission(permission, serviceNetworkExportPermission)) {
    return createCatalogConditionalDecision(permission, catalogConditions.isEntityOwner({ claims }));
  }
  if (isPermission(permission, serviceNetworkRouteRequestApprovePermission)) {
    return { result: claims.includes(PLATFORM_TEAM) || claims.includes(TEAM_B) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
  if (isPermission(permission, serviceNetworkRouteRequestDecidePermission)) {
    if (claims.includes(PLATFORM_TEAM)) return { result: AuthorizeResult.ALLOW };
    if (claims.includes(TEAM_B)) {
      return createServiceNetworkRouteRequestConditionalDecision(
        permission,
        serviceNetworkRouteRequestConditions.targetsGateway({ name: TEAM_B_GATEWAY }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
  return { result: AuthorizeResult.ALLOW };
}

const adopterPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'trust-suite-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({ handle: decide });
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

