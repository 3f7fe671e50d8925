/*
 * What the export dialogs offer, and the requests they send. Pure.
 */
import {
  EntityServiceNetworkStatus,
  ExportRequest,
  ProviderClusterStatus,
  ProviderId,
  RouteType,
  ServicePortSummary,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';

export interface PortChoice {
  port: number;
  name?: string;
  routeType: RouteType;
  included: boolean;
}

/** Whether Service Network can write an export through this provider (Istio it only reads). */
function writable(entry: ProviderClusterStatus): boolean {
  return !entry.readOnly;
}

/** Clusters that run the Service and a provider Service Network writes for: an export can be written there. */
export function exportableClusters(
  status: EntityServiceNetworkStatus,
): WorkloadClusterStatus[] {
  return status.clusters.filter(
    cluster =>
      cluster.service &&
      (cluster.providers.length === 0 || cluster.providers.some(writable)),
  );
}

/** Why the page offers no export for some providers, each reason once (Istio: read only). */
export function readOnlyReasons(
  status: EntityServiceNetworkStatus,
): Array<{ title: string; reason: string }> {
  const reasons = new Map<string, { title: string; reason: string }>();
  for (const entry of status.clusters.flatMap(cluster => cluster.providers)) {
    if (entry.readOnly && !reasons.has(entry.provider)) {
      reasons.set(entry.provider, { title: entry.title, reason: entry.readOnly });
    }
  }
  return [...reasons.values()];
}

/** Clusters holding an export of the Service, of any provider (an ignored AWS ServiceExport too, so it can be removed). */
export function exportingClusters(
  status: EntityServiceNetworkStatus,
): WorkloadClusterStatus[] {
  return status.clusters.filter(
    cluster =>
      cluster.export ||
      cluster.mcsExport ||
      cluster.providers.some(entry => entry.exported && writable(entry)),
  );
}

/** VPC Lattice carries TCP only. */
function isTcp(port: ServicePortSummary): boolean {
  return (port.protocol ?? 'TCP').toUpperCase() === 'TCP';
}

/** gRPC when the port says so by its appProtocol or name, else HTTP, as the backend defaults. */
function defaultRouteType(port: ServicePortSummary): RouteType {
  const hints = `${port.appProtocol ?? ''} ${port.name ?? ''}`.toLowerCase();
  return hints.includes('grpc') ? 'GRPC' : 'HTTP';
}

/**
 * The TCP ports of the Service (across clusters, by number), each with the
 * route type it is exported with now, else a default. Where the Service is
 * exported with chosen ports, those stay chosen; otherwise every port is.
 */
export function initialPortChoices(
  clusters: WorkloadClusterStatus[],
): PortChoice[] {
  const exported = new Map<number, RouteType>();
  for (const cluster of clusters) {
    for (const port of cluster.export?.exportedPorts ?? []) {
      if (port.routeType) exported.set(port.port, port.routeType as RouteType);
    }
  }
  const choices = new Map<number, PortChoice>();
  for (const cluster of clusters) {
    for (const port of (cluster.service?.ports ?? []).filter(isTcp)) {
      if (!choices.has(port.port)) {
        choices.set(port.port, {
          port: port.port,
          name: port.name,
          routeType: exported.get(port.port) ?? defaultRouteType(port),
          included: exported.size === 0 || exported.has(port.port),
        });
      }
    }
  }
  return [...choices.values()].sort((a, b) => a.port - b.port);
}

/** The request for the chosen clusters and ports, or undefined while nothing is chosen. */
/** A provider the chosen clusters can export with. */
export interface ProviderOption {
  id: ProviderId;
  title: string;
  /** Whether it exports the chosen ports only (the AWS controller); MCS exports every port. */
  choosesPorts: boolean;
}

/** Every provider some exportable cluster runs, in the order the clusters list them. */
export function providerOptions(
  clusters: WorkloadClusterStatus[],
): ProviderOption[] {
  const options = new Map<ProviderId, ProviderOption>();
  for (const entry of clusters.flatMap(cluster => cluster.providers)) {
    if (writable(entry) && !options.has(entry.provider)) {
      options.set(entry.provider, {
        id: entry.provider,
        title: entry.title,
        choosesPorts: entry.provider === 'aws-gateway-controller',
      });
    }
  }
  return [...options.values()];
}

/** The provider whose exports to delete where clusters run several: the only one that exports in the chosen clusters, else each cluster's first. */
export function unexportProvider(
  status: EntityServiceNetworkStatus,
  chosen: string[],
): ProviderId | undefined {
  const clusters = status.clusters.filter(cluster =>
    chosen.includes(cluster.cluster),
  );
  // Where each cluster runs one provider there is nothing to choose: the backend takes each cluster's own.
  if (clusters.every(cluster => cluster.providers.length <= 1)) {
    return undefined;
  }
  const exporting = new Set(
    clusters
      .flatMap(cluster => cluster.providers)
      .filter(entry => entry.exported && writable(entry))
      .map(entry => entry.provider),
  );
  return exporting.size === 1 ? [...exporting][0] : undefined;
}

/** The clusters that run the provider. */
export function clustersRunning(
  clusters: WorkloadClusterStatus[],
  provider: ProviderId | undefined,
): WorkloadClusterStatus[] {
  return provider
    ? clusters.filter(cluster =>
        cluster.providers.some(entry => entry.provider === provider),
      )
    : clusters;
}

/** The request for the chosen clusters and ports; with a provider that takes no ports, the ports are left out. */
export function exportRequestOf(
  clusters: string[],
  ports: PortChoice[],
  provider?: ProviderOption,
): ExportRequest | undefined {
  const chosen = ports.filter(port => port.included);
  const choosesPorts = provider?.choosesPorts ?? true;
  if (clusters.length === 0 || (choosesPorts && chosen.length === 0)) {
    return undefined;
  }
  return {
    clusters,
    ...(choosesPorts
      ? { ports: chosen.map(({ port, routeType }) => ({ port, routeType })) }
      : {}),
    ...(provider ? { provider: provider.id } : {}),
  };
}

/** Routes that send traffic to the Service in these clusters, through imports pinned to them. */
export function routesLosingBackends(
  status: EntityServiceNetworkStatus,
  clusters: string[],
): Array<{ route: string; cluster: string; serviceImport: string }> {
  return status.imports.flatMap(serviceImport => {
    const cluster = serviceImport.pinnedCluster;
    if (!cluster || !clusters.includes(cluster)) {
      return [];
    }
    return serviceImport.usedBy.map(route => ({
      route: `${route.kind} ${route.namespace}/${route.name}`,
      cluster,
      serviceImport: `${serviceImport.namespace}/${serviceImport.name}`,
    }));
  });
}
