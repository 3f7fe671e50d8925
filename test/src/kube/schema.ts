/*
 * The OpenAPI v3 structural-schema rules a Kubernetes API server applies to custom
 * objects: validation (with the server's cause reasons, messages and field paths),
 * defaulting and pruning of unknown fields.
 *
 * Every write of a custom object comes through here (the fleet creates about 100,000
 * objects at start), so each schema node is compiled once (regexes, property maps,
 * enum sets) and cached in a WeakMap keyed by the schema object itself.
 */
import { isIPv6 } from 'node:net';
import { cloneJson, isPlainObject } from './json';
import type { FieldCause, JSONSchemaProps } from './types';

/** What a real API server enforces that this module does not (quoted by the README). */
export const unsupportedSchemaFeatures: readonly string[] = [
  'validation ratcheting of the OpenAPI checks: an update is checked in full, even fields it leaves unchanged (x-kubernetes-validations rules do ratchet)',
  'x-kubernetes-validations: no cost limits; no optional-field syntax (`.?`, `[?`); no quantity, format or authz library, no two-variable comprehensions',
  'string formats other than date-time, date, ipv4, ipv6, cidr, uuid and byte are accepted unchecked',
  'restrictions on metadata in a schema are ignored (the server checks names and labels separately)',
];

type JsonObject = Record<string, unknown>;
type JsonKind =
  | 'null'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'string'
  | 'array'
  | 'object';

interface CompiledPattern {
  source: string;
  regex?: RegExp;
  error?: string;
}

interface Enumeration {
  /** String values as themselves (the common case), others as canonical JSON. */
  strings: Set<string>;
  others: Set<string>;
  /** As the server lists them in an Unsupported value cause. */
  labels: string[];
}

interface SchemaNode {
  /** Accepted JSON types; undefined accepts any (no `type`, no int-or-string). */
  types?: readonly string[];
  nullable: boolean;
  format?: string;
  checkFormat?: (value: string) => boolean;
  enumeration?: Enumeration;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum: boolean;
  exclusiveMaximum: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: CompiledPattern;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  minProperties?: number;
  maxProperties?: number;
  properties?: Map<string, SchemaNode>;
  required: readonly string[];
  additional?: SchemaNode | boolean;
  items?: SchemaNode;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
  preserveUnknown: boolean;
  embedded: boolean;
  listType?: 'set' | 'map';
  listMapKeys: readonly string[];
  hasDefault: boolean;
  defaultValue?: unknown;
}

// ---------------------------------------------------------------------------
// String formats (the subset a Kubernetes strfmt registry checks that CRDs use).

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$/;
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isIPv4(value: string): boolean {
  const match = IPV4.exec(value);
  return match !== null && match.slice(1).every(octet => Number(octet) <= 255);
}

function isCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second = '0'] = match;
  return (
    isCalendarDate(year, month, day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60
  );
}

function isCidr(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits))
    return false;
  if (isIPv4(address)) return Number(bits) <= 32;
  return isIPv6(address) && Number(bits) <= 128;
}

function uuidPattern(version: string): RegExp {
  return new RegExp(
    `^[0-9a-f]{8}-?[0-9a-f]{4}-?${version}[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$`,
    'i',
  );
}

const UUIDS = {
  uuid: uuidPattern('[0-9a-f]'),
  uuid3: uuidPattern('3'),
  uuid4: uuidPattern('4'),
  uuid5: uuidPattern('5'),
};

const stringFormats = new Map<string, (value: string) => boolean>([
  ['date-time', isDateTime],
  ['datetime', isDateTime],
  [
    'date',
    value => {
      const match = DATE.exec(value);
      return match !== null && isCalendarDate(match[1], match[2], match[3]);
    },
  ],
  ['ipv4', isIPv4],
  ['ipv6', value => value.includes(':') && isIPv6(value)],
  ['cidr', isCidr],
  ['byte', value => BASE64.test(value)],
  ...Object.entries(UUIDS).map(
    ([format, pattern]): [string, (value: string) => boolean] => [
      format,
      value => pattern.test(value),
    ],
  ),
]);

const numberRanges = new Map<string, [number, number]>([
  ['int32', [-(2 ** 31), 2 ** 31 - 1]],
  ['float', [-3.4028234663852886e38, 3.4028234663852886e38]],
]);

// ---------------------------------------------------------------------------
// Compiling schemas

const compiled = new WeakMap<JSONSchemaProps, SchemaNode>();

function compile(schema: JSONSchemaProps): SchemaNode {
  let node = compiled.get(schema);
  if (!node) {
    node = buildNode(schema);
    compiled.set(schema, node);
  }
  return node;
}

function compileAll(
  schemas: JSONSchemaProps[] | undefined,
): SchemaNode[] | undefined {
  return schemas && schemas.length > 0 ? schemas.map(compile) : undefined;
}

function buildNode(schema: JSONSchemaProps): SchemaNode {
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  let types: string[] | undefined;
  if (intOrString) types = ['integer', 'string'];
  else if (schema.type) types = [schema.type];
  const listType = schema['x-kubernetes-list-type'];
  const additional = schema.additionalProperties;
  return {
    types,
    nullable: schema.nullable === true,
    format: schema.format,
    checkFormat: schema.format ? stringFormats.get(schema.format) : undefined,
    enumeration: schema.enum ? compileEnum(schema.enum) : undefined,
    minimum: schema.minimum,
    maximum: schema.maximum,
    exclusiveMinimum: schema.exclusiveMinimum === true,
    exclusiveMaximum: schema.exclusiveMaximum === true,
    multipleOf: schema.multipleOf,
    minLength: schema.minLength,
    maxLength: schema.maxLength,
    pattern:
      schema.pattern === undefined ? undefined : compilePattern(schema.pattern),
    minItems: schema.minItems,
    maxItems: schema.maxItems,
    uniqueItems: schema.uniqueItems === true,
    minProperties: schema.minProperties,
    maxProperties: schema.maxProperties,
    properties: schema.properties
      ? new Map(
          Object.entries(schema.properties).map(([key, child]) => [
            key,
            compile(child),
          ]),
        )
      : undefined,
    required: schema.required ?? [],
    additional:
      typeof additional === 'object' && additional !== null
        ? compile(additional)
        : additional,
    items: schema.items ? compile(schema.items) : undefined,
    allOf: compileAll(schema.allOf),
    anyOf: compileAll(schema.anyOf),
    oneOf: compileAll(schema.oneOf),
    not: schema.not ? compile(schema.not) : undefined,
    preserveUnknown: schema['x-kubernetes-preserve-unknown-fields'] === true,
    embedded: schema['x-kubernetes-embedded-resource'] === true,
    listType: listType === 'set' || listType === 'map' ? listType : undefined,
    listMapKeys: schema['x-kubernetes-list-map-keys'] ?? [],
    hasDefault: schema.default !== undefined,
    defaultValue: schema.default,
  };
}

/*
 * Patterns are Go RE2 syntax; the ones CRDs use are ECMAScript-compatible once RE2's
 * inline flags and \z are translated. Unicode mode first (closest to RE2's rune
 * semantics), then legacy mode, which tolerates escapes such as \- outside classes.
 */
export function compilePattern(source: string): CompiledPattern {
  let body = source.replace(/\\z/g, '$').replace(/\(\?P</g, '(?<');
  let flags = '';
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline) {
    flags = inline[1];
    body = body.slice(inline[0].length);
  }
  try {
    return { source, regex: new RegExp(body, `${flags}u`) };
  } catch {
    try {
      return { source, regex: new RegExp(body, flags) };
    } catch (error) {
      return {
        source,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

/** Causes for patterns in a schema that cannot compile, as CRD validation reports them. */
export function invalidSchemaPatterns(
  schema: JSONSchemaProps,
  field: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const visit = (node: JSONSchemaProps | undefined, path: string) => {
    if (!node || typeof node !== 'object') return;
    if (node.pattern !== undefined) {
      const { error } = compilePattern(node.pattern);
      if (error) {
        causes.push(
          fieldInvalid(
            `${path}.pattern`,
            node.pattern,
            `must be a valid regular expression, but isn't: ${error}`,
          ),
        );
      }
    }
    for (const [key, child] of Object.entries(node.properties ?? {}))
      visit(child, `${path}.properties[${key}]`);
    if (typeof node.additionalProperties === 'object')
      visit(node.additionalProperties, `${path}.additionalProperties`);
    visit(node.items, `${path}.items`);
    visit(node.not, `${path}.not`);
    for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
      node[junctor]?.forEach((child, index) =>
        visit(child, `${path}.${junctor}[${index}]`),
      );
    }
  };
  visit(schema, field);
  return causes;
}

// ---------------------------------------------------------------------------
// How the API server prints values in causes (Go's fmt verbs as field.Error uses them).

function isIntegral(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) < 2 ** 63;
}

function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return isIntegral(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

/** Go's %v for a float64: shortest digits, exponent form outside 1e-4 <= |x| < 1e6. */
function goFloat(value: number): string {
  if (!Number.isFinite(value)) {
    if (Number.isNaN(value)) return 'NaN';
    return value > 0 ? '+Inf' : '-Inf';
  }
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (value !== 0 && (exponent < -4 || exponent >= 6)) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(
      Math.abs(exponent),
    ).padStart(2, '0')}`;
  }
  return String(value);
}

function goNumber(value: number): string {
  return isIntegral(value) ? String(value) : goFloat(value);
}

/** Go's %#v of decoded JSON (map[string]interface {}, []interface {}, scalars). */
function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (Array.isArray(value))
    return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map(key => `${JSON.stringify(key)}:${goSyntax(value[key])}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  if (typeof value === 'number') return goNumber(value);
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The value part of field.Error's message. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goSyntax(value);
}

/** Sorted-key JSON, so equal values compare equal (enums, sets, list-map keys). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function compileEnum(values: unknown[]): Enumeration {
  return {
    strings: new Set(values.filter(value => typeof value === 'string')),
    others: new Set(
      values.filter(value => typeof value !== 'string').map(canonicalJson),
    ),
    labels: values.map(value =>
      typeof value === 'string' ? value : JSON.stringify(value),
    ),
  };
}

function isEnumMember(enumeration: Enumeration, value: unknown): boolean {
  return typeof value === 'string'
    ? enumeration.strings.has(value)
    : enumeration.others.has(canonicalJson(value));
}

/** Defaults are mostly scalars, which need no copy. */
function copyDefault(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? cloneJson(value) : value;
}

function cause(reason: string, field: string, message: string): FieldCause {
  return { reason, field, message };
}

/** A cause that shows the offending value, as field.Invalid and field.TypeInvalid do. */
function badValue(
  reason: string,
  field: string,
  value: unknown,
  detail: string,
): FieldCause {
  return cause(
    reason,
    field,
    `Invalid value: ${describeValue(value)}: ${detail}`,
  );
}

export function fieldInvalid(
  field: string,
  value: unknown,
  detail: string,
): FieldCause {
  return badValue('FieldValueInvalid', field, value, detail);
}

export function fieldRequired(field: string, detail = ''): FieldCause {
  return cause(
    'FieldValueRequired',
    field,
    detail ? `Required value: ${detail}` : 'Required value',
  );
}

export function fieldNotSupported(
  field: string,
  value: unknown,
  supported: readonly string[],
): FieldCause {
  const values = supported.map(item => JSON.stringify(item)).join(', ');
  return cause(
    'FieldValueNotSupported',
    field,
    `Unsupported value: ${describeValue(value)}: supported values: ${values}`,
  );
}

function typeInvalid(
  field: string,
  value: unknown,
  detail: string,
): FieldCause {
  return badValue('FieldValueTypeInvalid', field, value, detail);
}

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function runeLength(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count;
}

// ---------------------------------------------------------------------------
// Validation

/** Counts validated nodes, so an attempt can tell how far an alternative got before failing. */
let visitedNodes = 0;

/*
 * The OpenAPI checks; x-kubernetes-validations (CEL) rules run after them
 * (cel/validator.ts). The metadata of a resource (the root object and every
 * embedded resource) is skipped: the server checks names and labels separately.
 */
export function validateObject(
  schema: JSONSchemaProps,
  object: unknown,
): FieldCause[] {
  const causes: FieldCause[] = [];
  validateValue(compile(schema), object, '', causes, true);
  return causes;
}

function validateValue(
  node: SchemaNode,
  value: unknown,
  path: string,
  out: FieldCause[],
  resource = false,
): void {
  visitedNodes++;
  const kind = kindOf(value);
  if (kind === 'null') {
    if (node.types && !node.nullable) {
      out.push(
        typeInvalid(
          path,
          'null',
          `${path} in body must be of type ${node.types.join(',')}: "null"`,
        ),
      );
    }
    return;
  }
  if (
    node.types &&
    !node.types.includes(kind) &&
    !(kind === 'integer' && node.types.includes('number'))
  ) {
    out.push(
      typeInvalid(
        path,
        kind,
        `${path} in body must be of type ${node.types.join(',')}: "${kind}"`,
      ),
    );
  }
  if (node.allOf || node.anyOf || node.oneOf || node.not)
    validateJunctors(node, value, path, out);
  switch (kind) {
    case 'string':
      validateString(node, value as string, path, out);
      break;
    case 'integer':
    case 'number':
      validateNumber(node, value as number, path, out);
      break;
    case 'array':
      validateArray(node, value as unknown[], path, out);
      break;
    default:
      break;
  }
  if (node.enumeration && !isEnumMember(node.enumeration, value)) {
    out.push(fieldNotSupported(path, value, node.enumeration.labels));
  }
  if (kind === 'object')
    validateProperties(
      node,
      value as JsonObject,
      path,
      out,
      resource || node.embedded,
    );
}

interface Attempt {
  causes: FieldCause[];
  /** Nodes that validated cleanly: the server explains a failed anyOf/oneOf with the closest alternative. */
  matches: number;
}

function attempt(node: SchemaNode, value: unknown, path: string): Attempt {
  const causes: FieldCause[] = [];
  const before = visitedNodes;
  validateValue(node, value, path, causes);
  return { causes, matches: visitedNodes - before - causes.length };
}

function compositeFailure(path: string, detail: string): FieldCause {
  return fieldInvalid(path, '', `${JSON.stringify(path)} ${detail}`);
}

function closest(attempts: Attempt[]): FieldCause[] {
  return attempts.reduce((best, next) =>
    next.matches > best.matches ? next : best,
  ).causes;
}

function validateJunctors(
  node: SchemaNode,
  value: unknown,
  path: string,
  out: FieldCause[],
): void {
  if (node.anyOf) {
    const attempts = node.anyOf.map(alternative =>
      attempt(alternative, value, path),
    );
    if (!attempts.some(result => result.causes.length === 0)) {
      out.push(
        compositeFailure(path, 'must validate at least one schema (anyOf)'),
        ...closest(attempts),
      );
    }
  }
  if (node.oneOf) {
    const attempts = node.oneOf.map(alternative =>
      attempt(alternative, value, path),
    );
    const valid = attempts.filter(result => result.causes.length === 0).length;
    if (valid === 0) {
      out.push(
        compositeFailure(
          path,
          'must validate one and only one schema (oneOf). Found none valid',
        ),
        ...closest(attempts),
      );
    } else if (valid > 1) {
      out.push(
        compositeFailure(
          path,
          `must validate one and only one schema (oneOf). Found ${valid} valid alternatives`,
        ),
      );
    }
  }
  if (node.allOf) {
    const failed = node.allOf
      .map(part => attempt(part, value, path).causes)
      .filter(causes => causes.length > 0);
    if (failed.length > 0) {
      out.push(...failed.flat());
      const none =
        failed.length === node.allOf.length ? '. None validated' : '';
      out.push(
        compositeFailure(path, `must validate all the schemas (allOf)${none}`),
      );
    }
  }
  if (node.not && attempt(node.not, value, path).causes.length === 0) {
    out.push(compositeFailure(path, 'must not validate the schema (not)'));
  }
}

function validateString(
  node: SchemaNode,
  value: string,
  path: string,
  out: FieldCause[],
): void {
  if (
    node.maxLength !== undefined &&
    value.length > node.maxLength &&
    runeLength(value) > node.maxLength
  ) {
    out.push(
      cause(
        'FieldValueTooLong',
        path,
        `Too long: may not be more than ${node.maxLength} bytes`,
      ),
    );
  } else if (
    node.minLength !== undefined &&
    runeLength(value) < node.minLength
  ) {
    out.push(
      fieldInvalid(
        path,
        value,
        `${path} in body should be at least ${node.minLength} chars long`,
      ),
    );
  } else if (node.pattern) {
    const { regex, source, error } = node.pattern;
    if (!regex) {
      out.push(
        fieldInvalid(
          path,
          value,
          `${path} in body should match '${source}, but pattern is invalid: ${error}'`,
        ),
      );
    } else if (!regex.test(value)) {
      out.push(
        fieldInvalid(path, value, `${path} in body should match '${source}'`),
      );
    }
  }
  if (node.checkFormat && !node.checkFormat(value)) {
    out.push(
      typeInvalid(
        path,
        value,
        `${path} in body must be of type ${node.format}: ${JSON.stringify(
          value,
        )}`,
      ),
    );
  }
}

function validateNumber(
  node: SchemaNode,
  value: number,
  path: string,
  out: FieldCause[],
): void {
  const range = node.format ? numberRanges.get(node.format) : undefined;
  if (range && (value < range[0] || value > range[1])) {
    const type = node.types?.[0] ?? 'number';
    out.push(
      fieldInvalid(
        path,
        value,
        `Checked value must be of type ${type} with format ${node.format} in ${path}`,
      ),
    );
  }
  // Bounds print the way the server's native comparison does: truncated for integers.
  const bound = (limit: number) =>
    isIntegral(value) ? String(Math.trunc(limit)) : goFloat(limit);
  if (
    node.multipleOf !== undefined &&
    node.multipleOf > 0 &&
    !isIntegral(value / node.multipleOf)
  ) {
    out.push(
      fieldInvalid(
        path,
        value,
        `${path} in body should be a multiple of ${bound(node.multipleOf)}`,
      ),
    );
  }
  if (node.minimum !== undefined) {
    const { minimum, exclusiveMinimum } = node;
    if (value < minimum || (exclusiveMinimum && value === minimum)) {
      const relation = exclusiveMinimum
        ? 'greater than'
        : 'greater than or equal to';
      out.push(
        fieldInvalid(
          path,
          value,
          `${path} in body should be ${relation} ${bound(minimum)}`,
        ),
      );
    }
  }
  if (node.maximum !== undefined) {
    const { maximum, exclusiveMaximum } = node;
    if (value > maximum || (exclusiveMaximum && value === maximum)) {
      const relation = exclusiveMaximum ? 'less than' : 'less than or equal to';
      out.push(
        fieldInvalid(
          path,
          value,
          `${path} in body should be ${relation} ${bound(maximum)}`,
        ),
      );
    }
  }
}

/** Too few or too many items or properties (the server says "items" for both when there are too many). */
function countCause(
  path: string,
  count: number,
  unit: 'items' | 'properties',
  minimum: number | undefined,
  maximum: number | undefined,
): FieldCause | undefined {
  if (minimum !== undefined && count < minimum) {
    return fieldInvalid(
      path,
      count,
      `${path} in body should have at least ${minimum} ${unit}`,
    );
  }
  if (maximum !== undefined && count > maximum) {
    return cause(
      'FieldValueTooMany',
      path,
      `Too many: ${count}: must have at most ${maximum} items`,
    );
  }
  return undefined;
}

function validateArray(
  node: SchemaNode,
  value: unknown[],
  path: string,
  out: FieldCause[],
): void {
  if (node.items) {
    for (let index = 0; index < value.length; index++) {
      validateValue(node.items, value[index], `${path}[${index}]`, out);
    }
  }
  const count = countCause(
    path,
    value.length,
    'items',
    node.minItems,
    node.maxItems,
  );
  if (count) out.push(count);
  if (
    node.uniqueItems &&
    new Set(value.map(canonicalJson)).size < value.length
  ) {
    out.push(
      fieldInvalid(path, '', `${path} in body shouldn't contain duplicates`),
    );
  }
  if (node.listType === 'set' && value.length > 1) {
    for (const index of repeatedIndexes(value)) {
      out.push(
        cause(
          'FieldValueDuplicate',
          `${path}[${index}]`,
          `Duplicate value: ${describeValue(value[index])}`,
        ),
      );
    }
  } else if (node.listType === 'map') {
    validateListMapKeys(node, value, path, out);
  }
}

/** Indexes of the second occurrence of each repeated value (what the server reports). */
function repeatedIndexes(values: unknown[]): number[] {
  const seen = new Map<string, number>();
  const repeated: number[] = [];
  values.forEach((value, index) => {
    const key = canonicalJson(value);
    const times = seen.get(key) ?? 0;
    if (times === 1) repeated.push(index);
    seen.set(key, times + 1);
  });
  return repeated;
}

function validateListMapKeys(
  node: SchemaNode,
  items: unknown[],
  path: string,
  out: FieldCause[],
): void {
  const notObject = items.findIndex(
    item => item !== null && item !== undefined && !isPlainObject(item),
  );
  if (notObject >= 0) {
    out.push(
      fieldInvalid(
        `${path}[${notObject}]`,
        items[notObject],
        'must be an object for an array of list-type map',
      ),
    );
    return;
  }
  if (items.length <= 1) return;
  const keys = items.map(item => {
    const key: JsonObject = {};
    for (const field of node.listMapKeys) {
      if (isPlainObject(item) && Object.hasOwn(item, field))
        key[field] = item[field];
    }
    return key;
  });
  for (const index of repeatedIndexes(keys)) {
    out.push(
      cause(
        'FieldValueDuplicate',
        `${path}[${index}]`,
        `Duplicate value: ${describeValue(keys[index])}`,
      ),
    );
  }
}

const RESOURCE_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function validateProperties(
  node: SchemaNode,
  value: JsonObject,
  path: string,
  out: FieldCause[],
  resource: boolean,
): void {
  const keys = Object.keys(value);
  const count = countCause(
    path,
    keys.length,
    'properties',
    node.minProperties,
    node.maxProperties,
  );
  if (count) {
    // Like the server, an object with the wrong number of properties is not looked into.
    out.push(count);
    return;
  }
  const { properties, additional } = node;
  for (const key of keys) {
    const child = properties?.get(key);
    if (child) {
      if (!(resource && key === 'metadata'))
        validateValue(child, value[key], childPath(path, key), out);
    } else if (typeof additional === 'object') {
      validateValue(additional, value[key], childPath(path, key), out);
    } else if (
      additional === false &&
      !(resource && RESOURCE_FIELDS.has(key))
    ) {
      out.push(
        fieldInvalid(
          path,
          key,
          `${childPath(path, key)} in body is a forbidden property`,
        ),
      );
    }
  }
  for (const key of node.required) {
    if (!Object.hasOwn(value, key))
      out.push(fieldRequired(childPath(path, key)));
  }
  if (node.embedded) validateEmbeddedResource(value, path, out);
}

function validateEmbeddedResource(
  value: JsonObject,
  path: string,
  out: FieldCause[],
): void {
  for (const key of ['apiVersion', 'kind']) {
    const field = childPath(path, key);
    if (!Object.hasOwn(value, key))
      out.push(fieldRequired(field, 'must not be empty'));
    else if (typeof value[key] !== 'string')
      out.push(typeInvalid(field, value[key], 'must be a string'));
    else if (value[key] === '')
      out.push(fieldInvalid(field, '', 'must not be empty'));
  }
}

// ---------------------------------------------------------------------------
// Object names

const NAME_RULES = {
  dns1123Subdomain: {
    maxLength: 253,
    regex: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    hint: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  },
  dns1123Label: {
    maxLength: 63,
    regex: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    hint: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  },
  // RBAC objects: any name that is a valid path segment (ValidatePathSegmentName), e.g. system:discovery.
  pathSegment: {
    maxLength: Number.MAX_SAFE_INTEGER,
    regex: /^(?!\.\.?$)[^/%]+$/,
    hint: "may not be '.' or '..' and may not contain '/' or '%'",
  },
  dns1035Label: {
    maxLength: 63,
    regex: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    hint: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
};

export type NameRule = keyof typeof NAME_RULES;

/** Why a value breaks one of the API server's name rules, in its words (empty when it does not). */
export function nameRuleErrors(rule: NameRule, value: string): string[] {
  const { maxLength, regex, hint } = NAME_RULES[rule];
  const errors: string[] = [];
  if (value.length > maxLength)
    errors.push(`must be no more than ${maxLength} characters`);
  if (!regex.test(value)) errors.push(hint);
  return errors;
}

// ---------------------------------------------------------------------------
// Defaulting

/**
 * Applies `default`s in place, top-down, as the server does when it decodes an object:
 * a default fills an absent field (or a null one the schema does not allow) wherever the
 * parent exists, and defaults inside the filled-in value apply too. Like the server, it
 * also drops nulls from non-nullable fields that have no default.
 */
export function applyDefaults(schema: JSONSchemaProps, object: unknown): void {
  defaultValue(compile(schema), object);
}

function isNonNullableNull(value: unknown, node: SchemaNode): boolean {
  return value === null && !node.nullable;
}

function defaultValue(node: SchemaNode, value: unknown): void {
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items) return;
    for (let index = 0; index < value.length; index++) {
      if (items.hasDefault && isNonNullableNull(value[index], items))
        value[index] = copyDefault(items.defaultValue);
      defaultValue(items, value[index]);
    }
    return;
  }
  if (!isPlainObject(value)) return;
  const { properties, additional } = node;
  if (properties) {
    for (const [key, child] of properties) {
      const present = Object.hasOwn(value, key);
      if (
        child.hasDefault &&
        (!present || isNonNullableNull(value[key], child))
      ) {
        value[key] = copyDefault(child.defaultValue);
      } else if (present && isNonNullableNull(value[key], child)) {
        delete value[key];
      }
    }
  }
  for (const key of Object.keys(value)) {
    let child = properties?.get(key);
    if (!child && typeof additional === 'object') {
      child = additional;
      if (isNonNullableNull(value[key], child)) {
        if (!child.hasDefault) {
          delete value[key];
          continue;
        }
        value[key] = copyDefault(child.defaultValue);
      }
    }
    if (child) defaultValue(child, value[key]);
  }
}

// ---------------------------------------------------------------------------
// Pruning

/**
 * Drops fields the schema does not declare, in place, except under
 * x-kubernetes-preserve-unknown-fields. apiVersion, kind and metadata of the resource
 * (and of embedded resources) are always kept.
 */
export function pruneUnknownFields(
  schema: JSONSchemaProps,
  object: unknown,
): void {
  visitUnknownFields(compile(schema), object, true, undefined, (parent, key) => {
    delete parent[key];
  });
}

/** The fields pruning would drop, as `spec.ports[0].foo` (what fieldValidation reports). */
export function unknownFieldPaths(
  schema: JSONSchemaProps,
  object: unknown,
): string[] {
  const found: string[] = [];
  visitUnknownFields(compile(schema), object, true, '', (_parent, _key, path) =>
    found.push(path!),
  );
  return found;
}

/** Calls `onUnknown` for every field the schema does not declare; paths are built only when `path` is given. */
function visitUnknownFields(
  node: SchemaNode,
  value: unknown,
  resource: boolean,
  path: string | undefined,
  onUnknown: (
    parent: Record<string, unknown>,
    key: string,
    path: string | undefined,
  ) => void,
): void {
  if (Array.isArray(value)) {
    if (node.items)
      value.forEach((item, index) =>
        visitUnknownFields(
          node.items!,
          item,
          false,
          path === undefined ? undefined : `${path}[${index}]`,
          onUnknown,
        ),
      );
    return;
  }
  if (!isPlainObject(value)) return;
  const keepResourceFields = resource || node.embedded;
  const { properties, additional } = node;
  for (const key of Object.keys(value)) {
    if (keepResourceFields && RESOURCE_FIELDS.has(key)) continue;
    const child =
      properties?.get(key) ??
      (typeof additional === 'object' ? additional : undefined);
    let keyPath: string | undefined;
    if (path !== undefined) keyPath = path ? `${path}.${key}` : key;
    if (child) visitUnknownFields(child, value[key], false, keyPath, onUnknown);
    else if (!node.preserveUnknown && additional !== true)
      onUnknown(value, key, keyPath);
  }
}
