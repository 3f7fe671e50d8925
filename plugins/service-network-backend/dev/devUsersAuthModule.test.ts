import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { DEV_USER_COOKIE, devUsersAuthModule } from './devUsersAuthModule';

const user = (name: string, group: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName }, memberOf: [group] },
  // What the catalog's processing adds, and sign-in reads ownership from.
  relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
});

/** The JWT's claims, unverified: the auth backend issued it in this test. */
function claimsOf(token: string): { sub: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('devUsersAuthModule', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        import('@backstage/plugin-auth-backend'),
        devUsersAuthModule,
        catalogServiceMock.factory({
          entities: [
            user('guest', 'team-a', 'Guest'),
            user('developer', 'team-a', 'Developer'),
            user('platform-admin', 'platform-team', 'Platform Admin'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            auth: { providers: { devUsers: {} } },
          },
        }),
      ],
    }));
  });

  const refresh = (cookie?: string) => {
    const call = request(server).get('/api/auth/devUsers/refresh');
    return cookie === undefined ? call : call.set('Cookie', `${DEV_USER_COOKIE}=${encodeURIComponent(cookie)}`);
  };

  it.each([
    ['platform-admin', 'user:default/platform-admin', 'group:default/platform-team', 'Platform Admin'],
    ['user:default/developer', 'user:default/developer', 'group:default/team-a', 'Developer'],
  ])('signs in as the User the cookie names (%s), with ownership from its groups', async (cookie, userRef, group, displayName) => {
    const response = await refresh(cookie);

    expect(response.status).toBe(200);
    expect(response.body.profile).toEqual({ displayName });
    expect(response.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: userRef,
      ownershipEntityRefs: expect.arrayContaining([userRef, group]),
    });
    expect(claimsOf(response.body.backstageIdentity.token).sub).toBe(userRef);
  });

  it('signs in as guest without the cookie', async () => {
    const response = await refresh();

    expect(response.status).toBe(200);
    expect(response.body.backstageIdentity.identity.userEntityRef).toBe('user:default/guest');
  });

  it.each([
    ['mallory', 'There is no User user:default/mallory in the catalog to sign in as'],
    ['group:default/platform-team', 'The service-network-dev-user cookie must name a catalog User, not group:default/platform-team'],
  ])('refuses %s with 401 and no token', async (cookie, message) => {
    const response = await refresh(cookie);

    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe(message);
    expect(response.body.backstageIdentity).toBeUndefined();
  });
});
