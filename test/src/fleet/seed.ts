/*
 * Seed topologies. The demo follows the seed documents: one config cluster
 * with two gateways (service networks), routes attached to one or both, and
 * services in two workload clusters, one route spreading over four weighted
 * ServiceImports, and a TLS passthrough route to a service that terminates
 * TLS itself. Its workloads are Deployments behind their Services, as a
 * user applies them; the clusters' controller-manager makes the pods and
 * EndpointSlices. The large seed gives benchmarks a fleet of any size, with
 * EndpointSlices written directly for Services without selectors (no pods to
 * run, and nothing for the controller-manager to do at that scale).
 */
import { GroupResource, KubeObject, ObjectStore } from '../kube/types';
import { LINKERD_GATEWAY } from '../controller/linkerdServiceMirror';
import { Fleet, FleetCluster } from './fleet';
import {
  deployment,
  endpointSlice,
  EndpointSpec,
  gateway,
  gatewayClass,
  httpRoute,
  mcsServiceExport,
  pinnedServiceImport,
  service,
  serviceExport,
  tlsRoute,
} from './objects';

const SEED_MANAGER = 'fleet-seed';

/** Writes objects as a client applying manifests would, so they carry managedFields and go through validation. */
export function applyAll(store: ObjectStore, objects: KubeObject[], fieldManager = SEED_MANAGER) {
  for (const object of objects) {
    const type = store.resourceTypeForKind(object.apiVersion, object.kind);
    if (!type) throw new Error(`The cluster does not serve ${object.apiVersion} ${object.kind}`);
    const resource: GroupResource = { group: type.group, plural: type.plural };
    store.apply(resource, object, { fieldManager, force: true, readOnlyResult: true });
  }
}

/**
 * Whether the cluster serves a kind. A provider's part of a seed goes only to clusters that install
 * its CRDs: a fleet started with just the upstream reference CRDs has no GKE kinds, for example.
 */
export function servesKind(store: ObjectStore, apiVersion: string, kind: string): boolean {
  return store.resourceTypeForKind(apiVersion, kind) !== undefined;
}

const MCS_EXPORT_VERSION = 'multicluster.x-k8s.io/v1beta1';
const GKE_EXPORT_VERSION = 'net.gke.io/v1';
const GKE_CONFIG = { apiVersion: 'networking.gke.io/v1', kind: 'MultiClusterService' };
const LINKERD_LINK = { apiVersion: 'multicluster.linkerd.io/v1alpha2', kind: 'Link' };

function ensureNamespace(store: ObjectStore, name: string) {
  applyAll(store, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }]);
}

export interface DemoServiceSeed {
  name: string;
  /**
   * Per workload cluster: how many pods become Ready, how many more never do
   * (a canary Deployment whose readiness probe fails), and how the service is exported.
   */
  clusters: Record<string, { ready: number; notReady?: number; export?: 'federated' | 'unannotated' }>;
  /** Serves TLS itself on 443 (exported with routeType TLS, reached by a TLS passthrough route). */
  tls?: boolean;
}

const TLS_PORT = { name: 'https', port: 443, targetPort: 8443 };
export const DEMO_TLS_HOSTNAME = 'service-6.example.internal';

const ready = (ip: string): EndpointSpec => ({ ip, ready: true });

/** What the demo fleet holds; the catalog's example entities describe the same. */
export const DEMO_SERVICES: DemoServiceSeed[] = [
  {
    name: 'service-1',
    clusters: {
      'workload-1': { ready: 2, export: 'federated' },
      'workload-2': { ready: 2, export: 'federated' },
    },
  },
  {
    name: 'service-2',
    clusters: {
      'workload-1': { ready: 2, export: 'federated' },
      'workload-2': { ready: 1, notReady: 1, export: 'federated' },
    },
  },
  {
    name: 'service-3',
    clusters: {
      'workload-1': { ready: 1, export: 'federated' },
      'workload-2': { ready: 1 },
    },
  },
  {
    name: 'service-4',
    clusters: {
      'workload-1': { ready: 1, export: 'unannotated' },
      'workload-2': { ready: 2, export: 'federated' },
    },
  },
  {
    name: 'service-5',
    clusters: {
      'workload-1': { ready: 1 },
      'workload-2': { ready: 1 },
    },
  },
  {
    name: 'service-6',
    clusters: { 'workload-1': { ready: 2, export: 'federated' } },
    tls: true,
  },
];

/**
 * The MCS clusterset's part of the demo (workload clusters run an MCS
 * implementation beside the AWS controller): per workload cluster, the
 * Service's port, or none, and whether it is exported with
 * multicluster.x-k8s.io.
 */
export interface McsDemoSeed {
  name: string;
  clusters: Record<string, { port?: number; export: boolean }>;
}

export const MCS_DEMO_SERVICES: McsDemoSeed[] = [
  // Healthy: the same Service exported from both clusters.
  { name: 'cart', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { port: 80, export: true } } },
  // Conflict: the ports differ; workload-1's export is as old and wins the tie by name, so workload-2 reports it.
  { name: 'ledger', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { port: 8080, export: true } } },
  // Missing in one cluster: exported in both, but workload-2 runs no Service of that name.
  { name: 'search', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { export: true } } },
  // Runs in both, exported from workload-1 only.
  { name: 'inventory', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { port: 80, export: false } } },
];

/** The GKE fleet's part of the demo (GKE's MCS controller beside the others), the same states under net.gke.io. */
export const GKE_DEMO_SERVICES: McsDemoSeed[] = [
  // Healthy, and behind a MultiClusterService and MultiClusterIngress in the config cluster.
  { name: 'orders', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { port: 80, export: true } } },
  // Conflict: the ports differ.
  { name: 'billing', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { port: 9090, export: true } } },
  // Missing in one cluster: exported in both, no Service in workload-2.
  { name: 'profile', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { export: true } } },
  // Runs in both, exported from workload-1 only.
  { name: 'shipping', clusters: { 'workload-1': { port: 80, export: true }, 'workload-2': { port: 80, export: false } } },
];

/**
 * The Cilium mesh's part of the demo: per workload cluster, the Service's
 * service.cilium.io annotations, or no Service.
 */
export interface CiliumDemoSeed {
  name: string;
  clusters: Record<string, Record<string, string> | 'no-service'>;
}

const GLOBAL = { 'service.cilium.io/global': 'true' };
// Shown across clusters in the demo: Cilium syncs EndpointSlices of non-headless global services only when asked.
const SYNCED_GLOBAL = { ...GLOBAL, 'service.cilium.io/global-sync-endpoint-slices': 'true' };

export const CILIUM_DEMO_SERVICES: CiliumDemoSeed[] = [
  // Healthy: global in both clusters.
  { name: 'catalog', clusters: { 'workload-1': SYNCED_GLOBAL, 'workload-2': SYNCED_GLOBAL } },
  // Mismatch: global in workload-1, runs in workload-2 without the annotation.
  { name: 'payments', clusters: { 'workload-1': SYNCED_GLOBAL, 'workload-2': {} } },
  // Missing in one cluster: global in workload-1, no Service in workload-2.
  { name: 'reviews', clusters: { 'workload-1': SYNCED_GLOBAL, 'workload-2': 'no-service' } },
  // Different on purpose: workload-2 keeps its endpoints to itself and carries a weight Cilium reads on EndpointSlices only.
  {
    name: 'pricing',
    clusters: {
      'workload-1': { ...SYNCED_GLOBAL, 'service.cilium.io/affinity': 'local' },
      'workload-2': { ...SYNCED_GLOBAL, 'service.cilium.io/shared': 'false', 'service.cilium.io/weight': '3' },
    },
  },
];

/**
 * Linkerd multicluster's part of the demo: per workload cluster, the
 * Service's mirror.linkerd.io labels, or no Service. Every workload cluster
 * runs a multicluster gateway and holds a Link to each other one.
 */
export interface LinkerdDemoSeed {
  name: string;
  clusters: Record<string, Record<string, string> | 'no-service'>;
}

const LINKERD_EXPORTED = { 'mirror.linkerd.io/exported': 'true' };
const LINKERD_FEDERATED = { 'mirror.linkerd.io/federated': 'member' };

export const LINKERD_DEMO_SERVICES: LinkerdDemoSeed[] = [
  // Healthy: exported in both clusters, each mirrored in the other.
  { name: 'checkout', clusters: { 'workload-1': LINKERD_EXPORTED, 'workload-2': LINKERD_EXPORTED } },
  // Label missing in one cluster: runs in workload-2 without the export label.
  { name: 'wallet', clusters: { 'workload-1': LINKERD_EXPORTED, 'workload-2': {} } },
  // No Service in one cluster: workload-2 calls workload-1's copy as comments-workload-1.
  { name: 'comments', clusters: { 'workload-1': LINKERD_EXPORTED, 'workload-2': 'no-service' } },
  // Federated: one listings-federated over both clusters.
  { name: 'listings', clusters: { 'workload-1': LINKERD_FEDERATED, 'workload-2': LINKERD_FEDERATED } },
];

/**
 * The Istio mesh's part of the demo (every workload cluster, multi-primary,
 * one network each): per workload cluster, the Service's labels and
 * annotations, or no Service; in `namespace`, default DEMO_NAMESPACE.
 */
export interface IstioDemoSeed {
  name: string;
  namespace?: string;
  clusters: Record<string, { labels?: Record<string, string>; annotations?: Record<string, string> } | 'no-service'>;
}

/** Ambient mode is a namespace's choice: the demo's ambient Services live here. */
export const ISTIO_AMBIENT_NAMESPACE = 'ambient-demo';
const HIDDEN = { annotations: { 'networking.istio.io/exportTo': '.' } };
const AMBIENT_GLOBAL = { labels: { 'istio.io/global': 'true' } };

export const ISTIO_DEMO_SERVICES: IstioDemoSeed[] = [
  // Reachable from both clusters: the same Service in the same namespace of each.
  { name: 'invoices', clusters: { 'workload-1': {}, 'workload-2': {} } },
  // exportTo '.': only its own namespace sees it, in both clusters.
  { name: 'delivery', clusters: { 'workload-1': HIDDEN, 'workload-2': HIDDEN } },
  // Missing in one cluster: runs in workload-1 only.
  { name: 'accounts', clusters: { 'workload-1': {}, 'workload-2': 'no-service' } },
  // Ambient mode, a global service in both clusters.
  {
    name: 'notifications',
    namespace: ISTIO_AMBIENT_NAMESPACE,
    clusters: { 'workload-1': AMBIENT_GLOBAL, 'workload-2': AMBIENT_GLOBAL },
  },
];

export const DEMO_NAMESPACE = 'default';
export const DEMO_GATEWAYS = ['gateway-1', 'gateway-2'];

function seedWorkloadService(cluster: FleetCluster, seed: DemoServiceSeed, index: number) {
  const placement = seed.clusters[cluster.name];
  if (!placement) return;
  const clusterOctet = cluster.name.replace(/\D/g, '') || '0';
  const objects = [
    service(DEMO_NAMESPACE, seed.name, `172.20.${clusterOctet}.${10 + index}`, seed.tls ? [TLS_PORT] : undefined),
    deployment(DEMO_NAMESPACE, seed.name, placement.ready),
  ];
  if (placement.notReady) {
    objects.push(
      deployment(DEMO_NAMESPACE, seed.name, placement.notReady, { track: 'canary', failingReadiness: true }),
    );
  }
  if (placement.export) {
    objects.push(
      serviceExport(DEMO_NAMESPACE, seed.name, {
        federated: placement.export === 'federated',
        ...(seed.tls ? { ports: [{ port: TLS_PORT.port, routeType: 'TLS' as const }] } : {}),
      }),
    );
  }
  applyAll(cluster.store, objects);
}

function seedMcsService(
  cluster: FleetCluster,
  seed: McsDemoSeed,
  address: number,
  apiVersion = MCS_EXPORT_VERSION,
) {
  const placement = seed.clusters[cluster.name];
  // Services and exports together, or neither: without its ServiceExport kind the service is not this provider's.
  if (!placement || !servesKind(cluster.store, apiVersion, 'ServiceExport')) return;
  const clusterOctet = cluster.name.replace(/\D/g, '') || '0';
  const objects =
    placement.port === undefined
      ? []
      : [
          service(DEMO_NAMESPACE, seed.name, `172.20.${clusterOctet}.${address}`, [
            { name: 'http', port: placement.port, targetPort: 8080 },
          ]),
          deployment(DEMO_NAMESPACE, seed.name, 2),
        ];
  if (placement.export) objects.push(mcsServiceExport(DEMO_NAMESPACE, seed.name, apiVersion));
  applyAll(cluster.store, objects);
}

function seedCiliumService(cluster: FleetCluster, seed: CiliumDemoSeed, address: number) {
  const annotations = seed.clusters[cluster.name];
  if (!annotations || annotations === 'no-service') return;
  const clusterOctet = cluster.name.replace(/\D/g, '') || '0';
  const object = service(DEMO_NAMESPACE, seed.name, `172.20.${clusterOctet}.${address}`, [
    { name: 'http', port: 80, targetPort: 8080 },
  ]);
  // No empty annotations: the seed would own the whole map and every later annotation would conflict with it.
  const metadata = Object.keys(annotations).length ? { ...object.metadata, annotations } : object.metadata;
  applyAll(cluster.store, [{ ...object, metadata }, deployment(DEMO_NAMESPACE, seed.name, 2)]);
}

function seedLinkerdService(cluster: FleetCluster, seed: LinkerdDemoSeed, address: number) {
  const labels = seed.clusters[cluster.name];
  if (!labels || labels === 'no-service') return;
  const clusterOctet = cluster.name.replace(/\D/g, '') || '0';
  const object = service(DEMO_NAMESPACE, seed.name, `172.20.${clusterOctet}.${address}`, [
    { name: 'http', port: 80, targetPort: 8080 },
  ]);
  const metadata = { ...object.metadata, labels: { ...object.metadata.labels, ...labels } };
  applyAll(cluster.store, [{ ...object, metadata }, deployment(DEMO_NAMESPACE, seed.name, 2)]);
}

/** The cluster's Linkerd multicluster gateway, by the address its Service gets in the seed. */
function linkerdGatewayAddress(cluster: FleetCluster): string {
  return `172.20.${cluster.name.replace(/\D/g, '') || '0'}.250`;
}

/** A multicluster gateway in every workload cluster, and a Link from each to every other one (as link-gen writes it). */
function seedLinkerdLinks(fleet: Fleet) {
  for (const cluster of fleet.workloadClusters) {
    const { namespace, name } = LINKERD_GATEWAY;
    applyAll(cluster.store, [
      service(namespace, name, linkerdGatewayAddress(cluster), [
        { name: 'mc-gateway', port: 4143, targetPort: 4143 },
        { name: 'mc-probe', port: 4191, targetPort: 4191 },
      ]),
      deployment(namespace, name, 1),
      ...fleet.workloadClusters
        // Links only where the cluster serves them (a fleet with just the upstream reference CRDs does not).
        .filter(target => target !== cluster && servesKind(cluster.store, LINKERD_LINK.apiVersion, LINKERD_LINK.kind))
        .map(target => ({
          apiVersion: LINKERD_LINK.apiVersion,
          kind: LINKERD_LINK.kind,
          metadata: { name: target.name, namespace },
          spec: {
            targetClusterName: target.name,
            targetClusterDomain: 'cluster.local',
            gatewayAddress: linkerdGatewayAddress(target),
            gatewayPort: '4143',
            gatewayIdentity: `linkerd-gateway.${namespace}.serviceaccount.identity.linkerd.cluster.local`,
            probeSpec: { path: '/ready', port: '4191', period: '3s' },
            selector: { matchLabels: { 'mirror.linkerd.io/exported': 'true' } },
            remoteDiscoverySelector: { matchLabels: { 'mirror.linkerd.io/exported': 'remote-discovery' } },
            federatedServiceSelector: { matchLabels: { 'mirror.linkerd.io/federated': 'member' } },
          },
        })),
    ]);
  }
}

function seedIstioService(cluster: FleetCluster, seed: IstioDemoSeed, address: number) {
  const placement = seed.clusters[cluster.name];
  if (!placement || placement === 'no-service') return;
  const namespace = seed.namespace ?? DEMO_NAMESPACE;
  const clusterOctet = cluster.name.replace(/\D/g, '') || '0';
  const object = service(namespace, seed.name, `172.20.${clusterOctet}.${address}`, [
    { name: 'http', port: 80, targetPort: 8080 },
  ]);
  // Only the maps the seed means: an empty one would be owned by the seed and conflict with later writers.
  const metadata = {
    ...object.metadata,
    ...(placement.labels ? { labels: { ...object.metadata.labels, ...placement.labels } } : {}),
    ...(placement.annotations ? { annotations: placement.annotations } : {}),
  };
  applyAll(cluster.store, [{ ...object, metadata }, deployment(namespace, seed.name, 2)]);
}

/**
 * GKE's config cluster objects: a MultiClusterService for orders, and the MultiClusterIngress in
 * front of it; none where the cluster does not serve networking.gke.io.
 */
function gkeConfigObjects(store: ObjectStore): KubeObject[] {
  if (!servesKind(store, GKE_CONFIG.apiVersion, GKE_CONFIG.kind)) return [];
  return [
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'MultiClusterService',
      metadata: { name: 'orders', namespace: DEMO_NAMESPACE },
      spec: {
        template: { spec: { selector: { app: 'orders' }, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }] } },
        clusters: [{ link: 'us-west1/workload-1' }, { link: 'us-east1/workload-2' }],
      },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'MultiClusterIngress',
      metadata: { name: 'storefront', namespace: DEMO_NAMESPACE },
      spec: { template: { spec: { backend: { serviceName: 'orders', servicePort: 80 } } } },
    },
  ];
}

/** The demo topology; needs the fleet's default two workload clusters. */
export function seedDemoFleet(fleet: Fleet) {
  const lattice = fleet.lattice.state;
  const networks = DEMO_GATEWAYS.map(name => lattice.createServiceNetwork({ name }));
  // Blue and orange workload clusters reach one service network each (seed document 001).
  fleet.workloadClusters.forEach((cluster, i) =>
    lattice.associateVpc(networks[i % networks.length].id, cluster.vpcId),
  );

  for (const cluster of fleet.workloadClusters) {
    DEMO_SERVICES.forEach((seed, index) => seedWorkloadService(cluster, seed, index));
    MCS_DEMO_SERVICES.forEach((seed, index) => seedMcsService(cluster, seed, 100 + index));
    GKE_DEMO_SERVICES.forEach((seed, index) => seedMcsService(cluster, seed, 120 + index, GKE_EXPORT_VERSION));
    CILIUM_DEMO_SERVICES.forEach((seed, index) => seedCiliumService(cluster, seed, 140 + index));
    LINKERD_DEMO_SERVICES.forEach((seed, index) => seedLinkerdService(cluster, seed, 160 + index));
    applyAll(cluster.store, [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ISTIO_AMBIENT_NAMESPACE, labels: { 'istio.io/dataplane-mode': 'ambient' } },
      },
    ]);
    ISTIO_DEMO_SERVICES.forEach((seed, index) => seedIstioService(cluster, seed, 180 + index));
  }
  seedLinkerdLinks(fleet);

  const config = fleet.configCluster.store;
  applyAll(config, gkeConfigObjects(config));
  // gateway-1 also has a TLS passthrough listener, as in the controller's my-gateway-tls-passthrough.yaml.
  applyAll(config, [
    gatewayClass(),
    ...DEMO_GATEWAYS.map((g, i) => gateway(DEMO_NAMESPACE, g, false, { tlsPassthrough: i === 0 })),
  ]);
  applyAll(config, [
    pinnedServiceImport(DEMO_NAMESPACE, 'service-1-workload-1', 'service-1', 'workload-1'),
    pinnedServiceImport(DEMO_NAMESPACE, 'service-1-workload-2', 'service-1', 'workload-2'),
    pinnedServiceImport(DEMO_NAMESPACE, 'service-2-workload-1', 'service-2', 'workload-1'),
    pinnedServiceImport(DEMO_NAMESPACE, 'service-2-workload-2', 'service-2', 'workload-2'),
    pinnedServiceImport(DEMO_NAMESPACE, 'service-3', 'service-3', 'workload-1'),
    pinnedServiceImport(DEMO_NAMESPACE, 'service-4', 'service-4', 'workload-2'),
    // Planned ahead by the platform team: nothing exports service-5 yet, so the route has no backend.
    pinnedServiceImport(DEMO_NAMESPACE, 'service-5-workload-1', 'service-5', 'workload-1'),
    pinnedServiceImport(DEMO_NAMESPACE, 'service-5-workload-2', 'service-5', 'workload-2'),
    pinnedServiceImport(DEMO_NAMESPACE, 'service-6', 'service-6', 'workload-1', TLS_PORT.port),
  ]);
  applyAll(config, [
    httpRoute(DEMO_NAMESPACE, 'httproute-1', [{ gateway: 'gateway-1', section: 'http' }], [
      { importName: 'service-1-workload-1', weight: 25 },
      { importName: 'service-1-workload-2', weight: 25 },
      { importName: 'service-2-workload-1', weight: 25 },
      { importName: 'service-2-workload-2', weight: 25 },
    ]),
    httpRoute(
      DEMO_NAMESPACE,
      'httproute-2',
      [
        { gateway: 'gateway-1', section: 'http' },
        { gateway: 'gateway-2', section: 'http' },
      ],
      [{ importName: 'service-3', weight: 1 }],
    ),
    httpRoute(DEMO_NAMESPACE, 'httproute-3', [{ gateway: 'gateway-2', section: 'http' }], [
      { importName: 'service-4', weight: 1 },
    ]),
    httpRoute(DEMO_NAMESPACE, 'httproute-4', [{ gateway: 'gateway-2', section: 'http' }], [
      { importName: 'service-5-workload-1', weight: 50 },
      { importName: 'service-5-workload-2', weight: 50 },
    ]),
    // TLS passthrough: service-6 terminates TLS itself; Lattice forwards by SNI.
    tlsRoute(DEMO_NAMESPACE, 'tlsroute-1', { gateway: 'gateway-1' }, DEMO_TLS_HOSTNAME, [
      { kind: 'ServiceImport', name: 'service-6' },
    ]),
  ]);
}

export interface LargeSeedOptions {
  servicesPerCluster: number;
  /** Services are spread over this many namespaces (ns-0 ...). */
  namespaces?: number;
  /** One route (and pinned import) in the config cluster for every Nth service of each cluster; 0 for none. */
  routeEvery?: number;
  /**
   * Label every object of a service `backstage.io/kubernetes-id: <service>`, the selector
   * Backstage's Kubernetes plugin finds an entity's objects by (the benchmark compares with it).
   */
  kubernetesIdLabels?: boolean;
}

const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

function labelled(objects: KubeObject[], serviceName: string | undefined): KubeObject[] {
  if (!serviceName) return objects;
  return objects.map(o => ({
    ...o,
    metadata: { ...o.metadata, labels: { ...o.metadata.labels, [KUBERNETES_ID_LABEL]: serviceName } },
  }));
}

export function largeServiceName(index: number) {
  return `svc-${index}`;
}

export function largeServiceNamespace(index: number, namespaces: number) {
  return `ns-${index % namespaces}`;
}

/** Every service exported in every workload cluster, two ready endpoints each (written as EndpointSlices). */
export function seedLargeFleet(fleet: Fleet, options: LargeSeedOptions) {
  const namespaces = options.namespaces ?? 20;
  const routeEvery = options.routeEvery ?? 10;
  const network = fleet.lattice.state.createServiceNetwork({ name: 'fleet-network' });
  const config = fleet.configCluster.store;
  applyAll(config, gkeConfigObjects(config));
  for (let n = 0; n < namespaces; n++) {
    for (const cluster of fleet.clusters) ensureNamespace(cluster.store, `ns-${n}`);
  }
  applyAll(config, [gatewayClass(), gateway('default', 'fleet-network', true)]);

  fleet.workloadClusters.forEach((cluster, c) => {
    fleet.lattice.state.associateVpc(network.id, cluster.vpcId);
    for (let i = 0; i < options.servicesPerCluster; i++) {
      const name = largeServiceName(i);
      const namespace = largeServiceNamespace(i, namespaces);
      const ipBase = `10.${c % 250}.${Math.floor(i / 250) % 250}.${i % 250}`;
      const label = options.kubernetesIdLabels ? name : undefined;
      applyAll(
        cluster.store,
        labelled(
          [
            service(namespace, name, `172.${16 + (c % 16)}.${Math.floor(i / 250) % 250}.${i % 250}`, undefined, {
              selector: false,
            }),
            endpointSlice(namespace, name, [ready(ipBase), { ip: ipBase.replace(/^10\./, '11.'), ready: true }]),
            serviceExport(namespace, name, { federated: true }),
          ],
          label,
        ),
      );
      if (routeEvery > 0 && i % routeEvery === 0) {
        // Short names: the controller derives Lattice service names from the first 20 characters.
        const importName = `${name}-${cluster.name}`;
        const routeName = `r${i}-w${c + 1}`;
        applyAll(
          config,
          labelled(
            [
              pinnedServiceImport(namespace, importName, name, cluster.name),
              httpRoute(namespace, routeName, [{ gateway: 'fleet-network', section: 'http', namespace: 'default' }], [
                { importName, weight: 1 },
              ]),
            ],
            label,
          ),
        );
      }
    }
  });
}
