/*
 * A small organisation for the authorization tests: who is in which group,
 * as the catalog's ownership claims would say, served as the userInfo
 * service a backend reads them from.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

export const TEAM_A = 'group:default/team-a';
export const TEAM_B = 'group:default/team-b';
export const PLATFORM_TEAM = 'group:default/platform-team';

export const USERS = {
  /** Owns the entities (team-a). */
  owner: 'user:default/alice',
  /** Also team-a: a second owner. */
  teammate: 'user:default/dave',
  /** Another team's member. */
  otherTeam: 'user:default/bob',
  /** The platform team. */
  platform: 'user:default/pat',
  /** A second platform team member. */
  platform2: 'user:default/quinn',
  /** On team-a and on the platform team: may approve, but not what team-a asks for themselves. */
  ownerAndPlatform: 'user:default/erin',
  /** In no group. */
  nobody: 'user:default/nina',
} as const;

const GROUPS: Record<string, string[]> = {
  [USERS.owner]: [TEAM_A],
  [USERS.teammate]: [TEAM_A],
  [USERS.otherTeam]: [TEAM_B],
  [USERS.platform]: [PLATFORM_TEAM],
  [USERS.platform2]: [PLATFORM_TEAM],
  [USERS.ownerAndPlatform]: [TEAM_A, PLATFORM_TEAM],
};

export function ownershipOf(user: string): string[] {
  return [user, ...(GROUPS[user] ?? [])];
}

/** The userInfo service for the organisation above. */
export const orgUserInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const userEntityRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
      return { userEntityRef, ownershipEntityRefs: ownershipOf(userEntityRef) };
    },
  }),
});

/** A route request body for service-1 that plans cleanly on the demo fleet. */
export const SERVICE_1_ROUTE = {
  entityRef: 'component:default/service-1',
  gateway: { name: 'gateway-1', namespace: 'default' },
  listener: 'http',
  kind: 'HTTP',
  match: { path: { type: 'PathPrefix', value: '/' } },
  backends: [{ cluster: 'workload-1', weight: 1 }],
  reason: 'The storefront calls it',
};
