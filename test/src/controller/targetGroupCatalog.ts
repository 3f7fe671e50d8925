/*
 * Every target group of a Lattice account with its tags, kept current from
 * Lattice's change feed and shared by all controllers on that account: the
 * controllers look groups up by owner tags on every pass, and listing plus
 * ListTagsForResource for thousands of groups each time would not scale.
 * Lookups go through indexes of the tags owners are found by, so they cost
 * the same with 100,000 groups as with ten.
 */
import {
  LatticeChange,
  LatticeState,
  Tags,
  TargetGroupRecord,
} from '../lattice/types';
import { KeyIndex } from './keyIndex';
import { hasTags, TAG_KEYS } from './naming';

export interface TaggedTargetGroup extends TargetGroupRecord {
  tags: Tags;
}

/** A target group appeared, changed or went; `targetGroup` is as it is now, or as it was last. */
export interface TargetGroupChange {
  action: LatticeChange['action'];
  targetGroup: TaggedTargetGroup;
}

export interface TargetGroupCatalog {
  get(id: string): TaggedTargetGroup | undefined;
  /** By id or ARN. */
  find(identifier: string): TaggedTargetGroup | undefined;
  /**
   * The groups carrying all these tags, in Lattice's list order (creation
   * order). The tags must name a route (RouteName and RouteNamespace) or a
   * service (SourceTypeKey, ServiceName and ServiceNamespace). Treat the
   * records as read-only.
   */
  withTags(tags: Tags): TaggedTargetGroup[];
  /**
   * Told of changes to the groups carrying this ManagedBy tag (a controller's
   * own), after the catalog has taken them in. Returns an unsubscribe function.
   */
  subscribeOwned(
    managedBy: string,
    listener: (change: TargetGroupChange) => void,
  ): () => void;
  /** Told of every change, after the owner's listeners. Returns an unsubscribe function. */
  subscribe(listener: (change: TargetGroupChange) => void): () => void;
}

type Listener = (change: TargetGroupChange) => void;

/** Listeners in the order they subscribed; a change costs what listens to it. */
class Listeners {
  private readonly all = new Set<Listener>();

  add(listener: Listener): () => void {
    this.all.add(listener);
    return () => {
      this.all.delete(listener);
    };
  }

  tell(change: TargetGroupChange): void {
    if (this.all.size === 0) return;
    for (const listener of [...this.all]) listener(change);
  }
}

const byLattice = new WeakMap<LatticeState, TargetGroupCatalog>();

/*
 * Index keys join tag values with a character tag values do not contain in
 * practice; a clash would only add candidates, which lookups filter by tags.
 * Joined, not concatenated: the keys of 100,000 groups stay flat strings.
 */
const SEPARATOR = '\u0000';

function routeKey(tags: Tags): string | undefined {
  const name = tags[TAG_KEYS.routeName];
  const namespace = tags[TAG_KEYS.routeNamespace];
  return name === undefined || namespace === undefined
    ? undefined
    : ['route', namespace, name].join(SEPARATOR);
}

function serviceKey(tags: Tags, cluster?: string): string | undefined {
  const parts = [
    'service',
    tags[TAG_KEYS.sourceType],
    tags[TAG_KEYS.serviceNamespace],
    tags[TAG_KEYS.serviceName],
  ];
  if (parts.some(part => part === undefined)) return undefined;
  if (cluster) parts.push(cluster);
  return parts.join(SEPARATOR);
}

/** The index keys a group is filed under. */
function lookupKeys(tags: Tags): string[] {
  const cluster = tags[TAG_KEYS.clusterName];
  return [
    routeKey(tags),
    serviceKey(tags),
    cluster ? serviceKey(tags, cluster) : undefined,
  ].filter((key): key is string => key !== undefined);
}

/** The most specific key a lookup by these tags can use: every group carrying them is filed under it. */
function lookupKey(tags: Tags): string {
  const key = serviceKey(tags, tags[TAG_KEYS.clusterName]) ?? routeKey(tags);
  if (key === undefined) {
    throw new Error(
      `target groups are looked up by route or service tags, not by ${JSON.stringify(
        tags,
      )}`,
    );
  }
  return key;
}

class LiveCatalog implements TargetGroupCatalog {
  private readonly groups = new Map<string, TaggedTargetGroup>();
  /** Creation order, which Lattice lists in. */
  private readonly sequence = new Map<string, number>();
  private nextSequence = 0;
  private readonly byTags = new KeyIndex();
  private readonly idByArn = new Map<string, string>();
  private readonly owners = new Map<string, Listeners>();
  private readonly everyone = new Listeners();

  constructor(private readonly lattice: LatticeState) {
    for (const { id } of lattice.listTargetGroups())
      this.store(lattice.readTargetGroup(id));
    lattice.subscribe(change => this.observe(change), ['targetGroup']);
  }

  get(id: string): TaggedTargetGroup | undefined {
    return this.groups.get(id);
  }

  find(identifier: string): TaggedTargetGroup | undefined {
    return this.groups.get(this.idByArn.get(identifier) ?? identifier);
  }

  withTags(tags: Tags): TaggedTargetGroup[] {
    const found = this.byTags
      .get(lookupKey(tags))
      .map(id => this.groups.get(id)!)
      .filter(tg => hasTags(tg.tags, tags));
    // Filed in creation order, unless a group's tags changed later.
    return found.length > 1
      ? found.sort(
          (a, b) => this.sequence.get(a.id)! - this.sequence.get(b.id)!,
        )
      : found;
  }

  subscribeOwned(managedBy: string, listener: Listener): () => void {
    let listeners = this.owners.get(managedBy);
    if (!listeners) {
      listeners = new Listeners();
      this.owners.set(managedBy, listeners);
    }
    return listeners.add(listener);
  }

  subscribe(listener: Listener): () => void {
    return this.everyone.add(listener);
  }

  private observe(change: LatticeChange): void {
    const targetGroup =
      change.action === 'deleted'
        ? this.forget(change.id)
        : this.store(this.lattice.readTargetGroup(change.id));
    if (!targetGroup) return;
    const told = { action: change.action, targetGroup };
    this.owners.get(targetGroup.tags[TAG_KEYS.managedBy])?.tell(told);
    this.everyone.tell(told);
  }

  /** Keeps a copy of the top level; Lattice replaces nested values and tags rather than editing them. */
  private store({
    record,
    tags,
  }: {
    record: TargetGroupRecord;
    tags: Tags;
  }): TaggedTargetGroup {
    const previous = this.groups.get(record.id);
    const tagged = { ...record, tags };
    this.groups.set(record.id, tagged);
    if (previous?.tags === tags) return tagged;
    if (!previous) {
      this.sequence.set(record.id, this.nextSequence++);
      this.idByArn.set(record.arn, record.id);
    }
    this.byTags.file(record.id, lookupKeys(tags));
    return tagged;
  }

  private forget(id: string): TaggedTargetGroup | undefined {
    const previous = this.groups.get(id);
    if (!previous) return undefined;
    this.groups.delete(id);
    this.sequence.delete(id);
    this.idByArn.delete(previous.arn);
    this.byTags.remove(id);
    return previous;
  }
}

export function targetGroupCatalog(lattice: LatticeState): TargetGroupCatalog {
  let catalog = byLattice.get(lattice);
  if (!catalog) {
    catalog = new LiveCatalog(lattice);
    byLattice.set(lattice, catalog);
  }
  return catalog;
}
