/*
 * CEL types as the Kubernetes API server declares them for a CRD schema
 * (SchemaDeclType in k8s.io/apiserver/pkg/cel/common): `self` of a rule is
 * typed by the schema node the rule sits on, and the compile step checks
 * field names, function calls and operators against these types.
 */
import type { JSONSchemaProps } from '../types';

export type CelType =
  | { kind: 'dyn' }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'uint' }
  | { kind: 'double' }
  | { kind: 'string' }
  | { kind: 'bytes' }
  | { kind: 'null_type' }
  | { kind: 'timestamp' }
  | { kind: 'duration' }
  | { kind: 'type' }
  | { kind: 'list'; elem: CelType }
  | { kind: 'map'; key: CelType; value: CelType }
  /** An object with declared properties; fields are keyed by their escaped names. */
  | { kind: 'object'; fields: ReadonlyMap<string, CelType> }
  /** Library types: url, ip, cidr, optional (of `of`). */
  | { kind: 'opaque'; name: string; of?: CelType }
  /** A type parameter of an overload, bound while one call is checked. */
  | { kind: 'param'; name: string };

const scalar = <K extends CelType['kind']>(kind: K) =>
  ({ kind } as Extract<CelType, { kind: K }>);

export const T = {
  dyn: scalar('dyn'),
  bool: scalar('bool'),
  int: scalar('int'),
  uint: scalar('uint'),
  double: scalar('double'),
  string: scalar('string'),
  bytes: scalar('bytes'),
  null: scalar('null_type'),
  timestamp: scalar('timestamp'),
  duration: scalar('duration'),
  type: scalar('type'),
  list: (elem: CelType): CelType => ({ kind: 'list', elem }),
  map: (key: CelType, value: CelType): CelType => ({ kind: 'map', key, value }),
  opaque: (name: string, of?: CelType): CelType => ({
    kind: 'opaque',
    name,
    of,
  }),
  param: (name: string): CelType => ({ kind: 'param', name }),
};

/** How cel-go prints a type in its messages: `list(string)`, `map(string, int)`, `object`. */
export function typeName(type: CelType): string {
  switch (type.kind) {
    case 'list':
      return `list(${typeName(type.elem)})`;
    case 'map':
      return `map(${typeName(type.key)}, ${typeName(type.value)})`;
    case 'object':
      return 'object';
    case 'opaque':
      return type.of ? `${type.name}(${typeName(type.of)})` : type.name;
    case 'param':
      return type.name;
    default:
      return type.kind;
  }
}

// ---------------------------------------------------------------------------
// Property names as CEL sees them (k8s.io/apiserver/pkg/cel/escaping.go)

const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/**
 * The CEL identifier of a property name, or undefined when the name cannot
 * be one (it starts with a digit or has characters outside [a-zA-Z0-9_.-/]):
 * such properties are invisible to rules.
 */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (/[^a-zA-Z0-9_./-]/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, part => {
    switch (part) {
      case '__':
        return '__underscores__';
      case '.':
        return '__dot__';
      case '-':
        return '__dash__';
      default:
        return '__slash__';
    }
  });
}

// ---------------------------------------------------------------------------
// Declared types of schema nodes

/** apiVersion, kind, metadata.name and metadata.generateName: what every resource root exposes. */
const RESOURCE_FIELDS: ReadonlyArray<[string, CelType]> = [
  ['apiVersion', T.string],
  ['kind', T.string],
  [
    'metadata',
    {
      kind: 'object',
      fields: new Map([
        ['name', T.string],
        ['generateName', T.string],
      ]),
    },
  ],
];

const declared = new WeakMap<
  JSONSchemaProps,
  Map<boolean, CelType | undefined>
>();

/**
 * The CEL type of values under a schema node, or undefined when rules cannot
 * see them (an array whose items are hidden, a type-less node that is not
 * int-or-string). Set `resourceRoot` for a custom resource's root and for
 * embedded resources.
 */
export function declType(
  schema: JSONSchemaProps,
  resourceRoot = schema['x-kubernetes-embedded-resource'] === true,
): CelType | undefined {
  let byRoot = declared.get(schema);
  if (!byRoot) {
    byRoot = new Map();
    declared.set(schema, byRoot);
  }
  if (!byRoot.has(resourceRoot))
    byRoot.set(resourceRoot, buildType(schema, resourceRoot));
  return byRoot.get(resourceRoot);
}

function buildType(
  schema: JSONSchemaProps,
  resourceRoot: boolean,
): CelType | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return T.dyn;
  switch (schema.type) {
    case 'array': {
      const items = schema.items && declType(schema.items);
      return items && T.list(items);
    }
    case 'object': {
      const additional = schema.additionalProperties;
      if (typeof additional === 'object' && additional !== null) {
        const value = declType(additional);
        return value && T.map(T.string, value);
      }
      const fields = new Map<string, CelType>();
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const type = declType(property);
        const escaped = escapeProperty(name);
        if (type && escaped) fields.set(escaped, type);
      }
      if (resourceRoot) {
        for (const [name, type] of RESOURCE_FIELDS) {
          const current = fields.get(name);
          fields.set(name, name === 'metadata' || !current ? type : current);
        }
      }
      return { kind: 'object', fields };
    }
    case 'string':
      switch (schema.format) {
        case 'byte':
          return T.bytes;
        case 'duration':
          return T.duration;
        case 'date':
        case 'date-time':
          return T.timestamp;
        default:
          return T.string;
      }
    case 'boolean':
      return T.bool;
    case 'number':
      return T.double;
    case 'integer':
      return T.int;
    default:
      return undefined;
  }
}
