import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  url: string;
  token: string;
  caData?: string;
}

/** A kubeconfig with one context per cluster, so people can look with kubectl and friends. */
export function renderKubeconfig(clusters: KubeconfigCluster[], currentContext?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: { server: c.url, ...(c.caData ? { 'certificate-authority-data': c.caData } : {}) },
    })),
    users: clusters.map(c => ({ name: `${c.name}-admin`, user: { token: c.token } })),
    contexts: clusters.map(c => ({
      name: c.name,
      context: { cluster: c.name, user: `${c.name}-admin`, namespace: 'default' },
    })),
    'current-context': currentContext ?? clusters[0]?.name ?? '',
  });
}
