/*
 * What the rest of the backend needs from a Kubernetes cluster. Kinds are
 * always addressed by group, version and plural (see common's KINDS), never
 * by kind name alone.
 */
import type {
  KindDescriptor,
  ProviderSetting,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterRole } from '../config/serviceNetworkConfig';
import type { KubeObject } from '../inventory/snapshot';

/** The field manager of every write Service Network makes. */
export const FIELD_MANAGER = 'backstage-service-network';

/** Which cluster, and what Service Network uses it for. */
export interface ClusterDescriptor {
  name: string;
  title: string;
  role: ClusterRole;
  providers: readonly ProviderSetting[];
}

export interface ObjectRef {
  /** Omitted for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

export interface ListOptions {
  fieldSelector?: string;
  labelSelector?: string;
  /** One namespace instead of all. */
  namespace?: string;
  /** Page size; the answer then carries `continue` when more pages follow. */
  limit?: number;
  continue?: string;
}

/** One page of a list, as served: items may lack `apiVersion` and `kind`. */
export interface KubeList {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
}

export interface WatchOptions {
  /** Changes after this version; a version the server no longer holds ends the watch with 410 Gone. */
  resourceVersion: string;
  fieldSelector?: string;
  labelSelector?: string;
  /** One namespace instead of all. */
  namespace?: string;
  allowWatchBookmarks?: boolean;
  /** Asks the server to end the watch after this long. */
  timeoutSeconds?: number;
  /**
   * The watch ends (as if the server closed it) when nothing, not even a
   * bookmark, arrives for this long; before the server accepts, the wait fails with a timeout.
   */
  idleTimeoutMs?: number;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: KubeObject;
}

export interface WatchHandle {
  /** Ends the watch; `done` then resolves. */
  abort(): void;
  /** Resolves when the server ends the stream or `abort` is called; rejects with the error that broke it. */
  readonly done: Promise<void>;
}

export interface ApplyOptions {
  /** Take over fields other managers own. Off by default: conflicts are reported, not overridden. */
  force?: boolean;
  /** dryRun=All: the server admits and validates the object and answers it as it would store it, storing nothing. */
  dryRun?: boolean;
  /** The field manager to apply under; FIELD_MANAGER when absent. */
  fieldManager?: string;
}

export interface ClusterClient {
  /** One page of the kind across all namespaces. */
  list(kind: KindDescriptor, options?: ListOptions): Promise<KubeList>;
  /** Resolves once the server has accepted the watch. */
  watch(
    kind: KindDescriptor,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchHandle>;
  /** Undefined when the object does not exist. */
  get(kind: KindDescriptor, ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Server-side apply with the `backstage-service-network` field manager; answers the object as stored. */
  apply<T extends KubeObject>(object: T, options?: ApplyOptions): Promise<T>;
  /** False when the object was already gone. `dryRun`: the server checks the delete and changes nothing. */
  delete(
    kind: KindDescriptor,
    ref: ObjectRef,
    options?: { dryRun?: boolean },
  ): Promise<boolean>;
}
