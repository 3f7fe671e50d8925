import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { SERVICE_NETWORK_PLUGIN_ID } from '@internal/plugin-service-network-common';
import { createRouter } from './router';

/**
 * The Service Network backend plugin; its API mounts at `/api/service-network`.
 *
 * @public
 */
export const serviceNetworkPlugin = createBackendPlugin({
  pluginId: SERVICE_NETWORK_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
      },
      async init({ httpRouter }) {
        httpRouter.use(await createRouter());
        // Liveness probes and the frontend's "is the backend up" check carry no token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
