/*
 * Server-side apply as a pure function: merge a manager's applied configuration
 * into the live object, refuse (or, with force, take) fields other managers own
 * with different values, and remove fields the manager applied before but no
 * longer does when nobody else owns them.
 */
import { applyConflict, StatusCause } from './errors';
import {
  changedPaths,
  fieldPaths,
  flattenFields,
  formatPath,
  isAncestorPath,
  parentPath,
  readPath,
  removePath,
} from './fieldpath';
import { cloneJson, deepEqual, isPlainObject } from './json';
import {
  createdByApply,
  FieldScope,
  isSameManager,
  ManagerIdentity,
  newEntry,
  OwnedFields,
  readManagedFields,
  trackedView,
  writeManagedFields,
} from './managedFields';
import {
  isAtomicMap,
  itemsSchema,
  listItemKey,
  listType,
  propertySchema,
  SchemaNode,
} from './structure';
import type { KubeObject, ManagedFieldsEntry } from './types';

export interface ApplyRequest {
  /** The object as stored, or undefined when apply creates it. */
  live: KubeObject | undefined;
  /** The manager's applied configuration (its full intent). */
  applied: KubeObject;
  schema: SchemaNode;
  scope: FieldScope;
  manager: string;
  apiVersion: string;
  subresource?: string;
  force: boolean;
  now: string;
}

export interface ApplyResult {
  /**
   * The tracked fields (see trackedView) of the object after the apply, within
   * the scope. Shares structure with `live` and `applied`, which must not be
   * modified afterwards.
   */
  view: Record<string, unknown>;
  managedFields: ManagedFieldsEntry[];
}

/** The live view with the applied one merged in; shares what it can with both (neither is modified). */
function mergeApplied(
  live: unknown,
  applied: unknown,
  node: SchemaNode,
): unknown {
  if (isPlainObject(applied)) {
    if (!isPlainObject(live) || isAtomicMap(node)) return applied;
    const result: Record<string, unknown> = { ...live };
    for (const key in applied) {
      if (applied[key] === null) delete result[key];
      else
        result[key] = mergeApplied(
          live[key],
          applied[key],
          propertySchema(node, key),
        );
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const type = listType(node);
    if (type === 'map') {
      const result = live.slice();
      const identity = (item: unknown) =>
        JSON.stringify(listItemKey(node, item) ?? {});
      for (const item of applied) {
        const index = result.findIndex(
          existing => identity(existing) === identity(item),
        );
        if (index >= 0)
          result[index] = mergeApplied(result[index], item, itemsSchema(node));
        else result.push(item);
      }
      return result;
    }
    if (type === 'set') {
      const result = live.slice();
      for (const item of applied) {
        if (!result.some(existing => deepEqual(existing, item)))
          result.push(item);
      }
      return result;
    }
  }
  return applied;
}

/** How conflict messages name a manager, as the API server prints it. */
function describeManager(entry: ManagedFieldsEntry): string {
  const name = entry.subresource
    ? `"${entry.manager}" with subresource "${entry.subresource}"`
    : `"${entry.manager}"`;
  const at =
    entry.operation === 'Update' && entry.time ? ` at ${entry.time}` : '';
  return `${name} using ${entry.apiVersion}${at}`;
}

function conflictError(
  conflicts: Array<{ owner: ManagedFieldsEntry; path: string }>,
): Error {
  const causes: StatusCause[] = conflicts.map(({ owner, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(owner)}`,
    field: formatPath(path),
  }));
  if (conflicts.length === 1) {
    const [{ owner, path }] = conflicts;
    return applyConflict(
      `Apply failed with 1 conflict: conflict with ${describeManager(
        owner,
      )}: ${formatPath(path)}`,
      causes,
    );
  }
  const byManager = new Map<string, string[]>();
  for (const { owner, path } of conflicts) {
    const manager = describeManager(owner);
    byManager.set(manager, [
      ...(byManager.get(manager) ?? []),
      formatPath(path),
    ]);
  }
  const lines = [...byManager.keys()]
    .sort()
    .flatMap(manager => [
      `conflicts with ${manager}:`,
      ...byManager.get(manager)!.map(path => `- ${path}`),
    ]);
  return applyConflict(
    `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`,
    causes,
  );
}

function ownedByOthers(
  owned: readonly OwnedFields[],
  self: OwnedFields | undefined,
  path: string,
): boolean {
  return owned.some(
    item =>
      item !== self &&
      [...item.paths].some(
        other => other === path || isAncestorPath(path, other),
      ),
  );
}

/** Removes a path, then any map it leaves empty that nobody owns in its own right. */
function removeDisowned(
  view: Record<string, unknown>,
  path: string,
  schema: SchemaNode,
  isOwned: (path: string) => boolean,
): void {
  removePath(view, path, schema);
  for (let parent = parentPath(path); parent; parent = parentPath(parent)) {
    const value = readPath(view, parent, schema);
    if (
      !isPlainObject(value) ||
      Object.keys(value).length > 0 ||
      isOwned(parent)
    )
      return;
    removePath(view, parent, schema);
  }
}

/** Paths whose value the apply changes, adds or removes. */
function changedFields(
  liveView: Record<string, unknown>,
  view: Record<string, unknown>,
  schema: SchemaNode,
): Set<string> {
  const liveFlat = flattenFields(liveView, schema);
  const mergedFlat = flattenFields(view, schema);
  const changed = changedPaths(liveFlat, mergedFlat);
  for (const path of liveFlat.keys())
    if (!mergedFlat.has(path)) changed.add(path);
  return changed;
}

export function serverSideApply(request: ApplyRequest): ApplyResult {
  const { live, applied, schema, scope, force, now } = request;
  const identity: ManagerIdentity = {
    manager: request.manager,
    operation: 'Apply',
    apiVersion: request.apiVersion,
    subresource: request.subresource,
  };
  const appliedView = trackedView(applied, scope);
  if (!live) {
    // Nothing to merge with and nobody else's fields: the applier owns all it applied.
    return {
      view: mergeApplied({}, appliedView, schema) as Record<string, unknown>,
      managedFields: createdByApply(appliedView, schema, identity, now),
    };
  }
  const liveView = trackedView(live, scope);
  const appliedPaths = fieldPaths(appliedView, schema);
  const merged = mergeApplied(liveView, appliedView, schema) as Record<
    string,
    unknown
  >;

  const owned = readManagedFields(live.metadata.managedFields);
  const self = owned.find(({ entry }) => isSameManager(entry, identity));
  // Only fields other managers own can conflict.
  const changed = owned.some(item => item !== self)
    ? changedFields(liveView, merged, schema)
    : new Set<string>();
  const conflicts: Array<{
    owner: ManagedFieldsEntry;
    path: string;
    item: OwnedFields;
  }> = [];
  for (const item of owned) {
    if (item === self) continue;
    for (const path of item.paths) {
      if (changed.has(path)) conflicts.push({ owner: item.entry, path, item });
    }
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);
  for (const { item, path } of conflicts) item.paths.delete(path);

  const isOwned = (path: string) =>
    appliedPaths.has(path) ||
    owned.some(item => item !== self && item.paths.has(path));
  const disowned = [...(self?.paths ?? [])].filter(
    path => !appliedPaths.has(path) && !ownedByOthers(owned, self, path),
  );
  // Removing edits containers in place, and the merged view shares them with live and applied.
  const view = disowned.length > 0 ? cloneJson(merged) : merged;
  for (const path of disowned) removeDisowned(view, path, schema, isOwned);

  const unchanged =
    conflicts.length === 0 &&
    self !== undefined &&
    self.entry.apiVersion === identity.apiVersion &&
    self.paths.size === appliedPaths.size &&
    [...appliedPaths].every(path => self.paths.has(path)) &&
    deepEqual(liveView, view);
  const entry =
    self && unchanged
      ? self.entry
      : {
          ...(self?.entry ?? newEntry(identity, now)),
          apiVersion: identity.apiVersion,
          time: now,
        };
  const mine: OwnedFields = { entry, paths: appliedPaths };
  const managedFields = writeManagedFields(
    self ? owned.map(item => (item === self ? mine : item)) : [...owned, mine],
  );
  return { view, managedFields };
}
