/*
 * Stored JSON as CEL values, the way the API server hands objects to rules
 * (UnstructuredToVal in k8s.io/apiserver/pkg/cel/common): integers are CEL
 * ints, numbers doubles, date-times timestamps; objects are maps keyed by
 * escaped property names, where a null field counts as absent; lists keep
 * their x-kubernetes-list-type, so `==` on a set or a map-list ignores order
 * and `+` unions or merges them.
 */
import {
  celList,
  celMap,
  isCelList,
  isCelMap,
  parse,
  plan,
  celEnv,
  isCelError,
  type CelList,
  type CelMap,
  type CelValue,
} from '@bufbuild/cel';
import { isPlainObject } from '../json';
import type { JSONSchemaProps } from '../types';
import { escapeProperty } from './types';

type ListSemantics = { type: 'set' } | { type: 'map'; keys: string[] };

/** The list-type of lists built from stored data; lists built by expressions are atomic. */
const listSemantics = new WeakMap<CelList, ListSemantics>();

/** Values of library types (url, ip, cidr, optional) by the map that stands for them at run time. */
export interface OpaqueValue {
  type: string;
  /** The canonical text, which equality compares; undefined for optional.none(). */
  text?: string;
  value?: unknown;
}
const opaqueValues = new WeakMap<CelMap, OpaqueValue>();

export function opaque(value: OpaqueValue): CelMap {
  const carrier = celMap(new Map());
  opaqueValues.set(carrier, value);
  return carrier;
}

export function opaqueOf(
  value: unknown,
  type?: string,
): OpaqueValue | undefined {
  if (!isCelMap(value)) return undefined;
  const found = opaqueValues.get(value);
  return found && (!type || found.type === type) ? found : undefined;
}

// Conversions the standard library already does (its parsers), reused for stored strings.
const stdEnv = celEnv();
const conversions = {
  timestamp: plan(stdEnv, parse('timestamp(s)')),
  duration: plan(stdEnv, parse('duration(s)')),
  equals: plan(stdEnv, parse('a == b')),
};

function converted(
  program: (typeof conversions)['timestamp'],
  bindings: Record<string, CelValue>,
): CelValue {
  const result = program(bindings as never);
  if (isCelError(result)) throw result;
  return result;
}

/** Base64 as the server decodes a `format: byte` string. */
function bytesOf(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * One validation pass converts each stored value once, even when rules at
 * several levels see it: the cache is keyed by the stored object and schema.
 */
export class ValueConverter {
  private readonly cache = new WeakMap<
    object,
    Map<JSONSchemaProps, CelValue>
  >();

  /** `resourceRoot`: apiVersion, kind, metadata.name and metadata.generateName are visible whatever the schema says. */
  toCel(
    value: unknown,
    schema: JSONSchemaProps,
    resourceRoot = false,
  ): CelValue {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object') return scalarToCel(value, schema);
    let bySchema = this.cache.get(value);
    const cached = bySchema?.get(schema);
    if (cached !== undefined && !resourceRoot) return cached;
    const result = Array.isArray(value)
      ? this.listToCel(value, schema)
      : this.objectToCel(
          value as Record<string, unknown>,
          schema,
          resourceRoot,
        );
    if (!resourceRoot) {
      if (!bySchema) {
        bySchema = new Map();
        this.cache.set(value, bySchema);
      }
      bySchema.set(schema, result);
    }
    return result;
  }

  private listToCel(items: unknown[], schema: JSONSchemaProps): CelValue {
    const itemSchema = schema.items ?? {};
    const list = celList(items.map(item => this.toCel(item, itemSchema)));
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') listSemantics.set(list, { type: 'set' });
    if (listType === 'map') {
      listSemantics.set(list, {
        type: 'map',
        keys: (schema['x-kubernetes-list-map-keys'] ?? []).map(
          key => escapeProperty(key) ?? key,
        ),
      });
    }
    return list;
  }

  private objectToCel(
    object: Record<string, unknown>,
    schema: JSONSchemaProps,
    resourceRoot: boolean,
  ): CelValue {
    const entries = new Map<string, CelValue>();
    const additional = schema.additionalProperties;
    if (
      typeof additional === 'object' &&
      additional !== null &&
      !schema.properties
    ) {
      for (const [key, item] of Object.entries(object))
        entries.set(key, this.toCel(item, additional));
      return celMap(entries);
    }
    const properties = schema.properties ?? {};
    for (const [key, item] of Object.entries(object)) {
      // A null field of an object is an absent one.
      if (item === null || item === undefined) continue;
      const escaped = escapeProperty(key);
      if (!escaped) continue;
      if (resourceRoot && key === 'metadata' && isPlainObject(item)) {
        const metadata = new Map<string, CelValue>();
        for (const field of ['name', 'generateName']) {
          if (typeof item[field] === 'string')
            metadata.set(field, item[field] as string);
        }
        entries.set(key, celMap(metadata));
        continue;
      }
      const property = properties[key];
      if (property) entries.set(escaped, this.toCel(item, property));
      else if (
        resourceRoot &&
        (key === 'apiVersion' || key === 'kind') &&
        typeof item === 'string'
      )
        entries.set(key, item);
    }
    return celMap(entries);
  }
}

function scalarToCel(value: unknown, schema: JSONSchemaProps): CelValue {
  if (typeof value === 'number') {
    const integral = Number.isInteger(value);
    if (schema.type === 'number' || !integral) return value;
    return BigInt(value);
  }
  if (typeof value === 'string') {
    if (
      schema['x-kubernetes-int-or-string'] === true ||
      schema.type !== 'string'
    )
      return value;
    switch (schema.format) {
      case 'byte':
        return bytesOf(value);
      case 'duration':
        return converted(conversions.duration, { s: value });
      case 'date':
        return converted(conversions.timestamp, { s: `${value}T00:00:00Z` });
      case 'date-time':
        return converted(conversions.timestamp, { s: value });
      default:
        return value;
    }
  }
  return value as CelValue;
}

// ---------------------------------------------------------------------------
// Equality and concatenation with the list types

function mapKeyOf(item: CelValue, keys: readonly string[]): string {
  if (!isCelMap(item)) return '';
  return JSON.stringify(
    keys.map(key => {
      const value = item.get(key);
      return typeof value === 'bigint' ? `${value}n` : value ?? null;
    }),
  );
}

function containsEqual(list: CelList, item: CelValue): boolean {
  for (const candidate of list) if (celEquals(candidate, item)) return true;
  return false;
}

function listEquals(left: CelList, right: CelList): boolean {
  if (left.size !== right.size) return false;
  const semantics = listSemantics.get(left) ?? listSemantics.get(right);
  if (semantics?.type === 'set') {
    for (const item of right) if (!containsEqual(left, item)) return false;
    return true;
  }
  if (semantics?.type === 'map') {
    const byKey = new Map<string, CelValue>();
    for (const item of left) byKey.set(mapKeyOf(item, semantics.keys), item);
    for (const item of right) {
      const key = mapKeyOf(item, semantics.keys);
      if (!byKey.has(key) || !celEquals(byKey.get(key)!, item)) return false;
    }
    return true;
  }
  for (let index = 0; index < left.size; index++) {
    if (!celEquals(left.get(index)!, right.get(index)!)) return false;
  }
  return true;
}

/** CEL equality, with the Kubernetes list types; everything else as the standard library compares it. */
export function celEquals(left: CelValue, right: CelValue): boolean {
  if (isCelList(left) && isCelList(right)) return listEquals(left, right);
  const leftOpaque = opaqueOf(left);
  const rightOpaque = opaqueOf(right);
  if (leftOpaque || rightOpaque) {
    return (
      leftOpaque?.type === rightOpaque?.type &&
      leftOpaque?.text === rightOpaque?.text
    );
  }
  if (isCelMap(left) && isCelMap(right)) {
    if (left.size !== right.size) return false;
    for (const [key, value] of left) {
      if (!right.has(key) || !celEquals(value, right.get(key)!)) return false;
    }
    return true;
  }
  return converted(conversions.equals, { a: left, b: right }) === true;
}

/** `x in list`, comparing as `==` does. */
export function celInList(item: CelValue, list: CelList): boolean {
  return containsEqual(list, item);
}

/** `a + b` of lists: a set unions, a map-list merges by key (b wins), other lists concatenate. */
export function celListAdd(left: CelList, right: CelList): CelList {
  const semantics = listSemantics.get(left);
  const items = [...left];
  if (semantics?.type === 'set') {
    for (const item of right) if (!containsEqual(left, item)) items.push(item);
  } else if (semantics?.type === 'map') {
    const positions = new Map(
      items.map((item, index) => [mapKeyOf(item, semantics.keys), index]),
    );
    for (const item of right) {
      const key = mapKeyOf(item, semantics.keys);
      const at = positions.get(key);
      if (at === undefined) {
        positions.set(key, items.length);
        items.push(item);
      } else items[at] = item;
    }
  } else {
    items.push(...right);
  }
  const result = celList(items);
  if (semantics) listSemantics.set(result, semantics);
  return result;
}
