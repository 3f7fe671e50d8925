/*
 * Compiling a rule as the API server does when a CRD is written: parse
 * (@bufbuild/cel), then type-check against the declared types of `self` and
 * `oldSelf` (field names, function overloads, operators, comprehensions),
 * and require a bool (a string for messageExpression). Errors read like
 * cel-go's: `ERROR: <input>:1:6: undefined field 'foo'` with the source
 * line and a caret. The checked program is then planned once per source
 * text and reused by every schema node and cluster that has the rule.
 */
import {
  celEnv,
  isCelError,
  parse,
  plan,
  type CelResult,
  type CelValue,
} from '@bufbuild/cel';
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import {
  FUNCTION_NAMESPACES,
  FUNCTIONS,
  Overload,
  runtimeFunctions,
} from './library';
import { CelType, T, typeName } from './types';

export interface CompiledExpression {
  source: string;
  /** Whether the expression reads `oldSelf`: a transition rule, evaluated only on updates. */
  usesOldSelf: boolean;
  run(bindings: Record<string, CelValue>): CelResult;
}

export type Compilation =
  | { program: CompiledExpression; error?: undefined }
  | { program?: undefined; error: string };

const env = celEnv({ funcs: runtimeFunctions() });
/** Planned programs by source text: the plan does not depend on the declared types. */
const planned = new Map<
  string,
  (bindings: Record<string, CelValue>) => CelResult
>();

const TYPE_IDENTIFIERS = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'dyn',
]);

interface Issue {
  offset: number;
  message: string;
}

type Bindings = Map<string, CelType>;

function resolve(type: CelType, bindings: Bindings): CelType {
  switch (type.kind) {
    case 'param':
      return bindings.get(type.name) ?? T.dyn;
    case 'list':
      return T.list(resolve(type.elem, bindings));
    case 'map':
      return T.map(resolve(type.key, bindings), resolve(type.value, bindings));
    case 'opaque':
      return type.of ? T.opaque(type.name, resolve(type.of, bindings)) : type;
    default:
      return type;
  }
}

/** Whether a value of `actual` may be passed where `expected` is declared, binding type parameters. */
function assignable(
  expected: CelType,
  actual: CelType,
  bindings: Bindings,
): boolean {
  if (expected.kind === 'param') {
    const bound = bindings.get(expected.name);
    if (!bound || bound.kind === 'dyn') {
      bindings.set(expected.name, actual);
      return true;
    }
    if (actual.kind === 'dyn') return true;
    return sameType(bound, actual);
  }
  if (
    expected.kind === 'dyn' ||
    actual.kind === 'dyn' ||
    actual.kind === 'null_type'
  )
    return true;
  if (expected.kind !== actual.kind) return false;
  switch (expected.kind) {
    case 'list':
      return assignable(
        expected.elem,
        (actual as typeof expected).elem,
        bindings,
      );
    case 'map': {
      const other = actual as typeof expected;
      return (
        assignable(expected.key, other.key, bindings) &&
        assignable(expected.value, other.value, bindings)
      );
    }
    case 'object':
      return expected.fields === (actual as typeof expected).fields;
    case 'opaque': {
      const other = actual as typeof expected;
      return (
        expected.name === other.name &&
        (!expected.of ||
          !other.of ||
          assignable(expected.of, other.of, bindings))
      );
    }
    default:
      return true;
  }
}

function sameType(left: CelType, right: CelType): boolean {
  return (
    assignable(left, right, new Map()) && assignable(right, left, new Map())
  );
}

class Checker {
  readonly issues: Issue[] = [];
  usesOldSelf = false;

  constructor(
    private readonly positions: Record<string, number>,
    private readonly variables: ReadonlyMap<string, CelType>,
  ) {}

  private issue(expr: Expr, message: string): CelType {
    this.issues.push({ offset: this.positions[String(expr.id)] ?? 0, message });
    return T.dyn;
  }

  check(
    expr: Expr,
    scope: ReadonlyMap<string, CelType> = this.variables,
  ): CelType {
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return this.constant(kind.value.constantKind.case);
      case 'identExpr': {
        const name = kind.value.name;
        const type = scope.get(name);
        if (type) {
          if (
            name === 'oldSelf' &&
            scope.get(name) === this.variables.get(name)
          )
            this.usesOldSelf = true;
          return type;
        }
        if (TYPE_IDENTIFIERS.has(name)) return T.type;
        return this.issue(
          expr,
          `undeclared reference to '${name}' (in container '')`,
        );
      }
      case 'selectExpr': {
        const operand = this.check(kind.value.operand!, scope);
        const field = this.select(expr, operand, kind.value.field);
        return kind.value.testOnly ? T.bool : field;
      }
      case 'callExpr':
        return this.call(expr, kind.value, scope);
      case 'listExpr':
        return T.list(
          this.join(
            expr,
            kind.value.elements.map(element => this.check(element, scope)),
          ),
        );
      case 'structExpr': {
        if (kind.value.messageName)
          return this.issue(
            expr,
            `undeclared reference to '${kind.value.messageName}' (in container '')`,
          );
        const keys: CelType[] = [];
        const values: CelType[] = [];
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey')
            keys.push(this.check(entry.keyKind.value, scope));
          if (entry.value) values.push(this.check(entry.value, scope));
        }
        return T.map(this.join(expr, keys), this.join(expr, values));
      }
      case 'comprehensionExpr':
        return this.comprehension(kind.value, scope);
      default:
        return T.dyn;
    }
  }

  private constant(kind: string | undefined): CelType {
    switch (kind) {
      case 'nullValue':
        return T.null;
      case 'boolValue':
        return T.bool;
      case 'int64Value':
        return T.int;
      case 'uint64Value':
        return T.uint;
      case 'doubleValue':
        return T.double;
      case 'bytesValue':
        return T.bytes;
      case 'durationValue':
        return T.duration;
      case 'timestampValue':
        return T.timestamp;
      default:
        return T.string;
    }
  }

  private select(expr: Expr, operand: CelType, field: string): CelType {
    switch (operand.kind) {
      case 'object':
        return (
          operand.fields.get(field) ??
          this.issue(expr, `undefined field '${field}'`)
        );
      case 'map':
        if (operand.key.kind === 'string' || operand.key.kind === 'dyn')
          return operand.value;
        break;
      case 'dyn':
        return T.dyn;
      default:
        break;
    }
    return this.issue(
      expr,
      `type '${typeName(operand)}' does not support field selection`,
    );
  }

  /** The element type of a list or map literal: one type, as HomogeneousAggregateLiterals requires. */
  private join(expr: Expr, types: CelType[]): CelType {
    let joined: CelType = T.dyn;
    for (const type of types) {
      if (type.kind === 'dyn' || type.kind === 'null_type') continue;
      if (joined.kind === 'dyn') joined = type;
      else if (!sameType(joined, type))
        return this.issue(
          expr,
          `expected type '${typeName(joined)}' but found '${typeName(type)}'`,
        );
    }
    return joined;
  }

  private call(
    expr: Expr,
    call: Extract<Expr['exprKind'], { case: 'callExpr' }>['value'],
    scope: ReadonlyMap<string, CelType>,
  ): CelType {
    let name = call.function;
    let target = call.target;
    if (
      target?.exprKind.case === 'identExpr' &&
      !scope.has(target.exprKind.value.name) &&
      FUNCTION_NAMESPACES.has(target.exprKind.value.name)
    ) {
      name = `${target.exprKind.value.name}.${name}`;
      target = undefined;
    }
    const targetType = target && this.check(target, scope);
    const args = call.args.map(arg => this.check(arg, scope));
    const overloads = FUNCTIONS.get(name);
    if (!overloads)
      return this.issue(
        expr,
        `undeclared reference to '${name}' (in container '')`,
      );
    const results: CelType[] = [];
    for (const overload of overloads) {
      const result = this.match(overload, targetType, args);
      if (result) results.push(result);
    }
    if (results.length === 0) {
      const signature = `(${args.map(typeName).join(', ')})`;
      return this.issue(
        expr,
        `found no matching overload for '${call.function}' applied to '${
          targetType ? `${typeName(targetType)}.` : ''
        }${signature}'`,
      );
    }
    return results.every(result => sameType(result, results[0]))
      ? results[0]
      : T.dyn;
  }

  private match(
    overload: Overload,
    target: CelType | undefined,
    args: CelType[],
  ): CelType | undefined {
    if (
      Boolean(overload.target) !== Boolean(target) ||
      overload.args.length !== args.length
    )
      return undefined;
    const bindings: Bindings = new Map();
    if (
      overload.target &&
      target &&
      !assignable(overload.target, target, bindings)
    )
      return undefined;
    for (let index = 0; index < args.length; index++) {
      if (!assignable(overload.args[index], args[index], bindings))
        return undefined;
    }
    return resolve(overload.result, bindings);
  }

  private comprehension(
    loop: Extract<Expr['exprKind'], { case: 'comprehensionExpr' }>['value'],
    scope: ReadonlyMap<string, CelType>,
  ): CelType {
    const range = this.check(loop.iterRange!, scope);
    let iterType: CelType;
    if (range.kind === 'list') iterType = range.elem;
    else if (range.kind === 'map') iterType = range.key;
    else if (range.kind === 'dyn') iterType = T.dyn;
    else
      iterType = this.issue(
        loop.iterRange!,
        `expression of type '${typeName(
          range,
        )}' cannot be range of a comprehension (must be list, map, or dynamic)`,
      );
    let accuType = this.check(loop.accuInit!, scope);
    const inner = new Map(scope);
    inner.set(loop.iterVar, iterType);
    inner.set(loop.accuVar, accuType);
    this.check(loop.loopCondition!, inner);
    const step = this.check(loop.loopStep!, inner);
    // map() and filter() start from [] and grow by the step: the step says the element type.
    if (
      accuType.kind === 'list' &&
      accuType.elem.kind === 'dyn' &&
      step.kind === 'list'
    )
      accuType = step;
    const outer = new Map(scope);
    outer.set(loop.accuVar, accuType);
    return this.check(loop.result!, outer);
  }
}

/** cel-go's rendering of issues: location, message, the source line and a caret under the column. */
function describeIssues(source: string, issues: Issue[]): string {
  const characters = [...source];
  return issues
    .map(({ offset, message }) => {
      const before = characters.slice(0, offset).join('');
      const line = before.split('\n').length;
      const column = offset - (before.lastIndexOf('\n') + 1);
      const text = source.split('\n')[line - 1] ?? '';
      return `ERROR: <input>:${line}:${
        column + 1
      }: ${message}\n | ${text}\n | ${'.'.repeat(column)}^`;
    })
    .join('\n');
}

/** Parsing is the slow part of a compile (milliseconds a rule): each text is parsed once, CRDs repeat rules. */
const parsedTexts = new Map<string, ReturnType<typeof parse> | Error>();

function parsedOnce(source: string): ReturnType<typeof parse> {
  let parsed = parsedTexts.get(source);
  if (!parsed) {
    try {
      parsed = parse(source);
    } catch (error) {
      parsed = error instanceof Error ? error : new Error(String(error));
    }
    parsedTexts.set(source, parsed);
  }
  if (parsed instanceof Error) throw parsed;
  return parsed;
}

function programFor(source: string, expr: ReturnType<typeof parse>) {
  let run = planned.get(source);
  if (!run) {
    run = plan(env, expr) as (bindings: Record<string, CelValue>) => CelResult;
    planned.set(source, run);
  }
  return run;
}

/**
 * Compiles an expression over `variables` (self, oldSelf) that must evaluate
 * to `expected`. The error, if any, is what the API server prints after
 * "compilation failed: ".
 */
export function compileExpression(
  source: string,
  variables: ReadonlyMap<string, CelType>,
  expected: 'bool' | 'string',
): Compilation {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parsedOnce(source);
  } catch (error) {
    const message = String((error as Error).message ?? error);
    const at = /^<input>:(\d+):(\d+): (.*)$/s.exec(message);
    if (!at) return { error: `ERROR: <input>:1:1: ${message}` };
    const lines = source.split('\n');
    const column = Number(at[2]) - 1;
    return {
      error: `ERROR: <input>:${at[1]}:${at[2]}: Syntax error: ${at[3]}\n | ${
        lines[Number(at[1]) - 1] ?? ''
      }\n | ${'.'.repeat(Math.max(0, column))}^`,
    };
  }
  const checker = new Checker(parsed.sourceInfo?.positions ?? {}, variables);
  const result = checker.check(parsed.expr);
  if (checker.issues.length > 0)
    return { error: describeIssues(source, checker.issues) };
  if (result.kind !== expected && result.kind !== 'dyn') {
    return {
      error:
        expected === 'bool'
          ? 'cel expression must evaluate to a bool'
          : 'must evaluate to string',
    };
  }
  const run = programFor(source, parsed);
  return {
    program: {
      source,
      usesOldSelf: checker.usesOldSelf,
      run: bindings => {
        try {
          return run(bindings);
        } catch (error) {
          return error as CelResult;
        }
      },
    },
  };
}

/** How an evaluation error reads in the API server's message (cel-go's wording). */
export function evaluationErrorText(error: unknown): string {
  const message =
    isCelError(error) || error instanceof Error ? error.message : String(error);
  return message
    .replace(/^field not found: (.*)$/, 'no such key: $1')
    .replace(/^index (-?\d+) out of bounds.*$/, 'index out of bounds: $1')
    .replace(/^key not found: (.*)$/, 'no such key: $1')
    .replace(/^int overflow.*$/, 'integer overflow')
    .replace(/^int divide by zero$/, 'division by zero');
}
