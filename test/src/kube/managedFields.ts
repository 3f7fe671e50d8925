/*
 * Field ownership in metadata.managedFields: which parts of an object a manager
 * owns, and how a create/update/patch (operation Update) moves ownership, the
 * way the API server's field manager does it.
 */
import {
  compareFields,
  fieldPaths,
  fieldsShape,
  fromFieldsV1,
  joinPath,
  toFieldsV1,
} from './fieldpath';
import type { SchemaNode } from './structure';
import type { KubeObject, ManagedFieldsEntry } from './types';

/** Which part of an object a write may touch: all of it, all but status, or only status. */
export type FieldScope = 'all' | 'main' | 'status';

export interface ManagerIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

export interface OwnedFields {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

const STATUS = 'f:status';
const STATUS_PREFIX = joinPath(STATUS, '');

/** metadata fields that are part of an object's intent; the rest are the server's. */
const OWNED_METADATA = [
  'labels',
  'annotations',
  'finalizers',
  'ownerReferences',
];

/** The part of an object whose fields managers can own, limited to a scope. */
export function trackedView(
  object: KubeObject,
  scope: FieldScope,
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key in object) {
    if (key === 'apiVersion' || key === 'kind' || object[key] === undefined)
      continue;
    const value = object[key];
    if (
      scope === 'status'
        ? key !== 'status'
        : scope === 'main' && key === 'status'
    )
      continue;
    if (key === 'metadata') {
      const metadata: Record<string, unknown> = {};
      for (const field of OWNED_METADATA) {
        if (object.metadata[field] !== undefined)
          metadata[field] = object.metadata[field];
      }
      if (Object.keys(metadata).length > 0) view.metadata = metadata;
    } else {
      view[key] = value;
    }
  }
  return view;
}

/** Replaces the tracked fields of `object` within `scope` by those of `view`. */
export function withTrackedView(
  object: KubeObject,
  view: Record<string, unknown>,
  scope: FieldScope,
): KubeObject {
  const replaced = (key: string) =>
    scope === 'status' ? key === 'status' : scope === 'all' || key !== 'status';
  const metadata: Record<string, unknown> = {};
  for (const key in object.metadata) {
    if (scope === 'status' || !OWNED_METADATA.includes(key))
      metadata[key] = object.metadata[key];
  }
  const result: Record<string, unknown> = {};
  for (const key in object) {
    if (key === 'metadata') result.metadata = metadata;
    else if (key === 'apiVersion' || key === 'kind' || !replaced(key))
      result[key] = object[key];
  }
  for (const key in view) {
    if (key === 'metadata') {
      Object.assign(metadata, view.metadata as Record<string, unknown>);
    } else {
      result[key] = view[key];
    }
  }
  return result as KubeObject;
}

export function isSameManager(
  entry: ManagedFieldsEntry,
  identity: ManagerIdentity,
): boolean {
  return (
    entry.manager === identity.manager &&
    entry.operation === identity.operation &&
    (entry.subresource ?? '') === (identity.subresource ?? '') &&
    // Appliers keep one entry across versions; updaters have one per version.
    (identity.operation === 'Apply' || entry.apiVersion === identity.apiVersion)
  );
}

/*
 * Objects of one shape own the same fields, so most writes encode a field set
 * seen before. Encodings are shared, frozen, between the objects that own the
 * same set (the store never modifies what it holds, and hands out copies), and
 * decoded once per encoding. Clients choose field names, so sharing is bounded.
 */
const SHARED_ENCODINGS_LIMIT = 10_000;
const sharedEncodings = new Map<string, Record<string, unknown>>();
const decodedEncodings = new WeakMap<object, ReadonlySet<string>>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Keys are a path set spelled out (digits first) or an object's fields shape (a brace first). */
function sharedEncoding(
  key: string,
  encode: () => Record<string, unknown>,
): Record<string, unknown> {
  let fields = sharedEncodings.get(key);
  if (!fields) {
    if (sharedEncodings.size >= SHARED_ENCODINGS_LIMIT) sharedEncodings.clear();
    fields = deepFreeze(encode());
    sharedEncodings.set(key, fields);
  }
  return fields;
}

function encodeFields(paths: ReadonlySet<string>): Record<string, unknown> {
  let key = '';
  for (const path of paths) key += `${path.length}:${path}`;
  return sharedEncoding(key, () => toFieldsV1(paths));
}

/** The managedFields of an object that apply creates: the applier owns every field it applied. */
export function createdByApply(
  view: Record<string, unknown>,
  schema: SchemaNode,
  identity: ManagerIdentity,
  now: string,
): ManagedFieldsEntry[] {
  const shape = fieldsShape(view, schema);
  if (shape.paths === 0) return [];
  return [
    {
      ...newEntry(identity, now),
      fieldsV1: sharedEncoding(shape.text, () =>
        toFieldsV1(fieldPaths(view, schema)),
      ),
    },
  ];
}

function decodeFields(fields: unknown): Set<string> {
  const shared =
    fields !== null && typeof fields === 'object' && Object.isFrozen(fields);
  if (!shared) return fromFieldsV1(fields);
  let decoded = decodedEncodings.get(fields);
  if (!decoded) {
    decoded = fromFieldsV1(fields);
    decodedEncodings.set(fields, decoded);
  }
  return new Set(decoded);
}

export function readManagedFields(
  entries: readonly ManagedFieldsEntry[] | undefined,
): OwnedFields[] {
  return (entries ?? []).map(entry => ({
    entry,
    paths: decodeFields(entry.fieldsV1),
  }));
}

/** Entries in order, without managers that no longer own anything. */
export function writeManagedFields(
  owned: readonly OwnedFields[],
): ManagedFieldsEntry[] {
  return owned
    .filter(({ paths }) => paths.size > 0)
    .map(({ entry, paths }) => ({ ...entry, fieldsV1: encodeFields(paths) }));
}

export function newEntry(
  identity: ManagerIdentity,
  time: string,
): ManagedFieldsEntry {
  return {
    manager: identity.manager,
    operation: identity.operation,
    apiVersion: identity.apiVersion,
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    ...(identity.subresource ? { subresource: identity.subresource } : {}),
  };
}

/**
 * Ownership after an Update-operation write: the writer takes every field it
 * changed (from whoever owned it), and fields that are gone are owned by nobody.
 * The writer's timestamp moves only when it changed something.
 */
export function recordUpdate(options: {
  before: KubeObject | undefined;
  after: KubeObject;
  entries: readonly ManagedFieldsEntry[] | undefined;
  schema: SchemaNode;
  identity: ManagerIdentity;
  /** Changes outside the scope (defaults filled in by the server) are owned by nobody. */
  scope: FieldScope;
  now: string;
}): ManagedFieldsEntry[] {
  const { before, after, schema, identity, scope, now } = options;
  const { changed, present } = compareFields(
    before ? trackedView(before, 'all') : {},
    trackedView(after, 'all'),
    schema,
  );
  for (const path of changed) {
    if (
      scope !== 'all' &&
      (path === STATUS || path.startsWith(STATUS_PREFIX)) !==
        (scope === 'status')
    ) {
      changed.delete(path);
    }
  }
  const owned = readManagedFields(options.entries);
  let writer = owned.find(({ entry }) => isSameManager(entry, identity));
  for (const item of owned) {
    const kept = new Set<string>();
    for (const path of item.paths) {
      if (present.has(path) && (item === writer || !changed.has(path)))
        kept.add(path);
    }
    item.paths = kept;
  }
  if (changed.size === 0) return writeManagedFields(owned);
  if (!writer) {
    writer = { entry: newEntry(identity, now), paths: new Set() };
    owned.push(writer);
  }
  for (const path of changed) writer.paths.add(path);
  writer.entry = { ...writer.entry, time: now };
  return writeManagedFields(owned);
}
