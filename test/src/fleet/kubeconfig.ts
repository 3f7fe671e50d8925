import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  url: string;
  token: string;
  /** Adds a context <name>-service-network that acts as the backend does, with its RBAC. */
  backendToken?: string;
  caData?: string;
}

/** A kubeconfig with one context per cluster (and one per backend identity), so people can look with kubectl and friends. */
export function renderKubeconfig(clusters: KubeconfigCluster[], currentContext?: string): string {
  const identities = clusters.flatMap(c => [
    { context: c.name, cluster: c.name, user: `${c.name}-admin`, token: c.token },
    ...(c.backendToken
      ? [{ context: `${c.name}-service-network`, cluster: c.name, user: `${c.name}-service-network`, token: c.backendToken }]
      : []),
  ]);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: { server: c.url, ...(c.caData ? { 'certificate-authority-data': c.caData } : {}) },
    })),
    users: identities.map(i => ({ name: i.user, user: { token: i.token } })),
    contexts: identities.map(i => ({ name: i.context, context: { cluster: i.cluster, user: i.user, namespace: 'default' } })),
    'current-context': currentContext ?? clusters[0]?.name ?? '',
  });
}
