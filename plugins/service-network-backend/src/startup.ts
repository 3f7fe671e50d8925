/*
 * Service Network once every plugin has started: the clusters resolved from
 * the config, the Kubernetes plugin and modules, then the inventory, the
 * services and the API over them. Whatever is wrong ends as problems the log
 * and the 503 answers name; the backend starts either way.
 */
import type {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KubernetesPluginClustersState,
  RouteRequestNotifier,
  ServiceNetworkAppLinks,
  ServiceNetworkClusterSupplier,
} from '@service-network/backstage-plugin-service-network-node';
import { DefaultEntityDirectory } from './catalog/EntityDirectory';
import { resolveClusters } from './clusters/resolveClusters';
import type { ServiceNetworkConfig } from './config/serviceNetworkConfig';
import { DefaultServiceExporter } from './exports/ServiceExporter';
import { NamespaceGuard } from './guard';
import type { ServiceNetworkAvailability } from './http/availability';
import { createServiceNetworkInventory } from './inventory/fromConfig';
import { createRouter } from './router';
import { fanOutNotifier } from './routes/notifiers';
import type { RouteRequestConditionAuthorizer } from './routes/RouteRequestAccess';
import { DefaultRouteRequestService } from './routes/RouteRequestService';
import { scheduleRouteRequestTask } from './routes/routeRequestTask';
import { DefaultServiceNetworkService } from './service/ServiceNetworkService';

export interface ServiceNetworkStartupOptions {
  settings: ServiceNetworkConfig;
  config: RootConfigService;
  logger: LoggerService;
  lifecycle: LifecycleService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  database: DatabaseService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  kubernetesPlugin: KubernetesPluginClustersState;
  clusterSuppliers: readonly ServiceNetworkClusterSupplier[];
  /** The built-in notifier first, then those of modules. */
  notifiers: readonly RouteRequestNotifier[];
  /** Evaluates a policy's conditions on route requests (createConditionAuthorizer over our rules). */
  authorizeRouteRequestConditions: RouteRequestConditionAuthorizer;
  /** Told the route request service once it exists, for the permission framework's apply-conditions. */
  onRouteRequests?: (service: DefaultRouteRequestService) => void;
}

export async function startServiceNetwork(
  options: ServiceNetworkStartupOptions,
): Promise<ServiceNetworkAvailability> {
  const {
    settings,
    config,
    logger,
    lifecycle,
    auth,
    permissions,
    catalog,
    scheduler,
  } = options;
  const credentialsManager = DefaultAwsCredentialsManager.fromConfig(config);
  const resolution = await resolveClusters({
    configured: settings.clusters,
    suppliers: options.clusterSuppliers,
    kubernetesPlugin: options.kubernetesPlugin,
    credentialsManager,
    serviceCredentials: () => auth.getOwnServiceCredentials(),
  });
  if (resolution.problems.length)
    return { status: 'not-configured', problems: resolution.problems };

  const { registry, lattice, inventory } = await createServiceNetworkInventory({
    config: settings,
    clusters: resolution.clusters,
    credentialsManager,
    logger,
  });
  inventory.start();
  lifecycle.addShutdownHook(() => inventory.stop());
  logger.info(
    `Watching clusters ${resolution.clusters
      .map(c => `${c.config.name} (${c.config.role}, from the ${c.source})`)
      .join(', ')}`,
  );

  const directory = await DefaultEntityDirectory.create({
    catalog,
    auth,
    permissions,
    scheduler,
    intervalMs: settings.catalogIntervalMs,
    logger,
  });
  const exporter = DefaultServiceExporter.create({
    clusters: registry,
    inventory,
    targetGroups: {
      quota: settings.lattice.targetGroupQuota,
      region: settings.lattice.region,
      inUse: () => lattice.targetGroupCount,
    },
    logger,
  });
  const guard = new NamespaceGuard(settings.namespaces);
  let routeRequests: DefaultRouteRequestService | undefined;
  if (registry.configCluster()) {
    routeRequests = await DefaultRouteRequestService.create({
      database: options.database,
      settings: settings.routeRequests,
      catalog,
      inventory,
      clusters: registry,
      auditor: options.auditor,
      permissions,
      logger,
      guard,
      userInfo: options.userInfo,
      auth,
      authorizeConditions: options.authorizeRouteRequestConditions,
      notifier: fanOutNotifier({
        notifiers: options.notifiers,
        approvers: settings.routeRequests.approvers,
        links: ServiceNetworkAppLinks.fromConfig(config),
        logger,
      }),
    });
    options.onRouteRequests?.(routeRequests);
    await scheduleRouteRequestTask({
      scheduler,
      routeRequests,
      intervalMs: settings.routeRequests.checkIntervalMs,
      logger,
    });
  } else {
    logger.warn(
      'No cluster has the role "config": the route request endpoints answer 503',
    );
  }
  const service = DefaultServiceNetworkService.create({
    catalog,
    permissions,
    directory,
    inventory,
    exporter,
    auditor: options.auditor,
    guard,
    userInfo: options.userInfo,
    staleAfterMs: settings.staleAfterMs,
  });
  const router = await createRouter({
    httpAuth: options.httpAuth,
    service,
    routeRequests,
  });
  return { status: 'ready', router, service, routeRequests };
}
