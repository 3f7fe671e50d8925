/*
 * Where a cluster's credential for the next request comes from: our own
 * config (a service account token, the pod's token, an EKS token), the
 * Kubernetes plugin's auth strategies, or a module. Credentials stay in the
 * backend: they go into request headers and TLS options, nowhere else.
 */
import fs from 'node:fs/promises';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import type { OwnClusterConnection } from '../config/serviceNetworkConfig';
import { EksTokenSource } from './eksToken';

export type { KubernetesCredential };

export interface CredentialSource {
  /** The credential for the next request. */
  get(): Promise<KubernetesCredential>;
  /** The cluster refused the last credential (401): the next `get` asks for a fresh one. */
  refused(): void;
}

const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** A credential is reused for at most this long: an EKS token lives 15 minutes, most others longer. */
export const CREDENTIAL_REUSE_MS = 60_000;

/**
 * Credentials from a source Service Network does not know the lifetime of
 * (an auth strategy, a module): one fetch serves the requests of up to
 * `reuseMs`, concurrent requests share it, a failed fetch is not kept, and a
 * refusal drops it at once.
 */
export function reusedCredentials(
  fetch: () => Promise<KubernetesCredential>,
  options: { reuseMs?: number; now?: () => number } = {},
): CredentialSource {
  const reuseMs = options.reuseMs ?? CREDENTIAL_REUSE_MS;
  const now = options.now ?? Date.now;
  let current:
    | { credential: Promise<KubernetesCredential>; until: number }
    | undefined;
  return {
    get() {
      if (!current || now() >= current.until) {
        const credential = fetch();
        const entry = { credential, until: now() + reuseMs };
        current = entry;
        credential.catch(() => {
          if (current === entry) current = undefined;
        });
      }
      return current.credential;
    },
    refused() {
      current = undefined;
    },
  };
}

/** The credentials of a cluster configured under `serviceNetwork.clusters` with its url. */
export async function ownCredentials(
  connection: OwnClusterConnection,
  credentialsManager: AwsCredentialsManager | undefined,
  clusterName: string,
): Promise<CredentialSource> {
  const { auth } = connection;
  if (auth.provider === 'serviceAccount') {
    const { token } = auth;
    return {
      // Without a configured token, the pod's own, read on each request as it rotates.
      get: async () => ({
        type: 'bearer token',
        token:
          token ?? (await fs.readFile(IN_CLUSTER_TOKEN_FILE, 'utf8')).trim(),
      }),
      refused: () => undefined,
    };
  }
  if (!credentialsManager) {
    throw new Error(
      `Cluster "${clusterName}" uses authProvider aws, but no AWS credentials manager was given`,
    );
  }
  const tokens = await EksTokenSource.create(auth, credentialsManager);
  return {
    get: async () => ({ type: 'bearer token', token: await tokens.token() }),
    refused: () => tokens.discard(),
  };
}
