/*
 * The JSONPath dialect of k8s.io/client-go/util/jsonpath, as the API server
 * evaluates a CRD's additionalPrinterColumns: `.a.b`, `['a.b']`, `[0]`,
 * `[-1]`, `[1:3]`, `[*]`, `.*`, `..name`, unions `[0,2]` / `['a','b']` and
 * filters `[?(@.type=="Ready")]` (==, !=, <, <=, >, >=, or existence).
 * Missing keys give no result rather than an error (AllowMissingKeys).
 */
import { isPlainObject } from './json';

type Literal = string | number | boolean | null;

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name?: string }
  | { kind: 'index'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'fields'; names: string[] }
  | { kind: 'filter'; left: Operand; op?: string; right?: Operand };

type Operand = { path: Step[] } | { literal: Literal };

export class JsonPathError extends Error {}

class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  parse(): Step[] {
    this.skipSpaces();
    if (this.peek() === '{' && this.text.trimEnd().endsWith('}')) {
      this.position += 1;
      const steps = this.steps('}');
      this.expect('}');
      return steps;
    }
    return this.steps();
  }

  /** Steps up to the end, or to `}` at the top and an operator inside a filter. */
  private steps(until?: string): Step[] {
    const steps: Step[] = [];
    this.skipSpaces();
    if (this.peek() === '$' || this.peek() === '@') this.position += 1;
    for (;;) {
      const next = this.peek();
      if (next === undefined || next === until || /[\s)=!<>,]/.test(next))
        break;
      if (next === '.') {
        this.position += 1;
        if (this.peek() === '.') {
          this.position += 1;
          if (this.peek() === '*') {
            this.position += 1;
            steps.push({ kind: 'recursive' });
          } else {
            steps.push({ kind: 'recursive', name: this.fieldName() });
          }
        } else if (this.peek() === '*') {
          this.position += 1;
          steps.push({ kind: 'wildcard' });
        } else if (this.peek() === '[' || this.peek() === until) {
          continue;
        } else {
          steps.push({ kind: 'field', name: this.fieldName() });
        }
      } else if (next === '[') {
        steps.push(this.bracket());
      } else if (steps.length === 0) {
        steps.push({ kind: 'field', name: this.fieldName() });
      } else {
        throw new JsonPathError(
          `unrecognized character in action: U+${next
            .charCodeAt(0)
            .toString(16)
            .toUpperCase()
            .padStart(4, '0')} '${next}'`,
        );
      }
    }
    return steps;
  }

  private fieldName(): string {
    let name = '';
    for (;;) {
      const next = this.peek();
      if (next === undefined || /[.[\]\s(){}=!<>,]/.test(next)) break;
      if (next === '\\' && this.text[this.position + 1] !== undefined) {
        name += this.text[this.position + 1];
        this.position += 2;
        continue;
      }
      name += next;
      this.position += 1;
    }
    if (!name) throw new JsonPathError('invalid array index or field name');
    return name;
  }

  private bracket(): Step {
    this.expect('[');
    this.skipSpaces();
    let step: Step;
    if (this.peek() === '?') {
      this.position += 1;
      this.expect('(');
      step = this.filter();
      this.expect(')');
    } else if (this.peek() === '*') {
      this.position += 1;
      step = { kind: 'wildcard' };
    } else if (this.peek() === "'" || this.peek() === '"') {
      const names = [this.quoted()];
      while (this.skipSpaces() && this.peek() === ',') {
        this.position += 1;
        this.skipSpaces();
        names.push(this.quoted());
      }
      step =
        names.length === 1
          ? { kind: 'field', name: names[0] }
          : { kind: 'fields', names };
    } else {
      step = this.indexes();
    }
    this.skipSpaces();
    this.expect(']');
    return step;
  }

  private indexes(): Step {
    const body = this.until(']');
    if (body.includes(':')) {
      const parts = body.split(':').map(part => part.trim());
      if (parts.length > 3)
        throw new JsonPathError(`invalid array index ${body}`);
      const [start, end, step] = parts.map(part =>
        part === '' ? undefined : this.integer(part),
      );
      return { kind: 'slice', start, end, step };
    }
    return {
      kind: 'index',
      indexes: body.split(',').map(part => this.integer(part.trim())),
    };
  }

  private integer(text: string): number {
    if (!/^-?\d+$/.test(text))
      throw new JsonPathError(`invalid array index ${text}`);
    return Number(text);
  }

  private filter(): Step {
    this.skipSpaces();
    const left = this.operand();
    this.skipSpaces();
    const op = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.position))?.[0];
    if (!op) return { kind: 'filter', left };
    this.position += op.length;
    this.skipSpaces();
    const right = this.operand();
    this.skipSpaces();
    return { kind: 'filter', left, op, right };
  }

  private operand(): Operand {
    const next = this.peek();
    if (next === '@') return { path: this.steps() };
    if (next === "'" || next === '"') return { literal: this.quoted() };
    const word = /^[^\s)=!<>]+/.exec(this.text.slice(this.position))?.[0];
    if (!word) throw new JsonPathError('unrecognized filter operand');
    this.position += word.length;
    if (word === 'true' || word === 'false')
      return { literal: word === 'true' };
    if (word === 'nil' || word === 'null') return { literal: null };
    const number = Number(word);
    if (Number.isNaN(number))
      throw new JsonPathError(`unrecognized filter operand ${word}`);
    return { literal: number };
  }

  private quoted(): string {
    const quote = this.peek()!;
    this.position += 1;
    let value = '';
    for (;;) {
      const next = this.peek();
      if (next === undefined)
        throw new JsonPathError('unterminated quoted string');
      this.position += 1;
      if (next === quote) return value;
      if (next === '\\' && this.peek() !== undefined) {
        value += this.peek();
        this.position += 1;
      } else {
        value += next;
      }
    }
  }

  private until(terminator: string): string {
    const end = this.text.indexOf(terminator, this.position);
    if (end < 0) throw new JsonPathError(`unterminated array`);
    const body = this.text.slice(this.position, end);
    this.position = end;
    return body;
  }

  private expect(character: string): void {
    if (this.peek() !== character) {
      throw new JsonPathError(
        this.peek() === undefined
          ? `unexpected end of path, expected ${character}`
          : `unexpected ${this.peek()} at ${
              this.position
            }, expected ${character}`,
      );
    }
    this.position += 1;
  }

  private skipSpaces(): true {
    while (this.peek() !== undefined && /\s/.test(this.peek()!))
      this.position += 1;
    return true;
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value))
    return Object.keys(value)
      .sort()
      .map(key => value[key]);
  return [];
}

function descendants(value: unknown, name: string | undefined): unknown[] {
  const found: unknown[] = [];
  const visit = (node: unknown) => {
    if (isPlainObject(node)) {
      for (const key of Object.keys(node).sort()) {
        if (name === undefined || key === name) found.push(node[key]);
      }
    } else if (Array.isArray(node) && name === undefined) {
      found.push(...node);
    }
    for (const child of children(node)) visit(child);
  };
  visit(value);
  return found;
}

function normalizeIndex(index: number, length: number): number {
  return index < 0 ? index + length : index;
}

function sliceOf(list: unknown[], step: Extract<Step, { kind: 'slice' }>) {
  const stride = step.step ?? 1;
  const clamp = (index: number) =>
    Math.min(Math.max(normalizeIndex(index, list.length), 0), list.length);
  const start = clamp(step.start ?? 0);
  const end = clamp(step.end ?? list.length);
  const result: unknown[] = [];
  for (let index = start; index < end; index += Math.max(stride, 1))
    result.push(list[index]);
  return result;
}

function compare(left: unknown, op: string, right: unknown): boolean {
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    default: {
      if (typeof left !== typeof right) return false;
      const a = left as number | string;
      const b = right as number | string;
      if (op === '<') return a < b;
      if (op === '<=') return a <= b;
      if (op === '>') return a > b;
      return a >= b;
    }
  }
}

function operandValues(operand: Operand, item: unknown): unknown[] {
  return 'literal' in operand
    ? [operand.literal]
    : evaluateSteps(operand.path, [item]);
}

function matchesFilter(
  step: Extract<Step, { kind: 'filter' }>,
  item: unknown,
): boolean {
  const left = operandValues(step.left, item);
  if (!step.op || !step.right) return left.length > 0;
  const right = operandValues(step.right, item);
  return left.some(a => right.some(b => compare(a, step.op!, b)));
}

function applyStep(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return isPlainObject(value) && value[step.name] !== undefined
        ? [value[step.name]]
        : [];
    case 'fields':
      return isPlainObject(value)
        ? step.names
            .filter(name => value[name] !== undefined)
            .map(name => value[name])
        : [];
    case 'wildcard':
      return children(value);
    case 'recursive':
      return descendants(value, step.name);
    case 'index':
      if (!Array.isArray(value)) return [];
      return step.indexes
        .map(index => normalizeIndex(index, value.length))
        .filter(index => index >= 0 && index < value.length)
        .map(index => value[index]);
    case 'slice':
      return Array.isArray(value) ? sliceOf(value, step) : [];
    default:
      return (Array.isArray(value) ? value : [value]).filter(item =>
        matchesFilter(step, item),
      );
  }
}

function evaluateSteps(steps: readonly Step[], values: unknown[]): unknown[] {
  let current = values;
  for (const step of steps)
    current = current.flatMap(value => applyStep(step, value));
  return current;
}

export interface JsonPath {
  /** Every value the path selects, in order; none when a key is missing. */
  evaluate(object: unknown): unknown[];
}

/** Compiles a path such as `.status.conditions[?(@.type=="Ready")].status` (braces optional). */
export function compileJsonPath(path: string): JsonPath {
  const steps = new Parser(path).parse();
  return { evaluate: object => evaluateSteps(steps, [object]) };
}

/** How client-go prints one selected value: objects and lists as JSON, the rest as text. */
export function formatJsonPathValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return goJson(value);
  return String(value);
}

/** encoding/json's Marshal: sorted keys, HTML-escaped. */
function goJson(value: unknown): string {
  const sort = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sort);
    if (!isPlainObject(node)) return node;
    return Object.fromEntries(
      Object.keys(node)
        .sort()
        .map(key => [key, sort(node[key])]),
    );
  };
  return JSON.stringify(sort(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
