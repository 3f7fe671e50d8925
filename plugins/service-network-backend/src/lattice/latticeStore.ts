/*
 * What the Lattice inventory holds, and the lookups status composition
 * makes. Collections are filled by sweeps that may span several refreshes:
 * an item counts as deleted only when a complete sweep did not see it.
 */
import {
  LATTICE_TAG_KEYS,
  SyncState,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  LatticeInventory,
  LatticeService,
  LatticeServiceAssociation,
  LatticeServiceNetwork,
  LatticeTargetGroupEntry,
} from '../inventory/snapshot';

/**
 * Items of one list operation, keyed by id or ARN, with an optional
 * secondary index kept up to date on every change: status composition
 * looks items up on every page view while sweeps change them many times a
 * second, so an index rebuilt after each change would be rebuilt per view.
 */
export class SweptCollection<T> {
  private readonly items = new Map<string, T>();
  private readonly seen = new Set<string>();
  private readonly buckets = new Map<string, Map<string, T>>();
  /**
   * Buckets as arrays, kept until the bucket changes: a page view asks for
   * an export's target groups once per cluster, and sweeps change a given
   * bucket far less often than views read it.
   */
  private readonly bucketArrays = new Map<string, readonly T[]>();
  /** Where an unfinished sweep resumes (a nextToken). */
  cursor?: string;
  /** When the last complete sweep ended (epoch ms). */
  sweptAt?: number;

  /** `indexBy` names an item's secondary-index bucket, if it has one. */
  constructor(private readonly indexBy?: (item: T) => string | undefined) {}

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  get size(): number {
    return this.items.size;
  }

  /** The items whose secondary-index bucket is `bucket`. */
  indexed(bucket: string): readonly T[] {
    let array = this.bucketArrays.get(bucket);
    if (!array) {
      const items = this.buckets.get(bucket);
      if (!items) return [];
      array = [...items.values()];
      this.bucketArrays.set(bucket, array);
    }
    return array;
  }

  put(key: string, item: T): void {
    // An unchanged item (the same object) keeps its place: sweeps re-list everything every cycle.
    if (this.items.get(key) !== item) this.set(key, item);
    this.seen.add(key);
  }

  /** Ends a complete sweep; answers what it found gone. */
  complete(): T[] {
    const gone: T[] = [];
    for (const [key, item] of this.items) {
      if (!this.seen.has(key)) {
        gone.push(item);
        this.remove(key);
      }
    }
    this.seen.clear();
    this.cursor = undefined;
    return gone;
  }

  /** Replaces a known item without counting it as seen by the current sweep. */
  update(key: string, item: T): void {
    if (this.items.has(key)) this.set(key, item);
  }

  delete(key: string): void {
    this.remove(key);
    this.seen.delete(key);
  }

  private set(key: string, item: T): void {
    this.remove(key);
    this.items.set(key, item);
    const bucket = this.indexBy?.(item);
    if (bucket === undefined) return;
    let items = this.buckets.get(bucket);
    if (!items) {
      items = new Map();
      this.buckets.set(bucket, items);
    }
    items.set(key, item);
    this.bucketArrays.delete(bucket);
  }

  private remove(key: string): void {
    const item = this.items.get(key);
    if (item === undefined) return;
    this.items.delete(key);
    const bucket = this.indexBy?.(item);
    const items = bucket === undefined ? undefined : this.buckets.get(bucket);
    if (!items) return;
    items.delete(key);
    this.bucketArrays.delete(bucket!);
    if (items.size === 0) this.buckets.delete(bucket!);
  }
}

/** A target group as the inventory tracks it. */
export interface TrackedTargetGroup extends LatticeTargetGroupEntry {
  /** False until ListTagsForResource answered; tags never change afterwards. */
  tagged: boolean;
  /** When its targets were last listed. */
  targetsListedAt?: number;
  /** The `lastUpdatedAt` its failure details were read for. */
  detailedFor?: string;
  lastUpdatedAt?: string;
}

export interface TrackedService extends LatticeService {
  lastUpdatedAt?: string;
  detailedFor?: string;
}

function exportKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** The export a target group was made for, if a ServiceExport made it. */
function exportOfTargetGroup(group: TrackedTargetGroup): string | undefined {
  const tags = group.targetGroup.tags;
  return tags[LATTICE_TAG_KEYS.sourceType] === 'ServiceExport'
    ? exportKey(
        tags[LATTICE_TAG_KEYS.serviceNamespace] ?? '',
        tags[LATTICE_TAG_KEYS.serviceName] ?? '',
      )
    : undefined;
}

/** The controller names target groups `k8s-<namespace ≤55>-<name ≤55>-<10 letters>` (facts §2.4). */
const CONTROLLER_TARGET_GROUP_NAME = /^k8s-(.+)-[a-z]{10}$/;
const NAME_HINT = 'name:';

function nameHint(namespace: string, name: string): string {
  return `${NAME_HINT}${namespace.slice(0, 55)}-${name.slice(0, 55)}`;
}

/**
 * Tagged target groups are indexed by the export their tags name. Untagged
 * ones by what their name suggests: names are only a hint (route target
 * groups are named alike, and truncation and dashes make them ambiguous),
 * enough to find which tags to read first for an export someone looks at.
 */
function indexKeyOf(group: TrackedTargetGroup): string | undefined {
  if (group.tagged) return exportOfTargetGroup(group);
  const hint = CONTROLLER_TARGET_GROUP_NAME.exec(group.targetGroup.name)?.[1];
  return hint === undefined ? undefined : `${NAME_HINT}${hint}`;
}

export class LatticeStore implements LatticeInventory {
  readonly networks = new SweptCollection<LatticeServiceNetwork>(
    network => network.name,
  );
  readonly services = new SweptCollection<TrackedService>(
    service => service.name,
  );
  /** One collection per service network id. */
  readonly associations = new Map<
    string,
    SweptCollection<LatticeServiceAssociation>
  >();
  readonly targetGroups = new SweptCollection<TrackedTargetGroup>(indexKeyOf);

  constructor(private readonly syncState: () => SyncState) {}

  get sync(): SyncState {
    return this.syncState();
  }

  /** The associations of one service network, created empty the first time. */
  associationsOf(
    networkId: string,
  ): SweptCollection<LatticeServiceAssociation> {
    let collection = this.associations.get(networkId);
    if (!collection) {
      collection = new SweptCollection(association => association.serviceArn);
      this.associations.set(networkId, collection);
    }
    return collection;
  }

  targetGroupsForExport(ref: {
    namespace: string;
    name: string;
    cluster?: string;
  }): readonly LatticeTargetGroupEntry[] {
    const groups = this.exportTargetGroupsOf(ref);
    return ref.cluster === undefined
      ? groups
      : groups.filter(
          group =>
            group.targetGroup.tags[LATTICE_TAG_KEYS.clusterName] ===
            ref.cluster,
        );
  }

  tagsPending(ref: { namespace: string; name: string }): boolean {
    return this.untaggedCandidates(ref).length > 0;
  }

  /** Tags pending, or targets never listed. */
  detailsPending(ref: { namespace: string; name: string }): boolean {
    return (
      this.tagsPending(ref) ||
      this.exportTargetGroupsOf(ref).some(group => group.targets === undefined)
    );
  }

  /** Untagged target groups whose name suggests they may belong to the export. */
  untaggedCandidates(ref: {
    namespace: string;
    name: string;
  }): readonly TrackedTargetGroup[] {
    return this.targetGroups.indexed(nameHint(ref.namespace, ref.name));
  }

  /** The export's target groups, tagged as such. */
  exportTargetGroupsOf(ref: {
    namespace: string;
    name: string;
  }): readonly TrackedTargetGroup[] {
    return this.targetGroups.indexed(exportKey(ref.namespace, ref.name));
  }

  targetGroupByArn(arn: string): LatticeTargetGroupEntry | undefined {
    return this.targetGroups.get(arn);
  }

  serviceByArn(arn: string): LatticeService | undefined {
    return this.services.get(arn);
  }

  serviceByName(name: string): LatticeService | undefined {
    return this.services.indexed(name)[0];
  }

  serviceNetworkByName(name: string): LatticeServiceNetwork | undefined {
    return this.networks.indexed(name)[0];
  }

  serviceNetworks(): Iterable<LatticeServiceNetwork> {
    return [...this.networks.values()];
  }

  associationsOfService(
    serviceArn: string,
  ): readonly LatticeServiceAssociation[] {
    return [...this.associations.values()].flatMap(collection =>
      collection.indexed(serviceArn),
    );
  }

  /** Entries are replaced, never mutated: a reader may hold the previous one. */
  update<T>(
    collection: SweptCollection<T>,
    key: string,
    change: (item: T) => T,
  ): void {
    const item = collection.get(key);
    if (item !== undefined) collection.update(key, change(item));
  }

  /** Target groups of ServiceExports: the only ones whose targets the inventory lists. */
  exportTargetGroups(): TrackedTargetGroup[] {
    return [...this.targetGroups.values()].filter(
      group => exportOfTargetGroup(group) !== undefined,
    );
  }

  untaggedTargetGroups(): TrackedTargetGroup[] {
    return [...this.targetGroups.values()].filter(group => !group.tagged);
  }
}
