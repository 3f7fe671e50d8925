/*
 * The three patch formats a real API server accepts besides apply: JSON merge
 * patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch (built-in
 * kinds only, keyed by the schema's x-kubernetes-patch-merge-key). All are pure:
 * they return a new value and never touch their inputs.
 */
import { badRequest, patchNotApplicable } from './errors';
import { cloneJson, deepEqual, isPlainObject } from './json';
import {
  itemsSchema,
  mergesByStrategy,
  patchMergeKey,
  propertySchema,
  SchemaNode,
} from './structure';

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(cloneJson(target), patch);
}

/** Merges a patch into a copy the caller owns, editing it in place. */
function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergeInto(result[key], value);
    }
  }
  return result;
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

const OPERATIONS = new Set([
  'add',
  'remove',
  'replace',
  'move',
  'copy',
  'test',
]);

/** Checks a decoded JSON patch body; a malformed patch is a 400 as on a real server. */
export function parseJsonPatch(body: unknown): JsonPatchOperation[] {
  if (!Array.isArray(body)) {
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  return body.map(operation => {
    if (!isPlainObject(operation) || typeof operation.op !== 'string') {
      throw badRequest(
        'json: cannot unmarshal into Go value of type jsonpatch.Operation',
      );
    }
    if (!OPERATIONS.has(operation.op)) {
      throw badRequest(`Unexpected kind: ${operation.op}`);
    }
    return operation as unknown as JsonPatchOperation;
  });
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw patchNotApplicable(
      `JSON pointer must be empty or start with a "/": ${pointer}`,
    );
  }
  return pointer
    .slice(1)
    .split('/')
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function childAt(container: unknown, part: string): unknown {
  if (Array.isArray(container)) return container[Number(part)];
  return isPlainObject(container) ? container[part] : undefined;
}

function locate(
  document: unknown,
  parts: string[],
  pointer: string,
  operation: string,
): Container {
  let current = document;
  for (const part of parts.slice(0, -1)) {
    const next = childAt(current, part);
    if (next === undefined || next === null || typeof next !== 'object') {
      throw patchNotApplicable(
        `${operation} operation does not apply: doc is missing path: "${pointer}": missing value`,
      );
    }
    current = next;
  }
  if (current === null || typeof current !== 'object') {
    throw patchNotApplicable(
      `${operation} operation does not apply: doc is missing path: "${pointer}": missing value`,
    );
  }
  return current as Container;
}

function arrayIndex(
  array: unknown[],
  part: string,
  allowEnd: boolean,
  pointer: string,
): number {
  if (allowEnd && part === '-') return array.length;
  const index = Number(part);
  const limit = allowEnd ? array.length : array.length - 1;
  if (!/^(0|[1-9][0-9]*)$/.test(part) || index > limit) {
    throw patchNotApplicable(
      `Unable to access invalid index: ${part}: invalid index referenced: ${pointer}`,
    );
  }
  return index;
}

function read(document: unknown, pointer: string, operation: string): unknown {
  const parts = decodePointer(pointer);
  if (parts.length === 0) return document;
  const container = locate(document, parts, pointer, operation);
  const last = parts[parts.length - 1];
  const value = Array.isArray(container)
    ? container[arrayIndex(container, last, false, pointer)]
    : container[last];
  if (value === undefined) {
    throw patchNotApplicable(
      `${operation} operation does not apply: doc is missing key: ${pointer}: missing value`,
    );
  }
  return value;
}

function remove(
  document: unknown,
  pointer: string,
  operation: string,
): unknown {
  const parts = decodePointer(pointer);
  const container = locate(document, parts, pointer, operation);
  const last = parts[parts.length - 1];
  if (Array.isArray(container)) {
    return container.splice(arrayIndex(container, last, false, pointer), 1)[0];
  }
  if (!(last in container)) {
    throw patchNotApplicable(
      `Unable to remove nonexistent key: ${last}: missing value`,
    );
  }
  const removed = container[last];
  delete container[last];
  return removed;
}

function add(
  document: unknown,
  pointer: string,
  value: unknown,
  operation: string,
): unknown {
  const parts = decodePointer(pointer);
  if (parts.length === 0) return value;
  const container = locate(document, parts, pointer, operation);
  const last = parts[parts.length - 1];
  if (Array.isArray(container)) {
    container.splice(arrayIndex(container, last, true, pointer), 0, value);
  } else {
    container[last] = value;
  }
  return document;
}

export function applyJsonPatch(
  target: unknown,
  operations: readonly JsonPatchOperation[],
): unknown {
  let document = cloneJson(target);
  for (const operation of operations) {
    const { op, path } = operation;
    switch (op) {
      case 'add':
        document = add(document, path, cloneJson(operation.value), op);
        break;
      case 'remove':
        remove(document, path, op);
        break;
      case 'replace':
        read(document, path, op);
        if (path === '') {
          document = cloneJson(operation.value);
        } else {
          remove(document, path, op);
          document = add(document, path, cloneJson(operation.value), op);
        }
        break;
      case 'move': {
        const value = remove(document, operation.from ?? '', op);
        document = add(document, path, value, op);
        break;
      }
      case 'copy':
        document = add(
          document,
          path,
          cloneJson(read(document, operation.from ?? '', op)),
          op,
        );
        break;
      case 'test':
        if (!deepEqual(read(document, path, op), operation.value)) {
          throw patchNotApplicable(`testing value ${path} failed: test failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${String(op)}`);
    }
  }
  return document;
}

const DIRECTIVE = '$patch';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const RETAIN_KEYS = '$retainKeys';

function orderBy(
  list: unknown[],
  order: unknown[],
  mergeKey: string | undefined,
): unknown[] {
  const identity = (item: unknown) =>
    JSON.stringify(mergeKey && isPlainObject(item) ? item[mergeKey] : item);
  const rank = new Map(order.map((item, index) => [identity(item), index]));
  return list
    .map((item, index) => ({
      item,
      index,
      rank: rank.get(identity(item)) ?? order.length + index,
    }))
    .sort((a, b) => a.rank - b.rank)
    .map(entry => entry.item);
}

function mergeStrategicList(
  target: unknown,
  patch: unknown[],
  node: SchemaNode,
): unknown[] {
  const current = Array.isArray(target) ? cloneJson(target) : [];
  if (
    patch.some(item => isPlainObject(item) && item[DIRECTIVE] === 'replace')
  ) {
    return cloneJson(
      patch.filter(
        item => !(isPlainObject(item) && item[DIRECTIVE] === 'replace'),
      ),
    );
  }
  const mergeKey = patchMergeKey(node);
  if (!mergeKey) {
    for (const item of patch) {
      if (!current.some(existing => deepEqual(existing, item)))
        current.push(cloneJson(item));
    }
    return current;
  }
  for (const item of patch) {
    if (!isPlainObject(item)) continue;
    const index = current.findIndex(
      existing =>
        isPlainObject(existing) &&
        deepEqual(existing[mergeKey], item[mergeKey]),
    );
    if (item[DIRECTIVE] === 'delete') {
      if (index >= 0) current.splice(index, 1);
    } else if (index >= 0) {
      current[index] = applyStrategicMergePatch(
        current[index],
        item,
        itemsSchema(node),
      );
    } else {
      current.push(
        applyStrategicMergePatch(undefined, item, itemsSchema(node)),
      );
    }
  }
  return current;
}

/**
 * Strategic merge patch: a merge patch whose lists merge by key where the schema
 * says so (`x-kubernetes-patch-strategy: merge`), honouring the `$patch`,
 * `$deleteFromPrimitiveList`, `$setElementOrder` and `$retainKeys` directives.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
  node: SchemaNode,
): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  if (patch[DIRECTIVE] === 'delete') return undefined;
  const replacing = patch[DIRECTIVE] === 'replace';
  const result: Record<string, unknown> =
    isPlainObject(target) && !replacing ? cloneJson(target) : {};
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const doomed = Array.isArray(value) ? value : [];
      const list = result[field];
      if (Array.isArray(list)) {
        result[field] = list.filter(
          item => !doomed.some(gone => deepEqual(gone, item)),
        );
      }
      continue;
    }
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      if (Array.isArray(value))
        orders.push([key.slice(SET_ELEMENT_ORDER.length), value]);
      continue;
    }
    const child = propertySchema(node, key);
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value) && mergesByStrategy(child)) {
      result[key] = mergeStrategicList(result[key], value, child);
    } else if (isPlainObject(value)) {
      const merged = applyStrategicMergePatch(result[key], value, child);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = cloneJson(value);
    }
  }
  for (const [field, order] of orders) {
    const list = result[field];
    if (Array.isArray(list)) {
      result[field] = orderBy(
        list,
        order,
        patchMergeKey(propertySchema(node, field)),
      );
    }
  }
  const retained = patch[RETAIN_KEYS];
  if (Array.isArray(retained)) {
    for (const key of Object.keys(result)) {
      if (!retained.includes(key)) delete result[key];
    }
  }
  return result;
}
