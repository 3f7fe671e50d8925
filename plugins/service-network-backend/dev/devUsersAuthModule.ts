/*
 * Development sign-in as any User in the catalog, chosen by a cookie, so one
 * browser can act as a developer and then as a platform-team approver.
 * Cookies are not port-scoped: the dev app on :3000 sets it for the backend
 * on :7007, then calls GET /api/auth/devUsers/refresh (ProxiedSignInPage
 * with provider "devUsers" does exactly that).
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The catalog User to sign in as: a name (`developer`) or a ref (`user:default/developer`). */
export const DEV_USER_COOKIE = 'service-network-dev-user';
export const DEV_USERS_PROVIDER_ID = 'devUsers';

interface DevUser {
  userEntityRef: string;
}

function devUserRef(cookie: string | undefined, defaultUser: string): string {
  const chosen = cookie?.trim() || defaultUser;
  let ref;
  try {
    ref = parseEntityRef(chosen, { defaultKind: 'user', defaultNamespace: 'default' });
  } catch (error) {
    throw new AuthenticationError(`The ${DEV_USER_COOKIE} cookie must name a catalog User: ${error.message}`);
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new AuthenticationError(`The ${DEV_USER_COOKIE} cookie must name a catalog User, not ${chosen}`);
  }
  return stringifyEntityRef(ref);
}

const devUsersAuthenticator = createProxyAuthenticator<{ defaultUser: string }, DevUser, undefined>({
  async defaultProfileTransform({ userEntityRef }, ctx) {
    let entity;
    try {
      ({ entity } = await ctx.findCatalogUser({ entityRef: userEntityRef }));
    } catch {
      throw new AuthenticationError(`There is no User ${userEntityRef} in the catalog to sign in as`);
    }
    const profile = (entity.spec?.profile ?? {}) as { displayName?: string; email?: string; picture?: string };
    return {
      profile: {
        displayName: profile.displayName ?? entity.metadata.name,
        email: profile.email,
        picture: profile.picture,
      },
    };
  },
  initialize({ config }) {
    // Anyone who can set a cookie can be anyone: never in production.
    if (process.env.NODE_ENV === 'production') {
      throw new NotAllowedError(`The ${DEV_USERS_PROVIDER_ID} sign-in is for development only`);
    }
    return { defaultUser: config.getOptionalString('defaultUser') ?? 'guest' };
  },
  async authenticate({ req }, { defaultUser }) {
    return { result: { userEntityRef: devUserRef(req.cookies?.[DEV_USER_COOKIE], defaultUser) } };
  },
});

/**
 * The `devUsers` auth provider, configured under `auth.providers.devUsers`
 * (`defaultUser`: who to be without the cookie, default `guest`). Signs in
 * with the catalog's User, so ownership comes from its groups.
 */
export const devUsersAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'service-network-dev-users',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: DEV_USERS_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: devUsersAuthenticator,
            signInResolver: async ({ result }, ctx) => ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
