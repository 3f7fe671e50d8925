import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  SERVICE_NETWORK_PLUGIN_ID,
  serviceNetworkPermissions,
  serviceNetworkRouteRequestDecidePermission,
  serviceNetworkRouteRequestReadPermission,
} from '@service-network/backstage-plugin-service-network-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  kubernetesPluginClustersServiceRef,
  serviceNetworkRouteRequestPermissionRules,
  serviceNetworkRouteRequestResourceRef,
  RouteRequestNotifier,
  ServiceNetworkAppLinks,
  ServiceNetworkClusterSupplier,
  serviceNetworkClustersExtensionPoint,
  serviceNetworkNotifiersExtensionPoint,
} from '@service-network/backstage-plugin-service-network-node';
import { registerServiceNetworkActions } from './actions';
import { readServiceNetworkConfig } from './config/serviceNetworkConfig';
import {
  createAvailabilityRouter,
  notConfiguredMessage,
  ServiceNetworkAvailability,
} from './http/availability';
import { notificationsNotifier } from './routes/notificationsNotifier';
import type { DefaultRouteRequestService } from './routes/RouteRequestService';
import { startServiceNetwork } from './startup';

/**
 * The Service Network backend plugin; its API mounts at `/api/service-network`.
 * Modules supply clusters and route request notifiers through the extension
 * points of `@service-network/backstage-plugin-service-network-node`.
 *
 * @public
 */
export const serviceNetworkPlugin = createBackendPlugin({
  pluginId: SERVICE_NETWORK_PLUGIN_ID,
  register(env) {
    const clusterSuppliers: ServiceNetworkClusterSupplier[] = [];
    const moduleNotifiers: RouteRequestNotifier[] = [];
    env.registerExtensionPoint(serviceNetworkClustersExtensionPoint, {
      addClusterSupplier: supplier => void clusterSuppliers.push(supplier),
    });
    env.registerExtensionPoint(serviceNetworkNotifiersExtensionPoint, {
      addRouteRequestNotifier: notifier => void moduleNotifiers.push(notifier),
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        // Always injectable: its default client posts to the notifications backend, wherever that runs.
        notifications: notificationService,
        kubernetesPlugin: kubernetesPluginClustersServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        rootLifecycle,
        kubernetesPlugin,
        httpRouter,
        permissionsRegistry,
        notifications,
        actionsRegistry,
        ...services
      }) {
        permissionsRegistry.addPermissions(serviceNetworkPermissions);
        // Route requests exist once the config cluster is known; until then none can be found.
        let routeRequests: DefaultRouteRequestService | undefined;
        permissionsRegistry.addResourceType({
          resourceRef: serviceNetworkRouteRequestResourceRef,
          permissions: [
            serviceNetworkRouteRequestReadPermission,
            serviceNetworkRouteRequestDecidePermission,
          ],
          rules: Object.values(serviceNetworkRouteRequestPermissionRules),
          getResources: async ids =>
            routeRequests
              ? routeRequests.permissionResources(ids)
              : ids.map(() => undefined),
        });
        const authorizeRouteRequestConditions = createConditionAuthorizer(
          permissionsRegistry.getPermissionRuleset(
            serviceNetworkRouteRequestResourceRef,
          ),
        );
        let availability: ServiceNetworkAvailability = { status: 'starting' };
        httpRouter.use(createAvailabilityRouter(() => availability));
        // Liveness probes and the frontend's "is the backend up" check carry no token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        const reading = readServiceNetworkConfig(config);
        for (const warning of reading.warnings) logger.warn(warning);
        // Registered whatever the config says, so that an assistant hears why Service Network is not available.
        registerServiceNetworkActions(
          { registry: actionsRegistry, availability: () => availability, links: ServiceNetworkAppLinks.fromConfig(config) },
          { routeRequestDecisions: reading.config?.routeRequestDecisionActions ?? false },
        );
        const notConfigured = (problems: string[]) => {
          for (const problem of problems)
            logger.error(`Service Network config: ${problem}`);
          logger.error(
            `${notConfiguredMessage(
              problems.length === 1
                ? problems
                : [`${problems.length} problems, each logged above`],
            )}. Every endpoint that needs clusters answers 503 until the config is fixed and the backend restarts`,
          );
          availability = { status: 'not-configured', problems };
        };
        if (!reading.config) {
          notConfigured(reading.problems);
          return;
        }
        const settings = reading.config;
        // After every plugin has started: the Kubernetes plugin hands its clusters over during its own start.
        rootLifecycle.addStartupHook(async () => {
          try {
            const started = await startServiceNetwork({
              ...services,
              settings,
              config,
              logger,
              kubernetesPlugin: kubernetesPlugin.state(),
              clusterSuppliers,
              authorizeRouteRequestConditions,
              onRouteRequests: service => {
                routeRequests = service;
              },
              notifiers: [
                notificationsNotifier({ notifications }),
                ...moduleNotifiers,
              ],
            });
            if (started.status === 'not-configured')
              notConfigured(started.problems);
            else availability = started;
          } catch (error) {
            notConfigured([`Service Network failed to start: ${error}`]);
          }
        });
      },
    });
  },
});
