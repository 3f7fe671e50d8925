/*
 * Every target group of a Lattice account with its tags, kept current from
 * Lattice's change feed and shared by all controllers on that account: the
 * controllers look groups up by owner tags on every pass, and listing plus
 * ListTagsForResource for thousands of groups each time would not scale.
 */
import {
  LatticeChange,
  LatticeState,
  Tags,
  TargetGroupRecord,
} from '../lattice/types';
import { hasTags, TAG_KEYS } from './naming';

export interface TaggedTargetGroup extends TargetGroupRecord {
  tags: Tags;
}

export interface TargetGroupCatalog {
  /** In Lattice's list order (creation order). Treat the records as read-only. */
  all(): TaggedTargetGroup[];
  get(id: string): TaggedTargetGroup | undefined;
  /** The groups carrying all these tags, which must include the ServiceName tag. */
  withOwnerTags(ownerTags: Tags): TaggedTargetGroup[];
}

const byLattice = new WeakMap<LatticeState, TargetGroupCatalog>();

function ownerKey(tags: Tags): string {
  return `${tags[TAG_KEYS.serviceNamespace]}/${tags[TAG_KEYS.serviceName]}`;
}

class LiveCatalog implements TargetGroupCatalog {
  private readonly groups = new Map<string, TaggedTargetGroup>();
  /** Ids by ServiceNamespace/ServiceName, the tags every owner lookup includes. */
  private readonly byOwner = new Map<string, Set<string>>();

  constructor(private readonly lattice: LatticeState) {
    for (const tg of lattice.listTargetGroups()) this.store(tg);
    lattice.subscribe(change => this.observe(change));
  }

  all(): TaggedTargetGroup[] {
    return [...this.groups.values()];
  }

  get(id: string): TaggedTargetGroup | undefined {
    return this.groups.get(id);
  }

  withOwnerTags(ownerTags: Tags): TaggedTargetGroup[] {
    const ids = this.byOwner.get(ownerKey(ownerTags)) ?? new Set<string>();
    return this.all().filter(
      tg => ids.has(tg.id) && hasTags(tg.tags, ownerTags),
    );
  }

  private observe(change: LatticeChange): void {
    if (change.kind !== 'targetGroup') return;
    if (change.action === 'deleted') {
      this.forget(change.id);
      return;
    }
    this.store(this.lattice.getTargetGroup(change.id));
  }

  /** A Map keeps a key's first insertion position, so updates stay in creation order. */
  private store(record: TargetGroupRecord): void {
    const previous = this.groups.get(record.id);
    if (previous) this.byOwner.get(ownerKey(previous.tags))?.delete(record.id);
    const tagged = { ...record, tags: this.lattice.tagsOf(record.arn) };
    this.groups.set(record.id, tagged);
    const key = ownerKey(tagged.tags);
    if (!this.byOwner.has(key)) this.byOwner.set(key, new Set());
    this.byOwner.get(key)!.add(record.id);
  }

  private forget(id: string): void {
    const previous = this.groups.get(id);
    if (!previous) return;
    this.byOwner.get(ownerKey(previous.tags))?.delete(id);
    this.groups.delete(id);
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
