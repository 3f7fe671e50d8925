/*
 * x-kubernetes-validations as the API server runs them on every write of a
 * custom object (apiextensions-apiserver's schema/cel validation.go):
 *
 * - each rule runs with `self` bound to the value at its schema node (per
 *   item of a list, per value of a map), only where that value is not null;
 * - a transition rule (one that reads `oldSelf`) runs only on an update, and
 *   only where the old value can be correlated: object fields by name, map
 *   values by key, items of x-kubernetes-list-type=map lists by their keys;
 *   with optionalOldSelf it runs on creates too, with oldSelf optional;
 * - ratcheting: on an update, a failing rule that does not read oldSelf is
 *   not held against a value that did not change;
 * - a failure is a cause at the rule's path (or its fieldPath), with the
 *   rule's message, its messageExpression, or "failed rule: <rule>", and the
 *   cause type its `reason` names.
 */
import { isCelError, type CelValue } from '@bufbuild/cel';
import { deepEqual, isPlainObject } from '../json';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../schema';
import type { FieldCause, JSONSchemaProps } from '../types';
import {
  CompiledExpression,
  compileExpression,
  evaluationErrorText,
} from './compile';
import { CelType, declType, T } from './types';
import { opaque, ValueConverter } from './values';

/** One entry of x-kubernetes-validations. */
export interface ValidationRule {
  rule?: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

const REASONS = [
  'FieldValueInvalid',
  'FieldValueForbidden',
  'FieldValueRequired',
  'FieldValueDuplicate',
];

interface CompiledRule {
  rule: ValidationRule;
  program?: CompiledExpression;
  message?: CompiledExpression;
  /** The fieldPath as the failure's field names it, relative to the rule's node. */
  fieldPath?: string;
  /** Why the CRD that declares the rule is refused; one cause per problem, paths relative to the rule. */
  problems: Array<{ field: string; cause: (field: string) => FieldCause }>;
}

interface RuleNode {
  /** The schema of the values the rules see (types, list types). */
  schema: JSONSchemaProps;
  /** A custom resource's root or an embedded resource: apiVersion, kind and metadata.name are visible. */
  resourceRoot: boolean;
  rules: CompiledRule[];
  properties?: Map<string, RuleNode>;
  additional?: RuleNode;
  items?: RuleNode;
  allOf?: RuleNode[];
}

// ---------------------------------------------------------------------------
// Compiling a schema's rules

/** fieldPath: `.a.b`, `.a['x.y']`, relative to the rule's node, naming properties or map keys. */
function normalizeFieldPath(
  fieldPath: string,
  schema: JSONSchemaProps,
): { path: string } | { error: string } {
  const tokens = fieldPath.match(/'(?:[^'\\]|\\.)*'|[.[\]]|[^.[\]']+/g) ?? [];
  let node: JSONSchemaProps | undefined = schema;
  let path = '';
  const step = (name: string): string | undefined => {
    if (node?.properties) {
      node = node.properties[name];
      if (!node) return 'does not refer to a valid field';
      path = path ? `${path}.${name}` : name;
      return undefined;
    }
    if (typeof node?.additionalProperties === 'object') {
      node = node.additionalProperties;
      path = `${path}[${name}]`;
      return undefined;
    }
    return 'does not refer to a valid field';
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    let failure: string | undefined;
    if (token === '.') {
      const name = tokens[++index];
      failure = name === undefined ? 'unexpected end of JSON path' : step(name);
    } else if (token === '[') {
      const quoted = tokens[++index];
      if (!quoted || !/^'.*'$/.test(quoted))
        return {
          error: `expected single quoted string but got ${quoted ?? ''}`,
        };
      failure = step(quoted.slice(1, -1).replace(/\\(.)/g, '$1'));
      if (tokens[++index] !== ']')
        return { error: `expected ] but got ${tokens[index] ?? ''}` };
    } else {
      return { error: `expected [ or . but got: ${token}` };
    }
    if (failure) return { error: failure };
  }
  return { path };
}

/** %#v of apiextensions.ValidationRule, as a compile error quotes the rule. */
function goRule(rule: ValidationRule): string {
  const quote = (text: string | undefined) => JSON.stringify(text ?? '');
  const reason =
    rule.reason === undefined
      ? '(*apiextensions.FieldValueErrorReason)(nil)'
      : `(*apiextensions.FieldValueErrorReason)(${quote(rule.reason)})`;
  const optional =
    rule.optionalOldSelf === undefined
      ? '(*bool)(nil)'
      : `(*bool)(${rule.optionalOldSelf})`;
  return `apiextensions.ValidationRule{Rule:${quote(
    rule.rule,
  )}, Message:${quote(rule.message)}, MessageExpression:${quote(
    rule.messageExpression,
  )}, Reason:${reason}, FieldPath:${quote(
    rule.fieldPath,
  )}, OptionalOldSelf:${optional}}`;
}

/** field.Invalid with a Go struct as the value, which the server prints with %#v (unquoted). */
function ruleInvalid(
  field: string,
  rule: ValidationRule,
  detail: string,
): FieldCause {
  return {
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${goRule(rule)}: ${detail}`,
  };
}

function compileRule(
  rule: ValidationRule,
  schema: JSONSchemaProps,
  self: CelType | undefined,
): CompiledRule {
  const compiled: CompiledRule = { rule, problems: [] };
  const problem = (field: string, cause: (at: string) => FieldCause) =>
    compiled.problems.push({ field, cause });
  const source = rule.rule ?? '';
  if (!self) {
    problem('rule', at =>
      ruleInvalid(
        at,
        rule,
        `rule declared on schema that does not support validation rules type: '${
          schema.type ?? ''
        }' x-kubernetes-preserve-unknown-fields: '${
          schema['x-kubernetes-preserve-unknown-fields'] === true
        }'`,
      ),
    );
    return compiled;
  }
  const variables = new Map<string, CelType>([
    ['self', self],
    ['oldSelf', rule.optionalOldSelf ? T.opaque('optional_type', self) : self],
  ]);
  if (source.trim() === '') {
    problem('rule', at => fieldRequired(at));
  } else {
    const result = compileExpression(source, variables, 'bool');
    if (result.error)
      problem('rule', at =>
        ruleInvalid(at, rule, `compilation failed: ${result.error}`),
      );
    compiled.program = result.program;
  }
  if (rule.messageExpression !== undefined) {
    const result = compileExpression(
      rule.messageExpression,
      new Map([
        ['self', self],
        ['oldSelf', self],
      ]),
      'string',
    );
    if (result.error)
      problem('messageExpression', at =>
        ruleInvalid(
          at,
          rule,
          `messageExpression compilation failed: ${result.error}`,
        ),
      );
    compiled.message = result.program;
  }
  if (rule.message !== undefined) {
    if (rule.message.trim() === '')
      problem('message', at =>
        fieldInvalid(
          at,
          rule.message,
          'message must be non-empty if specified',
        ),
      );
    else if (/\n/.test(rule.message))
      problem('message', at =>
        fieldInvalid(at, rule.message, 'message must not contain line breaks'),
      );
  } else if (/\n/.test(source) && rule.messageExpression === undefined) {
    problem('message', at =>
      fieldRequired(
        at,
        'message must be specified if rule contains line breaks',
      ),
    );
  }
  if (rule.reason !== undefined && !REASONS.includes(rule.reason))
    problem('reason', at => fieldNotSupported(at, rule.reason, REASONS));
  if (rule.fieldPath !== undefined) {
    const normalized = normalizeFieldPath(rule.fieldPath, schema);
    if ('error' in normalized)
      problem('fieldPath', at =>
        fieldInvalid(
          at,
          rule.fieldPath,
          `fieldPath must be a valid path: ${normalized.error}`,
        ),
      );
    else compiled.fieldPath = normalized.path;
  }
  if (rule.optionalOldSelf && compiled.program && !compiled.program.usesOldSelf)
    problem('optionalOldSelf', at =>
      fieldInvalid(at, true, 'may not be set if oldSelf is not used in rule'),
    );
  return compiled;
}

/**
 * Visits every rule-carrying level of a schema the way the server pairs them:
 * rules come from `validation` (the node itself, or one of its allOf parts,
 * which may only add rules), types from `node`. `at` names the level for the
 * visitor: the CRD path of the schema and the object path of its values.
 */
interface Level {
  validation: JSONSchemaProps;
  node: JSONSchemaProps;
  resourceRoot: boolean;
  crdPath: string;
  objectPath: string;
}

function* levels(level: Level): Generator<Level> {
  const { validation, node, crdPath, objectPath } = level;
  if (!validation || typeof validation !== 'object') return;
  yield level;
  const embedded = (schema: JSONSchemaProps) =>
    schema['x-kubernetes-embedded-resource'] === true;
  for (const [name, property] of Object.entries(validation.properties ?? {})) {
    const target = node.properties?.[name];
    if (target)
      yield* levels({
        validation: property,
        node: target,
        resourceRoot: embedded(target),
        crdPath: `${crdPath}.properties[${name}]`,
        objectPath: `${objectPath}.${name}`,
      });
  }
  const additional = validation.additionalProperties;
  if (
    typeof additional === 'object' &&
    additional &&
    typeof node.additionalProperties === 'object' &&
    node.additionalProperties
  )
    yield* levels({
      validation: additional,
      node: node.additionalProperties,
      resourceRoot: embedded(node.additionalProperties),
      crdPath: `${crdPath}.additionalProperties`,
      objectPath: `${objectPath}[*]`,
    });
  if (validation.items && node.items)
    yield* levels({
      validation: validation.items,
      node: node.items,
      resourceRoot: embedded(node.items),
      crdPath: `${crdPath}.items`,
      objectPath: `${objectPath}[]`,
    });
  for (const [index, part] of (validation.allOf ?? []).entries())
    yield* levels({
      ...level,
      validation: part,
      crdPath: `${crdPath}.allOf[${index}]`,
    });
}

function rulesOf(schema: JSONSchemaProps): ValidationRule[] {
  return (schema['x-kubernetes-validations'] ?? []) as ValidationRule[];
}

function compileLevel(level: Level): CompiledRule[] {
  const self = declType(level.node, level.resourceRoot);
  return rulesOf(level.validation).map(rule =>
    compileRule(rule, level.node, self),
  );
}

function rootLevel(schema: JSONSchemaProps, crdPath = ''): Level {
  return {
    validation: schema,
    node: schema,
    resourceRoot: true,
    crdPath,
    objectPath: '',
  };
}

const compiledTrees = new WeakMap<JSONSchemaProps, RuleNode | null>();

function buildTree(
  validation: JSONSchemaProps,
  node: JSONSchemaProps,
  resourceRoot: boolean,
): RuleNode | undefined {
  const level = { validation, node, resourceRoot, crdPath: '', objectPath: '' };
  const tree: RuleNode = {
    schema: node,
    resourceRoot,
    rules: compileLevel(level),
  };
  let any = tree.rules.length > 0;
  const embedded = (schema: JSONSchemaProps) =>
    schema['x-kubernetes-embedded-resource'] === true;
  for (const [name, property] of Object.entries(validation.properties ?? {})) {
    const target = node.properties?.[name];
    const child = target && buildTree(property, target, embedded(target));
    if (child) (tree.properties ??= new Map()).set(name, child);
  }
  const additional = validation.additionalProperties;
  if (
    typeof additional === 'object' &&
    additional &&
    typeof node.additionalProperties === 'object' &&
    node.additionalProperties
  )
    tree.additional = buildTree(
      additional,
      node.additionalProperties,
      embedded(node.additionalProperties),
    );
  if (validation.items && node.items)
    tree.items = buildTree(validation.items, node.items, embedded(node.items));
  const allOf = (validation.allOf ?? []).flatMap(part => {
    const child = buildTree(part, node, resourceRoot);
    return child ? [child] : [];
  });
  if (allOf.length) tree.allOf = allOf;
  any ||= Boolean(
    tree.properties || tree.additional || tree.items || tree.allOf,
  );
  return any ? tree : undefined;
}

/** A custom resource's compiled rules, or undefined when it has none; cached per schema object. */
function ruleTree(schema: JSONSchemaProps): RuleNode | undefined {
  let tree = compiledTrees.get(schema);
  if (tree === undefined) {
    tree = buildTree(schema, schema, true) ?? null;
    compiledTrees.set(schema, tree);
  }
  return tree ?? undefined;
}

/** How many rules a schema declares, at every level (allOf included). */
export function countRules(schema: JSONSchemaProps): number {
  let count = 0;
  for (const level of levels(rootLevel(schema)))
    count += rulesOf(level.validation).length;
  return count;
}

/**
 * Why a CRD version's rules would be refused: rules that do not compile,
 * messageExpressions that do not, bad fieldPaths, reasons and messages.
 * `field` is where the schema sits in the CRD, e.g. spec.versions[0].schema.openAPIV3Schema.
 */
export function ruleCompilationCauses(
  schema: JSONSchemaProps,
  field: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const level of levels(rootLevel(schema, field))) {
    compileLevel(level).forEach((compiled, index) => {
      for (const problem of compiled.problems)
        causes.push(
          problem.cause(
            `${level.crdPath}.x-kubernetes-validations[${index}].${problem.field}`,
          ),
        );
    });
  }
  return causes;
}

export interface ListedRule {
  /** Where the rule's `self` sits, as `.spec.rules[].matches[]` (`[*]` for map values). */
  path: string;
  rule: ValidationRule;
  /** Why it does not compile, as the server would say. */
  error?: string;
}

/** Every rule of a schema, with where it sits and whether it compiles: for tests that go through them all. */
export function listRules(schema: JSONSchemaProps): ListedRule[] {
  const found: ListedRule[] = [];
  for (const level of levels(rootLevel(schema))) {
    const rules = rulesOf(level.validation);
    compileLevel(level).forEach((compiled, index) => {
      const error = compiled.problems
        .map(
          problem =>
            `${problem.field}: ${problem.cause(problem.field).message}`,
        )
        .join('; ');
      found.push({
        path: level.objectPath,
        rule: rules[index],
        ...(error ? { error } : {}),
      });
    });
  }
  return found;
}

// ---------------------------------------------------------------------------
// Running the rules

interface Pass {
  converter: ValueConverter;
  out: FieldCause[];
}

function childField(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** The failure as the rule's reason words it; the value shown is the node's schema type. */
function failureCause(
  field: string,
  schema: JSONSchemaProps,
  detail: string,
  reason: string | undefined,
): FieldCause {
  switch (reason) {
    case 'FieldValueForbidden':
      return { reason, field, message: `Forbidden: ${detail}` };
    case 'FieldValueRequired':
      return { reason, field, message: `Required value: ${detail}` };
    case 'FieldValueDuplicate':
      return {
        reason,
        field,
        message: `Duplicate value: ${JSON.stringify(schema.type ?? '')}`,
      };
    default:
      return fieldInvalid(field, schema.type ?? '', detail);
  }
}

function ruleText(rule: ValidationRule): string {
  return rule.message?.trim() || (rule.rule ?? '').trim();
}

function messageOf(
  compiled: CompiledRule,
  bindings: Record<string, CelValue>,
): string {
  if (compiled.message) {
    const result = compiled.message.run(bindings);
    if (typeof result === 'string') {
      const trimmed = result.trim();
      if (trimmed && !/\n/.test(trimmed) && trimmed.length <= 5 * 1024)
        return trimmed;
    }
  }
  return (
    compiled.rule.message?.trim() ||
    `failed rule: ${(compiled.rule.rule ?? '').trim()}`
  );
}

function evaluate(
  node: RuleNode,
  value: unknown,
  old: unknown,
  path: string,
  unchanged: boolean,
  pass: Pass,
): void {
  const field = path || '<nil>';
  for (const compiled of node.rules) {
    const { rule, program } = compiled;
    if (!program) {
      if (compiled.problems.length > 0)
        pass.out.push(
          fieldInvalid(
            field,
            node.schema.type ?? '',
            `rule compile error: ${compiled.problems
              .map(p => p.cause('').message)
              .join('; ')}`,
          ),
        );
      continue;
    }
    const optional = rule.optionalOldSelf === true;
    if (program.usesOldSelf && old === undefined && !optional) continue;
    let self: CelValue;
    let oldSelf: CelValue | undefined;
    try {
      self = pass.converter.toCel(value, node.schema, node.resourceRoot);
      oldSelf =
        old === undefined
          ? undefined
          : pass.converter.toCel(old, node.schema, node.resourceRoot);
    } catch (error) {
      // Data the schema checks let through but CEL cannot read (a date-time it cannot parse).
      pass.out.push(
        fieldInvalid(
          field,
          node.schema.type ?? '',
          `${evaluationErrorText(error)} evaluating rule: ${ruleText(rule)}`,
        ),
      );
      continue;
    }
    const bindings: Record<string, CelValue> = { self };
    if (oldSelf !== undefined) bindings.oldSelf = oldSelf;
    const ruleBindings = optional
      ? {
          self,
          oldSelf:
            oldSelf === undefined
              ? opaque({ type: 'optional_type' })
              : opaque({ type: 'optional_type', text: 'some', value: oldSelf }),
        }
      : bindings;
    const result = program.run(ruleBindings);
    if (isCelError(result) || result instanceof Error) {
      const text = evaluationErrorText(result);
      pass.out.push(
        fieldInvalid(
          field,
          node.schema.type ?? '',
          /^no such overload|^found no matching overload/.test(text)
            ? `'${text}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText(
                rule,
              )}`
            : `${text} evaluating rule: ${ruleText(rule)}`,
        ),
      );
      continue;
    }
    if (result === true) continue;
    // Ratcheting: a value the update left as it was keeps passing.
    if (!program.usesOldSelf && unchanged) continue;
    const at = compiled.fieldPath
      ? childField(path, compiled.fieldPath)
      : field;
    pass.out.push(
      failureCause(at, node.schema, messageOf(compiled, bindings), rule.reason),
    );
  }
}

function mapListKey(
  item: unknown,
  keys: readonly string[],
): string | undefined {
  if (!isPlainObject(item)) return undefined;
  return JSON.stringify(keys.map(key => item[key] ?? null));
}

function validateNode(
  node: RuleNode,
  value: unknown,
  old: unknown,
  path: string,
  unchanged: boolean,
  pass: Pass,
): void {
  if (value === null || value === undefined) return;
  const previous = old === null ? undefined : old;
  evaluate(node, value, previous, path, unchanged, pass);
  // allOf parts only add rules: their subtrees are walked with them.
  for (const part of node.allOf ?? [])
    validateNode(part, value, previous, path, unchanged, pass);
  if (Array.isArray(value)) {
    if (!node.items) return;
    const listType = node.schema['x-kubernetes-list-type'];
    const keys = node.schema['x-kubernetes-list-map-keys'] ?? [];
    const oldItems = new Map<string, unknown>();
    if (listType === 'map' && Array.isArray(old)) {
      for (const item of old) {
        const key = mapListKey(item, keys);
        if (key !== undefined) oldItems.set(key, item);
      }
    }
    value.forEach((item, index) => {
      // Only items of a map-list have an old value; others share the list's verdict for ratcheting.
      const key = listType === 'map' ? mapListKey(item, keys) : undefined;
      const oldItem = key === undefined ? undefined : oldItems.get(key);
      const itemUnchanged =
        listType === 'map'
          ? oldItem !== undefined && deepEqual(item, oldItem)
          : unchanged;
      validateNode(
        node.items!,
        item,
        oldItem,
        `${path}[${index}]`,
        itemUnchanged,
        pass,
      );
    });
    return;
  }
  if (!isPlainObject(value)) return;
  const oldObject = isPlainObject(old) ? old : undefined;
  const named = node.schema.properties !== undefined;
  for (const [key, item] of Object.entries(value)) {
    const child = named ? node.properties?.get(key) : node.additional;
    if (!child) continue;
    const oldItem = oldObject?.[key];
    const childPath = named ? childField(path, key) : `${path}[${key}]`;
    validateNode(
      child,
      item,
      oldItem,
      childPath,
      oldItem !== undefined && deepEqual(item, oldItem),
      pass,
    );
  }
}

/** Whether the schema has x-kubernetes-validations anywhere (the server then builds a CEL validator). */
export function hasRules(schema: JSONSchemaProps): boolean {
  return ruleTree(schema) !== undefined;
}

/** The causes a real API server gives for the object's x-kubernetes-validations; `old` on updates. */
export function validateRules(
  schema: JSONSchemaProps,
  object: unknown,
  old?: unknown,
): FieldCause[] {
  const tree = ruleTree(schema);
  if (!tree) return [];
  const pass: Pass = { converter: new ValueConverter(), out: [] };
  validateNode(
    tree,
    object,
    old,
    '',
    old !== undefined && deepEqual(object, old),
    pass,
  );
  return pass.out;
}
