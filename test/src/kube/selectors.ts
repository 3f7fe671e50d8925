/*
 * Label and field selectors, parsed with the grammar and error messages of a real
 * API server (k8s.io/apimachinery labels.Parse and fields.ParseSelector).
 */
import { badRequest } from './errors';
import { labelValueProblem, qualifiedNameProblem } from './objectMeta';
import type { KubeObject } from './types';

type LabelOperator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!exists';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Which fields a resource can be selected by, and how to read them from an object. */
export interface SelectableFields {
  names: readonly string[];
  value(object: KubeObject, field: string): string | undefined;
  /** Custom resources word the unsupported-field error differently. */
  custom: boolean;
}

function checkLabelKey(key: string): void {
  const problem = qualifiedNameProblem(key);
  if (problem) {
    throw badRequest(
      `unable to parse requirement: key: Invalid value: "${key}": ${problem}`,
    );
  }
}

function checkLabelValue(key: string, value: string, index: number): void {
  const problem = labelValueProblem(value);
  if (problem) {
    throw badRequest(
      `unable to parse requirement: values[${index}][${key}]: Invalid value: "${value}": ${problem}`,
    );
  }
}

type Token =
  | { kind: 'identifier'; text: string }
  | { kind: 'operator'; text: '=' | '==' | '!=' | '!' | ',' | '(' | ')' }
  | { kind: 'end' };

function tokenizeLabelSelector(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (/\s/.test(char)) {
      at += 1;
    } else if (char === '=' || char === '!') {
      const two = text.slice(at, at + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ kind: 'operator', text: two });
        at += 2;
      } else {
        tokens.push({ kind: 'operator', text: char });
        at += 1;
      }
    } else if (char === ',' || char === '(' || char === ')') {
      tokens.push({ kind: 'operator', text: char });
      at += 1;
    } else {
      let end = at;
      while (end < text.length && !/[\s=!,()]/.test(text[end])) end += 1;
      tokens.push({ kind: 'identifier', text: text.slice(at, end) });
      at = end;
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

/** Parses `app=web,tier in (a,b),!legacy`; an empty string selects everything. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  const tokens = tokenizeLabelSelector(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const describe = (token: Token) => (token.kind === 'end' ? '' : token.text);
  const fail = (what: string): never => {
    throw badRequest(
      `unable to parse requirement: found '${describe(
        peek(),
      )}', expected: ${what}`,
    );
  };
  const isOperator = (token: Token, operator: string) =>
    token.kind === 'operator' && token.text === operator;

  const parseValues = (key: string): string[] => {
    if (!isOperator(next(), '(')) fail("'('");
    const values: string[] = [];
    for (;;) {
      const token = peek();
      if (token.kind === 'identifier') {
        checkLabelValue(key, token.text, values.length);
        values.push(token.text);
        next();
      } else {
        values.push('');
      }
      const separator = next();
      if (isOperator(separator, ')')) return values;
      if (!isOperator(separator, ',')) {
        at -= 1;
        fail("',', ')' or identifier");
      }
    }
  };

  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return requirements;
  for (;;) {
    const first = next();
    if (isOperator(first, '!')) {
      const keyToken = next();
      if (keyToken.kind !== 'identifier') {
        at -= 1;
        fail('identifier');
      }
      const key = (keyToken as { text: string }).text;
      checkLabelKey(key);
      requirements.push({ key, operator: '!exists', values: [] });
    } else if (first.kind === 'identifier') {
      const key = first.text;
      checkLabelKey(key);
      const op = peek();
      if (op.kind === 'end' || isOperator(op, ',')) {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (
        op.kind === 'identifier' &&
        (op.text === 'in' || op.text === 'notin')
      ) {
        next();
        requirements.push({ key, operator: op.text, values: parseValues(key) });
      } else if (
        isOperator(op, '=') ||
        isOperator(op, '==') ||
        isOperator(op, '!=')
      ) {
        next();
        const valueToken = peek();
        const value = valueToken.kind === 'identifier' ? valueToken.text : '';
        if (valueToken.kind === 'identifier') next();
        checkLabelValue(key, value, 0);
        requirements.push({
          key,
          operator: op.text === '!=' ? '!=' : '=',
          values: [value],
        });
      } else {
        fail('in, notin, =, ==, !=, gt, lt');
      }
    } else {
      at -= 1;
      fail('!, identifier');
    }
    const separator = next();
    if (separator.kind === 'end') return requirements;
    if (!isOperator(separator, ',')) {
      at -= 1;
      fail("',' or 'end of string'");
    }
  }
}

export function labelsMatch(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  return requirements.every(({ key, operator, values }) => {
    const present =
      labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
    const value = present ? labels![key] : undefined;
    switch (operator) {
      case '=':
      case 'in':
        return present && values.includes(value!);
      case '!=':
      case 'notin':
        return !present || !values.includes(value!);
      case 'exists':
        return present;
      case '!exists':
        return !present;
      default:
        return false;
    }
  });
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let at = 0; at < text.length; at += 1) {
    if (text[at] === '\\' && at + 1 < text.length) {
      current += text[at] + text[at + 1];
      at += 1;
    } else if (text[at] === separator) {
      parts.push(current);
      current = '';
    } else {
      current += text[at];
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  let result = '';
  for (let at = 0; at < value.length; at += 1) {
    if (value[at] === '\\') {
      const escaped = value[at + 1];
      if (escaped !== '\\' && escaped !== ',' && escaped !== '=') {
        throw badRequest(
          `invalid field selector: invalid escape sequence: \\${escaped ?? ''}`,
        );
      }
      result += escaped;
      at += 1;
    } else if (value[at] === ',' || value[at] === '=') {
      throw badRequest(
        `invalid field selector: unescaped ${value[at]} in value`,
      );
    } else {
      result += value[at];
    }
  }
  return result;
}

/** Parses `metadata.name=x,reason!=Started`; an empty string selects everything. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  if (text.trim() === '') return [];
  return splitUnescaped(text, ',').map(term => {
    const match = /^([^=!]*)(!=|==|=)(.*)$/s.exec(term);
    if (!match) {
      throw badRequest(
        `invalid selector: '${text}'; can't understand '${term}'`,
      );
    }
    return {
      field: match[1].trim(),
      operator: match[2] === '!=' ? '!=' : '=',
      value: unescapeFieldValue(match[3]),
    };
  });
}

function checkFieldsSupported(
  requirements: readonly FieldRequirement[],
  fields: SelectableFields,
): void {
  for (const { field } of requirements) {
    if (!fields.names.includes(field)) {
      const known = fields.names.map(name => `"${name}"`).join(', ');
      throw badRequest(
        fields.custom
          ? `"${field}" is not a known field selector: only ${known}`
          : `field label not supported: ${field}`,
      );
    }
  }
}

function fieldsMatch(
  requirements: readonly FieldRequirement[],
  fields: SelectableFields,
  object: KubeObject,
): boolean {
  return requirements.every(({ field, operator, value }) => {
    const actual = fields.value(object, field) ?? '';
    return operator === '=' ? actual === value : actual !== value;
  });
}

/** Parses both selectors once and answers whether an object matches them. */
export function compileSelectors(
  query: { labelSelector?: string; fieldSelector?: string },
  fields: SelectableFields,
): (object: KubeObject) => boolean {
  const labels = parseLabelSelector(query.labelSelector ?? '');
  const fieldRequirements = parseFieldSelector(query.fieldSelector ?? '');
  checkFieldsSupported(fieldRequirements, fields);
  if (labels.length === 0 && fieldRequirements.length === 0) return () => true;
  return object =>
    labelsMatch(labels, object.metadata.labels) &&
    fieldsMatch(fieldRequirements, fields, object);
}

/** Reads a dotted path such as `involvedObject.kind` from an object, as a selector string. */
export function readDottedField(
  object: KubeObject,
  path: string,
): string | undefined {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return undefined;
  return typeof current === 'object'
    ? JSON.stringify(current)
    : String(current);
}
