import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { SERVICE_NETWORK_PLUGIN_ID } from '@internal/plugin-service-network-common';
import { readServiceNetworkConfig } from './config/serviceNetworkConfig';
import { createServiceNetworkInventory } from './inventory/fromConfig';
import type { Inventory } from './inventory/inventory';
import { createRouter } from './router';
import { DefaultServiceNetworkService } from './service/ServiceNetworkService';

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
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, lifecycle, httpAuth, httpRouter, catalog }) {
        const settings = config.has('serviceNetwork') ? readServiceNetworkConfig(config) : undefined;
        let inventory: Inventory | undefined;
        if (settings) {
          ({ inventory } = await createServiceNetworkInventory({
            config: settings,
            credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
            logger,
          }));
          const started = inventory;
          started.start();
          lifecycle.addShutdownHook(() => started.stop());
          logger.info('Watching clusters', { clusters: settings.clusters.map(c => c.name).join(', ') });
        } else {
          logger.warn('No serviceNetwork section in app-config: status endpoints answer 503 until clusters are configured');
        }
        const service = DefaultServiceNetworkService.create({
          catalog,
          inventory,
          staleAfterMs: settings?.staleAfterMs ?? 60_000,
        });
        httpRouter.use(await createRouter({ httpAuth, service }));
        // Liveness probes and the frontend's "is the backend up" check carry no token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
