/*
 * Field paths and field sets as server-side apply sees them.
 *
 * A path is a list of elements encoded the way FieldsV1 spells them:
 * `f:name` (a field), `k:{"port":80,"protocol":"TCP"}` (a list-map item),
 * `v:"x"` (a set item) and `i:0` (an index). Paths are joined into one string so
 * sets of paths are plain Set<string>s.
 */
import { isPlainObject } from './json';
import {
  isAtomicMap,
  itemsSchema,
  listItemKey,
  listType,
  propertySchema,
  SchemaNode,
} from './structure';

const SEPARATOR = '\n';

export function joinPath(parent: string, element: string): string {
  return parent ? `${parent}${SEPARATOR}${element}` : element;
}

function pathElements(path: string): string[] {
  return path ? path.split(SEPARATOR) : [];
}

export function isAncestorPath(ancestor: string, path: string): boolean {
  return path.startsWith(ancestor + SEPARATOR);
}

/** What `walk` reports for a list item: it owns itself, whatever its value. */
const LIST_ITEM = Symbol('list item');

type Visit = (path: string, value: unknown) => void;

function walk(
  value: unknown,
  node: SchemaNode,
  path: string,
  visit: Visit,
): void {
  if (isPlainObject(value)) {
    let empty = true;
    if (!isAtomicMap(node)) {
      for (const key in value) {
        if (value[key] === undefined) continue;
        empty = false;
        walk(
          value[key],
          propertySchema(node, key),
          joinPath(path, `f:${key}`),
          visit,
        );
      }
    }
    if (empty) visit(path, value);
    return;
  }
  if (Array.isArray(value)) {
    const type = listType(node);
    if (type === 'map') {
      for (const item of value) {
        const itemPath = joinPath(
          path,
          `k:${JSON.stringify(listItemKey(node, item) ?? {})}`,
        );
        visit(itemPath, LIST_ITEM);
        if (isPlainObject(item)) {
          for (const key in item) {
            if (item[key] !== undefined) {
              walk(
                item[key],
                propertySchema(itemsSchema(node), key),
                joinPath(itemPath, `f:${key}`),
                visit,
              );
            }
          }
        }
      }
      return;
    }
    if (type === 'set') {
      for (const item of value)
        visit(joinPath(path, `v:${JSON.stringify(item)}`), LIST_ITEM);
      return;
    }
  }
  visit(path, value);
}

function walkObject(
  object: Record<string, unknown>,
  schema: SchemaNode,
  visit: Visit,
): void {
  for (const key in object) {
    if (object[key] !== undefined)
      walk(object[key], propertySchema(schema, key), `f:${key}`, visit);
  }
}

/** Non-scalar leaves (atomic lists and maps, empty maps) are told apart by their JSON text. */
class JsonText {
  constructor(readonly text: string) {}
}

/** Recorded for paths that name a list item rather than a leaf value (no JSON text is empty). */
const MEMBER = new JsonText('');

/** What flattenFields records of a value: scalars as they are, as JSON would have them. */
export type Fingerprint = string | number | boolean | null | JsonText;

function fingerprint(value: unknown): Fingerprint {
  if (value === LIST_ITEM) return MEMBER;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    default:
      return value === null ? null : new JsonText(JSON.stringify(value));
  }
}

function sameFingerprint(
  a: Fingerprint | undefined,
  b: Fingerprint | undefined,
): boolean {
  return (
    a === b ||
    (a instanceof JsonText && b instanceof JsonText && a.text === b.text)
  );
}

/**
 * Every owned path of an object with a fingerprint of its value: leaves, atomic
 * lists and maps, empty maps, and list items (which own themselves and their fields).
 */
export function flattenFields(
  object: Record<string, unknown>,
  schema: SchemaNode,
): Map<string, Fingerprint> {
  const out = new Map<string, Fingerprint>();
  walkObject(object, schema, (path, value) =>
    out.set(path, fingerprint(value)),
  );
  return out;
}

/** The owned paths of an object (flattenFields without the fingerprints). */
export function fieldPaths(
  object: Record<string, unknown>,
  schema: SchemaNode,
): Set<string> {
  const paths = new Set<string>();
  walkObject(object, schema, path => paths.add(path));
  return paths;
}

/** Paths whose value differs between two flattened objects, or that only `after` has. */
export function changedPaths(
  before: Map<string, Fingerprint>,
  after: Map<string, Fingerprint>,
): Set<string> {
  const changed = new Set<string>();
  for (const [path, value] of after) {
    if (!sameFingerprint(before.get(path), value)) changed.add(path);
  }
  return changed;
}

/** A list map with two items under one key: compareFields leaves such lists to flattenFields. */
const DUPLICATE_KEYS = Symbol('duplicate list map keys');

interface FieldChanges {
  /** Paths of `after` whose value `before` does not have there. */
  changed: Set<string>;
  /** Every path of `after` together with all its ancestors. */
  present: Set<string>;
}

function hasDefinedFields(value: Record<string, unknown>): boolean {
  for (const key in value) if (value[key] !== undefined) return true;
  return false;
}

/** What flattenFields records at a path for a value found there (undefined: nothing, it holds other paths). */
function leafFingerprint(
  value: unknown,
  node: SchemaNode,
): Fingerprint | undefined {
  if (value === undefined) return undefined;
  if (isPlainObject(value) && !isAtomicMap(node) && hasDefinedFields(value))
    return undefined;
  if (Array.isArray(value) && listType(node) !== 'atomic') return undefined;
  return fingerprint(value);
}

function listMapElement(node: SchemaNode, item: unknown): string {
  return `k:${JSON.stringify(listItemKey(node, item) ?? {})}`;
}

/** Compares the defined fields of an object whose properties `node` describes; true when any path came of it. */
function compareChildren(
  earlier: unknown,
  value: Record<string, unknown>,
  node: SchemaNode,
  parent: string,
  out: FieldChanges,
): boolean {
  const previous = isPlainObject(earlier) ? earlier : undefined;
  let emitted = false;
  for (const key in value) {
    if (value[key] === undefined) continue;
    const found = comparePaths(
      previous?.[key],
      value[key],
      propertySchema(node, key),
      joinPath(parent, `f:${key}`),
      out,
    );
    emitted = emitted || found;
  }
  return emitted;
}

function compareListMap(
  before: unknown,
  after: unknown[],
  node: SchemaNode,
  path: string,
  out: FieldChanges,
): void {
  const earlier = new Map<string, unknown>();
  for (const item of Array.isArray(before) ? before : []) {
    const element = listMapElement(node, item);
    if (earlier.has(element)) throw DUPLICATE_KEYS;
    earlier.set(element, item);
  }
  const seen = new Set<string>();
  for (const item of after) {
    const element = listMapElement(node, item);
    if (seen.has(element)) throw DUPLICATE_KEYS;
    seen.add(element);
    const itemPath = joinPath(path, element);
    out.present.add(itemPath);
    if (!earlier.has(element)) out.changed.add(itemPath);
    if (isPlainObject(item))
      compareChildren(
        earlier.get(element),
        item,
        itemsSchema(node),
        itemPath,
        out,
      );
  }
}

function compareSet(
  before: unknown,
  after: unknown[],
  path: string,
  out: FieldChanges,
): void {
  const earlier = new Set(
    Array.isArray(before) ? before.map(item => JSON.stringify(item)) : [],
  );
  for (const item of after) {
    const text = JSON.stringify(item);
    const itemPath = joinPath(path, `v:${text}`);
    out.present.add(itemPath);
    if (!earlier.has(text)) out.changed.add(itemPath);
  }
}

/** Walks `after` and, alongside, whatever `before` holds at the same paths; true when `after` has any path here. */
function comparePaths(
  before: unknown,
  after: unknown,
  node: SchemaNode,
  path: string,
  out: FieldChanges,
): boolean {
  let emitted = true;
  if (isPlainObject(after) && !isAtomicMap(node) && hasDefinedFields(after)) {
    emitted = compareChildren(before, after, node, path, out);
  } else if (Array.isArray(after) && listType(node) === 'map') {
    compareListMap(before, after, node, path, out);
    emitted = after.length > 0;
  } else if (Array.isArray(after) && listType(node) === 'set') {
    compareSet(before, after, path, out);
    emitted = after.length > 0;
  } else if (
    !sameFingerprint(leafFingerprint(before, node), fingerprint(after))
  ) {
    out.changed.add(path);
  }
  if (emitted) out.present.add(path);
  return emitted;
}

/**
 * What an update changed, as comparing flattenFields of both objects tells,
 * and which paths the result has: walks `before` only where `after` goes.
 */
export function compareFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  schema: SchemaNode,
): FieldChanges {
  const out: FieldChanges = { changed: new Set(), present: new Set() };
  try {
    for (const key in after) {
      if (after[key] !== undefined)
        comparePaths(
          before[key],
          after[key],
          propertySchema(schema, key),
          `f:${key}`,
          out,
        );
    }
    return out;
  } catch (error) {
    if (error !== DUPLICATE_KEYS) throw error;
    const afterFlat = flattenFields(after, schema);
    return {
      changed: changedPaths(flattenFields(before, schema), afterFlat),
      present: presentPaths(afterFlat),
    };
  }
}

/** The paths of a flattened object together with all their ancestors. */
function presentPaths(flat: Map<string, Fingerprint>): Set<string> {
  const present = new Set<string>();
  for (const path of flat.keys()) {
    for (
      let current = path;
      current && !present.has(current);
      current = parentPath(current)
    ) {
      present.add(current);
    }
  }
  return present;
}

interface FieldsNode {
  member: boolean;
  children: Map<string, FieldsNode>;
}

/** Encodes a set of paths as FieldsV1 (`{"f:spec":{"f:x":{}}}`, with "." for owned nodes that have children). */
export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: FieldsNode = { member: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const element of pathElements(path)) {
      let child = node.children.get(element);
      if (!child) {
        child = { member: false, children: new Map() };
        node.children.set(element, child);
      }
      node = child;
    }
    node.member = true;
  }
  const encode = (node: FieldsNode): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (node.member && node.children.size > 0) out['.'] = {};
    for (const key of [...node.children.keys()].sort()) {
      out[key] = encode(node.children.get(key)!);
    }
    return out;
  };
  return encode(root);
}

export interface FieldsShape {
  text: string;
  /** How many owned paths it has. */
  paths: number;
}

function appendFields(
  object: Record<string, unknown>,
  node: SchemaNode,
  shape: FieldsShape,
): void {
  shape.text += '{';
  for (const key in object) {
    if (object[key] === undefined) continue;
    shape.text += `${key.length}:${key}`;
    appendShape(object[key], propertySchema(node, key), shape);
  }
  shape.text += '}';
}

function appendShape(
  value: unknown,
  node: SchemaNode,
  shape: FieldsShape,
): void {
  if (isPlainObject(value) && !isAtomicMap(node) && hasDefinedFields(value)) {
    appendFields(value, node, shape);
  } else if (Array.isArray(value) && listType(node) === 'map') {
    shape.text += '[';
    for (const item of value) {
      const element = JSON.stringify(listItemKey(node, item) ?? {});
      shape.text += `${element.length}:${element}`;
      shape.paths += 1;
      if (isPlainObject(item)) appendFields(item, itemsSchema(node), shape);
    }
    shape.text += ']';
  } else if (Array.isArray(value) && listType(node) === 'set') {
    shape.text += '<';
    for (const item of value) {
      const element = String(JSON.stringify(item));
      shape.text += `${element.length}:${element}`;
      shape.paths += 1;
    }
    shape.text += '>';
  } else {
    shape.text += '.';
    shape.paths += 1;
  }
}

/**
 * The shape of an object's owned paths as one string: objects that own the
 * same fields, built the same way, have the same shape (others may share
 * a field set under different shapes). Walks as fieldPaths does, without
 * spelling out a path.
 */
export function fieldsShape(
  object: Record<string, unknown>,
  schema: SchemaNode,
): FieldsShape {
  const shape: FieldsShape = { text: '', paths: 0 };
  appendFields(object, schema, shape);
  return shape;
}

export function fromFieldsV1(fields: unknown): Set<string> {
  const paths = new Set<string>();
  const decode = (node: unknown, path: string) => {
    if (!isPlainObject(node)) return;
    const keys = Object.keys(node).filter(key => key !== '.');
    if (path && (keys.length === 0 || '.' in node)) paths.add(path);
    for (const key of keys) decode(node[key], joinPath(path, key));
  };
  decode(fields, '');
  return paths;
}

/** A path as conflict messages print it: `.spec.ports[port=80,protocol="TCP"].name`. */
export function formatPath(path: string): string {
  return pathElements(path)
    .map(element => {
      const body = element.slice(2);
      switch (element.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const key = JSON.parse(body) as Record<string, unknown>;
          const parts = Object.entries(key).map(
            ([name, value]) =>
              `${name}=${
                typeof value === 'string'
                  ? JSON.stringify(value)
                  : String(value)
              }`,
          );
          return `[${parts.join(',')}]`;
        }
        case 'v:':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

function findListItem(
  list: unknown[],
  element: string,
  node: SchemaNode,
): number {
  const body = element.slice(2);
  if (element.startsWith('i:')) return Number(body);
  if (element.startsWith('v:'))
    return list.findIndex(item => JSON.stringify(item) === body);
  return list.findIndex(
    item => JSON.stringify(listItemKey(node, item) ?? {}) === body,
  );
}

interface Location {
  container: Record<string, unknown> | unknown[];
  /** Field name or list index of the addressed value within its container. */
  at: string | number;
}

/** Finds where the value at a path lives; undefined when any step is missing. */
function locatePath(
  object: Record<string, unknown>,
  path: string,
  schema: SchemaNode,
): Location | undefined {
  const elements = pathElements(path);
  let container: unknown = object;
  let node = schema;
  for (let index = 0; index < elements.length; index += 1) {
    const element = elements[index];
    let at: string | number;
    if (element.startsWith('f:') && isPlainObject(container)) {
      at = element.slice(2);
      if (!(at in container)) return undefined;
      node = propertySchema(node, at);
    } else if (Array.isArray(container)) {
      at = findListItem(container, element, node);
      if (at < 0) return undefined;
      node = itemsSchema(node);
    } else {
      return undefined;
    }
    if (index === elements.length - 1) return { container, at } as Location;
    container = (container as Record<string | number, unknown>)[at];
  }
  return undefined;
}

export function readPath(
  object: Record<string, unknown>,
  path: string,
  schema: SchemaNode,
): unknown {
  const location = locatePath(object, path, schema);
  return location
    ? (location.container as Record<string | number, unknown>)[location.at]
    : undefined;
}

/** Removes the value at a path (a field, or a list item) in place; missing paths are ignored. */
export function removePath(
  object: Record<string, unknown>,
  path: string,
  schema: SchemaNode,
): void {
  const location = locatePath(object, path, schema);
  if (!location) return;
  if (Array.isArray(location.container)) {
    location.container.splice(location.at as number, 1);
  } else {
    delete location.container[location.at as string];
  }
}

export function parentPath(path: string): string {
  const cut = path.lastIndexOf(SEPARATOR);
  return cut < 0 ? '' : path.slice(0, cut);
}
