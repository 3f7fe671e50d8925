/*
 * Reading the structural hints of an OpenAPI v3 schema node: how maps and lists
 * merge (x-kubernetes-list-type, x-kubernetes-map-type) and how strategic merge
 * patch keys them (x-kubernetes-patch-merge-key). An absent schema means
 * "granular maps, atomic lists", which is what a real server does without hints.
 */
import { isPlainObject } from './json';
import type { JSONSchemaProps } from './types';

export type SchemaNode = JSONSchemaProps | undefined;

export function propertySchema(node: SchemaNode, key: string): SchemaNode {
  const declared = node?.properties?.[key];
  if (declared) return declared;
  return typeof node?.additionalProperties === 'object'
    ? node.additionalProperties
    : undefined;
}

export function itemsSchema(node: SchemaNode): SchemaNode {
  return node?.items;
}

export type ListType = 'atomic' | 'set' | 'map';

export function listType(node: SchemaNode): ListType {
  return node?.['x-kubernetes-list-type'] ?? 'atomic';
}

export function isAtomicMap(node: SchemaNode): boolean {
  return node?.['x-kubernetes-map-type'] === 'atomic';
}

export function patchMergeKey(node: SchemaNode): string | undefined {
  return node?.['x-kubernetes-patch-merge-key'];
}

export function mergesByStrategy(node: SchemaNode): boolean {
  return (node?.['x-kubernetes-patch-strategy'] ?? '')
    .split(',')
    .includes('merge');
}

const sortedKeyNames = new WeakMap<JSONSchemaProps, string[]>();

/** A list map's key field names in order; keyed once per schema node, as every item of every write asks. */
function keyNames(node: SchemaNode): string[] {
  if (!node) return [];
  let names = sortedKeyNames.get(node);
  if (!names) {
    names = (node['x-kubernetes-list-map-keys'] ?? []).slice().sort();
    sortedKeyNames.set(node, names);
  }
  return names;
}

/** The key fields of a list-map item, with schema defaults filled in as a real server does. */
export function listItemKey(
  node: SchemaNode,
  item: unknown,
): Record<string, unknown> | undefined {
  const keys = keyNames(node);
  if (keys.length === 0 || !isPlainObject(item)) return undefined;
  const itemNode = itemsSchema(node);
  const key: Record<string, unknown> = {};
  for (const name of keys) {
    const value = item[name] ?? propertySchema(itemNode, name)?.default;
    if (value !== undefined) key[name] = value;
  }
  return key;
}
