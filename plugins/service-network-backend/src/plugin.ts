import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  SERVICE_NETWORK_PLUGIN_ID,
  serviceNetworkPermissions,
} from '@service-network/backstage-plugin-service-network-common';
import {
  DefaultEntityDirectory,
  EntityDirectory,
} from './catalog/EntityDirectory';
import { readServiceNetworkConfig } from './config/serviceNetworkConfig';
import {
  DefaultServiceExporter,
  ServiceExporter,
} from './exports/ServiceExporter';
import { createServiceNetworkInventory } from './inventory/fromConfig';
import type { Inventory } from './inventory/inventory';
import { createRouter } from './router';
import { notificationsNotifier } from './routes/notificationsNotifier';
import {
  DefaultRouteRequestService,
  RouteRequestService,
} from './routes/RouteRequestService';
import { scheduleRouteRequestTask } from './routes/routeRequestTask';
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
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        // Always injectable: its default client posts to the notifications backend, wherever that runs.
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        lifecycle,
        auth,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        database,
        scheduler,
        catalog,
        notifications,
      }) {
        permissionsRegistry.addPermissions(serviceNetworkPermissions);
        const settings = config.has('serviceNetwork') ? readServiceNetworkConfig(config) : undefined;
        let directory: EntityDirectory | undefined;
        let inventory: Inventory | undefined;
        let exporter: ServiceExporter | undefined;
        let routeRequests: RouteRequestService | undefined;
        if (settings) {
          const { registry, lattice, inventory: watched } = await createServiceNetworkInventory({
            config: settings,
            credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
            logger,
          });
          watched.start();
          lifecycle.addShutdownHook(() => watched.stop());
          inventory = watched;
          directory = await DefaultEntityDirectory.create({
            catalog,
            auth,
            permissions,
            scheduler,
            intervalMs: settings.catalogIntervalMs,
            logger,
          });
          exporter = DefaultServiceExporter.create({
            clusters: registry,
            inventory: watched,
            targetGroups: {
              quota: settings.lattice.targetGroupQuota,
              region: settings.lattice.region,
              inUse: () => lattice.targetGroupCount,
            },
            logger,
          });
          logger.info('Watching clusters', { clusters: settings.clusters.map(c => c.name).join(', ') });
          if (registry.configCluster()) {
            routeRequests = await DefaultRouteRequestService.create({
              database,
              settings: settings.routeRequests,
              catalog,
              inventory: watched,
              clusters: registry,
              auditor,
              logger,
              notifier: notificationsNotifier({ notifications, approvers: settings.routeRequests.approvers }),
            });
            await scheduleRouteRequestTask({
              scheduler,
              routeRequests,
              intervalMs: settings.routeRequests.checkIntervalMs,
              logger,
            });
          } else {
            logger.warn('No cluster has the role "config": route request endpoints answer 503');
          }
        } else {
          logger.warn('No serviceNetwork section in app-config: status, export and route request endpoints answer 503 until clusters are configured');
        }
        const service = DefaultServiceNetworkService.create({
          catalog,
          permissions,
          directory,
          inventory,
          exporter,
          staleAfterMs: settings?.staleAfterMs ?? 60_000,
        });
        httpRouter.use(await createRouter({ httpAuth, auditor, permissions, service, routeRequests }));
        // Liveness probes and the frontend's "is the backend up" check carry no token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
