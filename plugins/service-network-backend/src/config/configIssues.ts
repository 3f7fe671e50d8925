/*
 * Config problems in the words an adopter reads in the log: the full key as
 * written in app-config, what it must be, and what it is.
 */
import type { ZodIssue } from 'zod';

type ConfigPath = ReadonlyArray<string | number>;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `serviceNetwork.clusters[1].authMetadata["kubernetes.io/x-k8s-aws-id"]` */
export function configKey(section: string, path: ConfigPath): string {
  return path.reduce<string>((key, part) => {
    if (typeof part === 'number') return `${key}[${part}]`;
    return PLAIN_KEY.test(part)
      ? `${key}.${part}`
      : `${key}[${JSON.stringify(part)}]`;
  }, section);
}

/** A value as the message quotes it: strings in quotes, numbers and booleans as they are. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** Settings marked `@visibility secret`: a message says what kind of value they got, never the value. */
const SECRET_KEYS = new Set(['serviceAccountToken', 'caData']);

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function valueAt(root: unknown, path: ConfigPath): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

function quotedChoices(options: ReadonlyArray<string | number>): string {
  const quoted = options.map(option => JSON.stringify(option));
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
    : quoted.join('');
}

/**
 * One zod issue of the value at `base` (inside `section`) as a sentence,
 * e.g. `serviceNetwork.clusters[1].role must be "config" or "workload", got "worker"`.
 */
export function describeConfigIssue(
  section: string,
  base: ConfigPath,
  issue: ZodIssue,
  value: unknown,
): string {
  const key = configKey(section, [...base, ...issue.path]);
  const actual = valueAt(value, issue.path);
  if (issue.code === 'invalid_type' && issue.received === 'undefined')
    return `${key} is missing`;
  const last = issue.path[issue.path.length - 1];
  const secret = typeof last === 'string' && SECRET_KEYS.has(last);
  const got = `got ${secret ? describeKind(actual) : describeValue(actual)}`;
  switch (issue.code) {
    case 'invalid_type':
      // A custom message (such as accountId's hint to quote numbers) says more than the type name.
      return issue.message &&
        issue.message !==
          `Expected ${issue.expected}, received ${issue.received}`
        ? `${key} ${issue.message}, ${got}`
        : `${key} must be ${
            TYPE_NAMES[issue.expected] ?? issue.expected
          }, ${got}`;
    case 'invalid_enum_value':
      return issue.message.startsWith('must ')
        ? `${key} ${issue.message}, ${got}`
        : `${key} must be ${quotedChoices(issue.options)}, ${got}`;
    default:
      return `${key} ${issue.message}, ${got}`;
  }
}
