/*
 * What the Lattice inventory holds, and the lookups status composition
 * makes. Collections are filled by sweeps that may span several refreshes:
 * an item counts as deleted only when a complete sweep did not see it.
 */
import {
  LATTICE_TAG_KEYS,
  SyncState,
} from '@internal/plugin-service-network-common';
import type {
  LatticeInventory,
  LatticeService,
  LatticeServiceAssociation,
  LatticeServiceNetwork,
  LatticeTargetGroupEntry,
} from '../inventory/snapshot';

/** Items of one list operation, keyed by id or ARN. */
export class SweptCollection<T> {
  private readonly items = new Map<string, T>();
  private readonly seen = new Set<string>();
  /** Where an unfinished sweep resumes (a nextToken). */
  cursor?: string;

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  get size(): number {
    return this.items.size;
  }

  put(key: string, item: T): void {
    this.items.set(key, item);
    this.seen.add(key);
  }

  /** Ends a complete sweep; answers what it found gone. */
  complete(): T[] {
    const gone: T[] = [];
    for (const [key, item] of this.items) {
      if (!this.seen.has(key)) {
        gone.push(item);
        this.items.delete(key);
      }
    }
    this.seen.clear();
    this.cursor = undefined;
    return gone;
  }

  /** Replaces a known item without counting it as seen by the current sweep. */
  update(key: string, item: T): void {
    if (this.items.has(key)) this.items.set(key, item);
  }

  delete(key: string): void {
    this.items.delete(key);
    this.seen.delete(key);
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

export class LatticeStore implements LatticeInventory {
  readonly networks = new SweptCollection<LatticeServiceNetwork>();
  readonly services = new SweptCollection<TrackedService>();
  /** One collection per service network id. */
  readonly associations = new Map<
    string,
    SweptCollection<LatticeServiceAssociation>
  >();
  readonly targetGroups = new SweptCollection<TrackedTargetGroup>();

  private derived?: {
    networksByName: Map<string, LatticeServiceNetwork>;
    servicesByName: Map<string, TrackedService>;
    associationsByService: Map<string, LatticeServiceAssociation[]>;
    targetGroupsByExport: Map<string, TrackedTargetGroup[]>;
  };

  constructor(private readonly syncState: () => SyncState) {}

  get sync(): SyncState {
    return this.syncState();
  }

  /** Called after any change, so the lookups are rebuilt on next use. */
  changed(): void {
    this.derived = undefined;
  }

  targetGroupsForExport(ref: {
    namespace: string;
    name: string;
    cluster?: string;
  }): readonly LatticeTargetGroupEntry[] {
    const groups =
      this.lookups().targetGroupsByExport.get(
        exportKey(ref.namespace, ref.name),
      ) ?? [];
    return ref.cluster === undefined
      ? groups
      : groups.filter(
          group =>
            group.targetGroup.tags[LATTICE_TAG_KEYS.clusterName] ===
            ref.cluster,
        );
  }

  targetGroupByArn(arn: string): LatticeTargetGroupEntry | undefined {
    return this.targetGroups.get(arn);
  }

  serviceByArn(arn: string): LatticeService | undefined {
    return this.services.get(arn);
  }

  serviceByName(name: string): LatticeService | undefined {
    return this.lookups().servicesByName.get(name);
  }

  serviceNetworkByName(name: string): LatticeServiceNetwork | undefined {
    return this.lookups().networksByName.get(name);
  }

  serviceNetworks(): Iterable<LatticeServiceNetwork> {
    return [...this.networks.values()];
  }

  associationsOfService(
    serviceArn: string,
  ): readonly LatticeServiceAssociation[] {
    return this.lookups().associationsByService.get(serviceArn) ?? [];
  }

  /** Entries are replaced, never mutated: a reader may hold the previous one. */
  update<T>(
    collection: SweptCollection<T>,
    key: string,
    change: (item: T) => T,
  ): void {
    const item = collection.get(key);
    if (item === undefined) return;
    collection.update(key, change(item));
    this.changed();
  }

  /** Target groups of ServiceExports: the only ones whose targets the inventory lists. */
  exportTargetGroups(): TrackedTargetGroup[] {
    return [...this.targetGroups.values()].filter(
      group =>
        group.targetGroup.tags[LATTICE_TAG_KEYS.sourceType] === 'ServiceExport',
    );
  }

  untaggedTargetGroups(): TrackedTargetGroup[] {
    return [...this.targetGroups.values()].filter(group => !group.tagged);
  }

  private lookups() {
    this.derived ??= this.derive();
    return this.derived;
  }

  private derive() {
    const networksByName = new Map<string, LatticeServiceNetwork>();
    for (const network of this.networks.values())
      networksByName.set(network.name, network);
    const servicesByName = new Map<string, TrackedService>();
    for (const service of this.services.values())
      servicesByName.set(service.name, service);
    const associationsByService = new Map<
      string,
      LatticeServiceAssociation[]
    >();
    for (const collection of this.associations.values()) {
      for (const association of collection.values()) {
        const list = associationsByService.get(association.serviceArn) ?? [];
        list.push(association);
        associationsByService.set(association.serviceArn, list);
      }
    }
    const targetGroupsByExport = new Map<string, TrackedTargetGroup[]>();
    for (const group of this.exportTargetGroups()) {
      const tags = group.targetGroup.tags;
      const key = exportKey(
        tags[LATTICE_TAG_KEYS.serviceNamespace] ?? '',
        tags[LATTICE_TAG_KEYS.serviceName] ?? '',
      );
      const list = targetGroupsByExport.get(key) ?? [];
      list.push(group);
      targetGroupsByExport.set(key, list);
    }
    return {
      networksByName,
      servicesByName,
      associationsByService,
      targetGroupsByExport,
    };
  }
}
