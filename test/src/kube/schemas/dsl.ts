/*
 * A few builders for writing the built-in kinds' OpenAPI definitions the way
 * the API server publishes them: named definitions that refer to each other
 * (`allOf: [{$ref}]`, as OpenAPI v3 output wraps a reference that carries its
 * own description), with the Kubernetes list and patch extensions.
 */
import type { JSONSchemaProps } from '../types';

/** A schema node as written here; `$ref` holds a definition name, not a URI. */
export type Schema = Omit<
  JSONSchemaProps,
  'properties' | 'items' | 'additionalProperties' | 'allOf'
> & {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  'x-kubernetes-group-version-kind'?: Array<{
    group: string;
    version: string;
    kind: string;
  }>;
  'x-kubernetes-unions'?: unknown[];
};

export type Definitions = Record<string, Schema>;

interface ListOptions {
  /** x-kubernetes-list-type (atomic when not given). */
  listType?: 'atomic' | 'set' | 'map';
  mapKeys?: string[];
  /** x-kubernetes-patch-merge-key; the patch strategy becomes `merge`. */
  mergeKey?: string;
  /** x-kubernetes-patch-strategy, when not just `merge`. */
  strategy?: string;
}

export function str(description: string, extra: Schema = {}): Schema {
  return { description, type: 'string', ...extra };
}

export function enumOf(
  description: string,
  values: string[],
  extra: Schema = {},
): Schema {
  return { description, type: 'string', enum: values, ...extra };
}

export function int32(description: string, extra: Schema = {}): Schema {
  return { description, type: 'integer', format: 'int32', ...extra };
}

export function int64(description: string, extra: Schema = {}): Schema {
  return { description, type: 'integer', format: 'int64', ...extra };
}

export function bool(description: string, extra: Schema = {}): Schema {
  return { description, type: 'boolean', ...extra };
}

export function object(
  description: string,
  properties: Record<string, Schema>,
  extra: Schema = {},
): Schema {
  return { description, type: 'object', properties, ...extra };
}

/** An object whose fields this simulator does not model: kept as sent. */
export function opaque(description: string): Schema {
  return {
    description,
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  };
}

export function opaqueList(
  description: string,
  itemDescription: string,
): Schema {
  return { description, type: 'array', items: opaque(itemDescription) };
}

export function stringMap(description: string, extra: Schema = {}): Schema {
  return {
    description,
    type: 'object',
    additionalProperties: { type: 'string', default: '' },
    ...extra,
  };
}

function listExtensions(options: ListOptions): Schema {
  const extensions: Schema = {};
  if (options.mergeKey) {
    extensions['x-kubernetes-patch-merge-key'] = options.mergeKey;
    extensions['x-kubernetes-patch-strategy'] = options.strategy ?? 'merge';
  } else if (options.strategy) {
    extensions['x-kubernetes-patch-strategy'] = options.strategy;
  }
  extensions['x-kubernetes-list-type'] = options.listType ?? 'atomic';
  if (options.mapKeys)
    extensions['x-kubernetes-list-map-keys'] = options.mapKeys;
  return extensions;
}

export function stringList(
  description: string,
  options: ListOptions = {},
): Schema {
  return {
    description,
    type: 'array',
    items: { type: 'string', default: '' },
    ...listExtensions(options),
  };
}

/** A reference to a named definition with a description of its own. */
export function ref(
  name: string,
  description: string,
  extra: Schema = {},
): Schema {
  return { description, allOf: [{ $ref: name }], ...extra };
}

/** A kind's `spec` and `status`, each a reference to its own definition. */
export function specAndStatus(
  spec: [name: string, description: string],
  status: [name: string, description: string],
): Record<'spec' | 'status', Schema> {
  return {
    spec: ref(spec[0], spec[1], { default: {} }),
    status: ref(status[0], status[1], { default: {} }),
  };
}

export function refList(
  name: string,
  description: string,
  options: ListOptions = {},
): Schema {
  return {
    description,
    type: 'array',
    items: { allOf: [{ $ref: name }], default: {} },
    ...listExtensions(options),
  };
}

export function refMap(name: string, description: string): Schema {
  return {
    description,
    type: 'object',
    additionalProperties: { allOf: [{ $ref: name }], default: {} },
  };
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const OBJECT_META = `${META}.ObjectMeta`;
export const LIST_META = `${META}.ListMeta`;
export const TIME = `${META}.Time`;
export const MICRO_TIME = `${META}.MicroTime`;
export const LABEL_SELECTOR = `${META}.LabelSelector`;
export const CONDITION = `${META}.Condition`;
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

const API_VERSION_DESCRIPTION =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESCRIPTION =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

export function apiVersionField(): Schema {
  return str(API_VERSION_DESCRIPTION);
}

export function kindField(): Schema {
  return str(KIND_DESCRIPTION);
}

export function gvk(group: string, version: string, kindName: string) {
  return {
    'x-kubernetes-group-version-kind': [{ group, kind: kindName, version }],
  };
}

/** A top-level kind: apiVersion, kind, metadata and the kind's own fields. */
export function kind(
  gv: { group: string; version: string },
  name: string,
  description: string,
  properties: Record<string, Schema>,
  extra: Schema = {},
): Schema {
  return {
    description,
    type: 'object',
    properties: {
      apiVersion: apiVersionField(),
      kind: kindField(),
      metadata: ref(
        OBJECT_META,
        "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        { default: {} },
      ),
      ...properties,
    },
    ...extra,
    ...gvk(gv.group, gv.version, name),
  };
}

/** The `<Kind>List` definition that goes with a kind. */
export function listKind(
  gv: { group: string; version: string },
  itemDefinition: string,
  name: string,
): Schema {
  return {
    description: `${name} is a list of ${name.replace(/List$/, '')} objects.`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: apiVersionField(),
      items: refList(itemDefinition, 'List of objects.'),
      kind: kindField(),
      metadata: ref(
        LIST_META,
        'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        { default: {} },
      ),
    },
    ...gvk(gv.group, gv.version, name),
  };
}
