/*
 * Reads the VPC Lattice Smithy model (JSON AST) from the shared reference
 * folder and checks JSON values against its shapes, for contract tests.
 */
import fs from 'node:fs';
import path from 'node:path';

export const MODEL_PATH = path.resolve(__dirname, '../../../../../shared/reference/lattice-api/vpc-lattice-2022-11-30.smithy.json');
export const NAMESPACE = 'com.amazonaws.vpclattice#';

interface ShapeRef {
  target: string;
  traits?: Record<string, unknown>;
}

export interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  traits?: Record<string, any>;
}

export interface SmithyModel {
  shapes: Record<string, Shape>;
}

export function loadModel(): SmithyModel | undefined {
  return fs.existsSync(MODEL_PATH) ? (JSON.parse(fs.readFileSync(MODEL_PATH, 'utf8')) as SmithyModel) : undefined;
}

const HTTP_BINDINGS = ['smithy.api#httpLabel', 'smithy.api#httpQuery', 'smithy.api#httpHeader', 'smithy.api#httpPayload'];

/** Members carried in the JSON body (not bound to the URI, query or headers). */
export function bodyMembers(shape: Shape): Record<string, ShapeRef> {
  return Object.fromEntries(
    Object.entries(shape.members ?? {}).filter(([, ref]) => !HTTP_BINDINGS.some(trait => ref.traits?.[trait] !== undefined)),
  );
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every way `value` departs from the shape `target`: unknown or missing members, wrong types, enums, patterns, lengths, ranges. */
export function shapeProblems(model: SmithyModel, target: string, value: unknown, where: string): string[] {
  if (target.startsWith('smithy.api#')) return preludeProblems(target.slice('smithy.api#'.length), value, where);
  const shape = model.shapes[target];
  if (!shape) return [`${where}: shape ${target} is not in the model`];
  const traits = shape.traits ?? {};
  const problems: string[] = [];
  const describe = `${where} (${target.slice(NAMESPACE.length)})`;

  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (!isObject(value)) return [`${describe}: expected an object, got ${JSON.stringify(value)}`];
      const members = bodyMembers(shape);
      for (const [key, item] of Object.entries(value)) {
        const member = members[key];
        if (!member) problems.push(`${describe}: '${key}' is not a member`);
        else problems.push(...shapeProblems(model, member.target, item, `${where}.${key}`));
      }
      if (shape.type === 'union' && Object.keys(value).length !== 1) {
        problems.push(`${describe}: a union must set exactly one member`);
      }
      for (const [key, member] of Object.entries(members)) {
        if (member.traits?.['smithy.api#required'] !== undefined && value[key] === undefined) {
          problems.push(`${describe}: required member '${key}' is missing`);
        }
      }
      return problems;
    }
    case 'list':
      if (!Array.isArray(value)) return [`${describe}: expected a list`];
      problems.push(...lengthProblems(traits, value.length, describe));
      value.forEach((item, i) => problems.push(...shapeProblems(model, shape.member!.target, item, `${where}[${i}]`)));
      return problems;
    case 'map':
      if (!isObject(value)) return [`${describe}: expected a map`];
      problems.push(...lengthProblems(traits, Object.keys(value).length, describe));
      for (const [key, item] of Object.entries(value)) {
        problems.push(...shapeProblems(model, shape.key!.target, key, `${where} key`));
        problems.push(...shapeProblems(model, shape.value!.target, item, `${where}[${key}]`));
      }
      return problems;
    case 'string': {
      if (typeof value !== 'string') return [`${describe}: expected a string`];
      const allowed = (traits['smithy.api#enum'] as Array<{ value: string }> | undefined)?.map(e => e.value);
      if (allowed && !allowed.includes(value)) problems.push(`${describe}: '${value}' is not one of ${allowed.join(', ')}`);
      const pattern = traits['smithy.api#pattern'] as string | undefined;
      if (pattern && !new RegExp(pattern).test(value)) problems.push(`${describe}: '${value}' does not match ${pattern}`);
      return [...problems, ...lengthProblems(traits, value.length, describe)];
    }
    case 'integer':
    case 'long': {
      if (!Number.isInteger(value)) return [`${describe}: expected an integer`];
      const range = traits['smithy.api#range'] as { min?: number; max?: number } | undefined;
      if (range?.min !== undefined && (value as number) < range.min) problems.push(`${describe}: ${value} < ${range.min}`);
      if (range?.max !== undefined && (value as number) > range.max) problems.push(`${describe}: ${value} > ${range.max}`);
      return problems;
    }
    default:
      return preludeProblems(shape.type, value, describe);
  }
}

function preludeProblems(type: string, value: unknown, where: string): string[] {
  const ok: Record<string, (v: unknown) => boolean> = {
    String: v => typeof v === 'string',
    string: v => typeof v === 'string',
    Boolean: v => typeof v === 'boolean',
    boolean: v => typeof v === 'boolean',
    Integer: Number.isInteger,
    integer: Number.isInteger,
    Long: Number.isInteger,
    long: Number.isInteger,
    timestamp: v => typeof v === 'string' && ISO_8601.test(v),
  };
  const check = ok[type];
  if (!check) return [`${where}: no check for the ${type} type`];
  return check(value) ? [] : [`${where}: ${JSON.stringify(value)} is not a valid ${type}`];
}

function lengthProblems(traits: Record<string, any>, length: number, where: string): string[] {
  const limits = traits['smithy.api#length'] as { min?: number; max?: number } | undefined;
  if (limits?.min !== undefined && length < limits.min) return [`${where}: length ${length} < ${limits.min}`];
  if (limits?.max !== undefined && length > limits.max) return [`${where}: length ${length} > ${limits.max}`];
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
