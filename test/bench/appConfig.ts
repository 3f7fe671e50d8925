/*
 * What the two benchmark backends are configured with: the same clusters,
 * the same catalog, the same sign-in; one with Service Network, the other
 * with the Kubernetes plugin asking for the same kinds as custom resources.
 */
import { largeServiceName, largeServiceNamespace } from '../src';
import type { FleetDescription } from './fleetProcess';

/** The kinds a Service Network page shows, as the Kubernetes plugin's custom resources. */
export const CUSTOM_RESOURCES = [
  { group: 'application-networking.k8s.aws', apiVersion: 'v1alpha1', plural: 'serviceexports' },
  { group: 'application-networking.k8s.aws', apiVersion: 'v1alpha1', plural: 'serviceimports' },
  { group: 'gateway.networking.k8s.io', apiVersion: 'v1', plural: 'httproutes' },
];

export const GUEST_USER = 'user:default/guest';

/**
 * One Component per measured service of the large seed, mapped to its
 * Kubernetes objects by both plugins' annotations. Only the measured ones:
 * both backends' catalogs start empty (SQLite in memory), and ingesting the
 * whole fleet would load both processes with work a real backend, whose
 * catalog persists, does not do at start-up.
 */
export function catalogEntities(indexes: readonly number[], namespaces: number) {
  return indexes.map(i => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: largeServiceName(i),
      annotations: {
        'backstage.io/kubernetes-id': largeServiceName(i),
        'backstage.io/kubernetes-namespace': largeServiceNamespace(i, namespaces),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:default/platform-team' },
  }));
}

function backendConfig(port: number, catalogFile: string) {
  return {
    // The auth backend needs to know the app; there is none, so the backend stands in.
    app: { baseUrl: `http://127.0.0.1:${port}` },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      // Loopback only, and the benchmark needs a user token for both plugins.
      providers: { guest: { userEntityRef: GUEST_USER, dangerouslyAllowOutsideDevelopment: true } },
    },
    catalog: {
      rules: [{ allow: ['Component'] }],
      locations: [{ type: 'file', target: catalogFile }],
    },
  };
}

export function serviceNetworkBackendConfig(
  fleet: FleetDescription,
  options: { port: number; catalogFile: string; latticeCallBudgetPerMinute: number },
) {
  const { lattice } = fleet;
  return {
    ...backendConfig(options.port, options.catalogFile),
    serviceNetwork: {
      clusters: fleet.clusters.map(c => ({
        name: c.name,
        role: c.role,
        url: c.url,
        authProvider: 'serviceAccount',
        serviceAccountToken: c.token,
        caData: c.caData,
        // Every provider, so every provider's kinds are watched (one watch per cluster and kind).
        providers:
          c.role === 'workload'
            ? ['aws-gateway-controller', 'mcs', 'gke-mcs', 'cilium-clustermesh', 'linkerd', 'istio']
            : ['aws-gateway-controller', 'gke-mcs'],
      })),
      lattice: {
        region: lattice.region,
        accountId: lattice.accountId,
        endpoint: lattice.url,
        callBudgetPerMinute: options.latticeCallBudgetPerMinute,
        // Room for every target group of the fleet: exports would warn long before 100,000 otherwise.
        targetGroupQuota: Math.max(500, lattice.targetGroups * 2),
      },
    },
    aws: {
      accounts: [
        { accountId: lattice.accountId, accessKeyId: lattice.accessKeyId, secretAccessKey: lattice.secretAccessKey },
      ],
    },
  };
}

export function kubernetesBackendConfig(fleet: FleetDescription, options: { port: number; catalogFile: string }) {
  return {
    ...backendConfig(options.port, options.catalogFile),
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: fleet.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            caData: c.caData,
            skipMetricsLookup: true,
          })),
        },
      ],
      customResources: CUSTOM_RESOURCES,
    },
  };
}
