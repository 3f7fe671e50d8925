/*
 * For tests: a simulated cluster on an ephemeral loopback port with the
 * project's CRDs installed, the real @kubernetes/client-node (ESM-only, so
 * imported dynamically) and KubeConfigs for the cluster's tokens.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { CRD_RESOURCE } from '../builtins';
import { loadProjectCrds } from '../crdManifests';
import { ClusterApiServer, startClusterApiServer } from '../server';
import { createObjectStore } from '../store';

export const READ_WRITE_TOKEN = 'read-write-token';
export const READ_ONLY_TOKEN = 'read-only-token';

export type ClientNode = typeof import('@kubernetes/client-node');

export interface TestCluster {
  server: ClusterApiServer;
  client: ClientNode;
  kubeConfig(token?: string): KubeConfig;
}

export async function startTestCluster(
  options: { historyLimit?: number; bookmarkIntervalMs?: number } = {},
): Promise<TestCluster> {
  const client: ClientNode = await import('@kubernetes/client-node');
  const store = createObjectStore({ historyLimit: options.historyLimit });
  for (const crd of loadProjectCrds()) store.create(CRD_RESOURCE, crd);
  const server = await startClusterApiServer({
    name: 'test',
    tokens: [
      { token: READ_WRITE_TOKEN, access: 'read-write' },
      { token: READ_ONLY_TOKEN, access: 'read-only' },
    ],
    store,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
  });
  return {
    server,
    client,
    kubeConfig(token = READ_WRITE_TOKEN) {
      const config = new client.KubeConfig();
      config.loadFromOptions({
        // client-node refuses plain HTTP unless TLS verification is off.
        clusters: [{ name: 'test', server: server.url, skipTLSVerify: true }],
        users: [{ name: 'user', token }],
        contexts: [{ name: 'test', cluster: 'test', user: 'user' }],
        currentContext: 'test',
      });
      return config;
    },
  };
}
