/*
 * ClusterClient over @kubernetes/client-node: reads and watches as raw
 * requests on the client's connection settings, writes through its
 * KubernetesObjectApi (discovery, server-side apply).
 */
import {
  apiVersionOf,
  KindDescriptor,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import type { KubeObject } from '../inventory/snapshot';
import type { CredentialSource } from './credentials';
import {
  ClusterRequestError,
  responseError,
  timeoutError,
  toClusterRequestError,
} from './errors';
import { getJson, streamLines } from './kubeHttp';
import { loadKubernetesModule } from './kubernetesModule';
import {
  ApplyOptions,
  ClusterClient,
  FIELD_MANAGER,
  KubeList,
  ListOptions,
  ObjectRef,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from './types';

const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const AUTH_PROVIDER = 'service-network-credentials';
const SERVER_SIDE_APPLY: PatchStrategy = 'application/apply-patch+yaml';
const WATCH_EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

/**
 * Where a cluster's API server is and how to authenticate to it: the fields
 * of the Kubernetes plugin's `ClusterDetails`, with a source of credentials.
 */
export interface ClusterConnection {
  name: string;
  url: string;
  /** Base64-encoded PEM of the API server's CA. */
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
  credentials: CredentialSource;
}

export interface KubernetesClusterClientOptions {
  /** A request fails when the server stays silent this long. Default 15 s. */
  requestTimeoutMs?: number;
}

function collectionPath(kind: KindDescriptor, namespace?: string): string {
  const root = kind.group
    ? `/apis/${kind.group}/${kind.version}`
    : `/api/${kind.version}`;
  return namespace
    ? `${root}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`
    : `${root}/${kind.plural}`;
}

function header(
  kind: KindDescriptor,
  ref: ObjectRef,
): KubernetesObject & { metadata: ObjectRef } {
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    metadata: kind.namespaced
      ? { name: ref.name, namespace: ref.namespace }
      : { name: ref.name },
  };
}

/**
 * Puts the credential of each request where the API server looks for it: a
 * bearer token in the Authorization header, a client certificate in the TLS
 * options. KubeConfig asks for every request, for raw requests and the
 * generated API client alike.
 */
function addCredentials(kc: KubeConfig, credentials: CredentialSource) {
  kc.addAuthenticator({
    isAuthProvider: user => user.authProvider?.name === AUTH_PROVIDER,
    async applyAuthentication(_user, request) {
      const credential = await credentials.get().catch(error => {
        throw new ClusterRequestError(
          `no credential for the cluster: ${error?.message ?? error}`,
          undefined,
          { cause: error },
        );
      });
      if (credential.type === 'bearer token') {
        request.headers = {
          ...request.headers,
          Authorization: `Bearer ${credential.token}`,
        };
      } else if (credential.type === 'x509 client certificate') {
        request.cert = credential.cert;
        request.key = credential.key;
      }
    },
  });
}

export class KubernetesClusterClient implements ClusterClient {
  static async create(
    cluster: ClusterConnection,
    options: KubernetesClusterClientOptions = {},
  ): Promise<KubernetesClusterClient> {
    const k8s = await loadKubernetesModule();
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          caData: cluster.caData,
          caFile: cluster.caFile,
          // Plain http has no certificate to verify; the client refuses http URLs unless told so.
          skipTLSVerify:
            cluster.skipTLSVerify || cluster.url.startsWith('http:'),
        },
      ],
      users: [{ name: cluster.name, authProvider: { name: AUTH_PROVIDER } }],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: cluster.name },
      ],
      currentContext: cluster.name,
    });
    addCredentials(kc, cluster.credentials);
    const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const objects = new k8s.KubernetesObjectApi(
      k8s.createConfiguration({
        baseServer: new k8s.ServerConfiguration(cluster.url, {}),
        authMethods: { default: kc },
        promiseMiddleware: [
          {
            pre: async context => {
              context.setSignal(AbortSignal.timeout(timeoutMs));
              return context;
            },
            post: async context => context,
          },
        ],
      }),
    );
    return new KubernetesClusterClient(
      kc,
      objects,
      timeoutMs,
      cluster.credentials,
    );
  }

  private constructor(
    private readonly kc: KubeConfig,
    private readonly objects: KubernetesObjectApi,
    private readonly timeoutMs: number,
    private readonly credentials: CredentialSource,
  ) {}

  async list(
    kind: KindDescriptor,
    options: ListOptions = {},
  ): Promise<KubeList> {
    const body = (await getJson(
      this.kc,
      collectionPath(kind, options.namespace),
      {
        limit: options.limit,
        continue: options.continue,
        fieldSelector: options.fieldSelector,
        labelSelector: options.labelSelector,
      },
      this.timeoutMs,
    ).catch(error => {
      throw this.failure(error);
    })) as {
      metadata?: { resourceVersion?: string; continue?: string };
      items?: KubeObject[];
    };
    return {
      items: body.items ?? [],
      resourceVersion: body.metadata?.resourceVersion ?? '',
      ...(body.metadata?.continue ? { continue: body.metadata.continue } : {}),
    };
  }

  watch(
    kind: KindDescriptor,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchHandle> {
    return streamLines(
      this.kc,
      collectionPath(kind, options.namespace),
      {
        watch: true,
        resourceVersion: options.resourceVersion,
        allowWatchBookmarks: options.allowWatchBookmarks,
        fieldSelector: options.fieldSelector,
        labelSelector: options.labelSelector,
        timeoutSeconds: options.timeoutSeconds,
      },
      options.idleTimeoutMs ?? this.timeoutMs,
      line => {
        const event = JSON.parse(line) as {
          type: string;
          object: KubeObject & { code?: number };
        };
        if (event.type === 'ERROR')
          throw responseError(event.object.code ?? 500, event.object);
        if (WATCH_EVENT_TYPES.has(event.type)) onEvent(event as WatchEvent);
      },
    ).catch(error => {
      throw this.failure(error);
    });
  }

  async get(
    kind: KindDescriptor,
    ref: ObjectRef,
  ): Promise<KubeObject | undefined> {
    try {
      return (await this.objects.read(header(kind, ref))) as KubeObject;
    } catch (error) {
      const failure = this.failure(error);
      if (failure.statusCode === 404) return undefined;
      throw failure;
    }
  }

  async apply<T extends KubeObject>(
    object: T,
    options: ApplyOptions = {},
  ): Promise<T> {
    try {
      return (await this.objects.patch(
        object as KubernetesObject,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager ?? FIELD_MANAGER,
        options.force ?? false,
        SERVER_SIDE_APPLY,
      )) as T;
    } catch (error) {
      throw this.failure(error);
    }
  }

  async delete(
    kind: KindDescriptor,
    ref: ObjectRef,
    options: { dryRun?: boolean } = {},
  ): Promise<boolean> {
    try {
      await this.objects.delete(
        header(kind, ref),
        undefined,
        options.dryRun ? 'All' : undefined,
      );
      return true;
    } catch (error) {
      const failure = this.failure(error);
      if (failure.statusCode === 404) return false;
      throw failure;
    }
  }

  /** Every failure passes here: a refused credential is dropped, so the next request asks for a fresh one. */
  private failure(error: unknown): ClusterRequestError {
    const failure =
      (error as Error)?.name === 'AbortError'
        ? timeoutError(this.timeoutMs)
        : toClusterRequestError(error);
    if (failure.statusCode === 401) this.credentials.refused();
    return failure;
  }
}
