/*
 * ClusterClient over @kubernetes/client-node: reads and watches as raw
 * requests on the client's connection settings, writes through its
 * KubernetesObjectApi (discovery, server-side apply).
 */
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  apiVersionOf,
  KindDescriptor,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  User,
} from '@kubernetes/client-node';
import type { ClusterConfig } from '../config/serviceNetworkConfig';
import type { KubeObject } from '../inventory/snapshot';
import { EksTokenSource } from './eksToken';
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
const EKS_AUTH_PROVIDER = 'service-network-eks';
const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';
const SERVER_SIDE_APPLY: PatchStrategy = 'application/apply-patch+yaml';
const WATCH_EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

export interface KubernetesClusterClientOptions {
  /** Required for clusters with `authProvider: aws`. */
  credentialsManager?: AwsCredentialsManager;
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

async function userFor(
  cluster: ClusterConfig,
  options: KubernetesClusterClientOptions,
  kc: KubeConfig,
): Promise<User> {
  const { auth } = cluster;
  if (auth.provider === 'serviceAccount') {
    // Without a configured token, use the pod's own (re-read as it rotates).
    return auth.token
      ? { name: cluster.name, token: auth.token }
      : {
          name: cluster.name,
          authProvider: {
            name: 'in-cluster',
            config: { tokenFile: IN_CLUSTER_TOKEN_FILE },
          },
        };
  }
  if (!options.credentialsManager) {
    throw new Error(
      `Cluster "${cluster.name}" uses authProvider aws, but no AWS credentials manager was given`,
    );
  }
  const tokens = await EksTokenSource.create(auth, options.credentialsManager);
  kc.addAuthenticator({
    isAuthProvider: user => user.authProvider?.name === EKS_AUTH_PROVIDER,
    async applyAuthentication(_user, request) {
      request.headers = {
        ...request.headers,
        Authorization: `Bearer ${await tokens.token()}`,
      };
    },
  });
  return { name: cluster.name, authProvider: { name: EKS_AUTH_PROVIDER } };
}

export class KubernetesClusterClient implements ClusterClient {
  static async create(
    cluster: ClusterConfig,
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
          // Plain http has no certificate to verify; the client refuses http URLs unless told so.
          skipTLSVerify:
            cluster.skipTLSVerify || cluster.url.startsWith('http:'),
        },
      ],
      users: [await userFor(cluster, options, kc)],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: cluster.name },
      ],
      currentContext: cluster.name,
    });
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
    return new KubernetesClusterClient(kc, objects, timeoutMs);
  }

  private constructor(
    private readonly kc: KubeConfig,
    private readonly objects: KubernetesObjectApi,
    private readonly timeoutMs: number,
  ) {}

  async list(
    kind: KindDescriptor,
    options: ListOptions = {},
  ): Promise<KubeList> {
    const body = (await getJson(
      this.kc,
      collectionPath(kind),
      {
        limit: options.limit,
        continue: options.continue,
        fieldSelector: options.fieldSelector,
        labelSelector: options.labelSelector,
      },
      this.timeoutMs,
    )) as {
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
      collectionPath(kind),
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
    );
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
        FIELD_MANAGER,
        options.force ?? false,
        SERVER_SIDE_APPLY,
      )) as T;
    } catch (error) {
      throw this.failure(error);
    }
  }

  async delete(kind: KindDescriptor, ref: ObjectRef): Promise<boolean> {
    try {
      await this.objects.delete(header(kind, ref));
      return true;
    } catch (error) {
      const failure = this.failure(error);
      if (failure.statusCode === 404) return false;
      throw failure;
    }
  }

  private failure(error: unknown): ClusterRequestError {
    return (error as Error)?.name === 'AbortError'
      ? timeoutError(this.timeoutMs)
      : toClusterRequestError(error);
  }
}
