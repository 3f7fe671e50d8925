/*
 * The metadata every object carries: validation (name, labels, annotations,
 * finalizers) with the causes and messages of k8s.io/apimachinery's
 * ValidateObjectMeta, and the values and field order the server gives it.
 */
import { randomBytes } from 'node:crypto';
import {
  fieldInvalid,
  fieldRequired,
  NameRule,
  nameRuleErrors,
} from './schema';
import type { FieldCause, KubeObject } from './types';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why a label or annotation key is not a valid qualified name, if it is not. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0) {
    const [prefixProblem] = nameRuleErrors(
      'dns1123Subdomain',
      key.slice(0, slash),
    );
    if (prefixProblem) return `prefix part ${prefixProblem}`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** Why a string is not a valid label value, if it is not. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (LABEL_VALUE.test(value)) return undefined;
  return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
}

function stringMapCauses(
  field: string,
  map: unknown,
  valueProblem: (value: string) => string | undefined,
): FieldCause[] {
  if (map === undefined || map === null) return [];
  if (typeof map !== 'object' || Array.isArray(map)) {
    return [
      fieldInvalid(field, map, 'must be a map of string keys to string values'),
    ];
  }
  const causes: FieldCause[] = [];
  const entries = map as Record<string, unknown>;
  for (const key in entries) {
    if (!Object.hasOwn(entries, key)) continue;
    const value = entries[key];
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) causes.push(fieldInvalid(field, key, keyProblem));
    const problem =
      typeof value === 'string' ? valueProblem(value) : 'must be a string';
    if (problem) causes.push(fieldInvalid(field, value, problem));
  }
  return causes;
}

/** Causes for an object's name, labels, annotations and finalizers. */
export function metadataCauses(
  object: KubeObject,
  nameRule: NameRule,
): FieldCause[] {
  const { metadata } = object;
  const causes: FieldCause[] = [];
  if (!metadata.name) {
    causes.push(
      fieldRequired('metadata.name', 'name or generateName is required'),
    );
  } else {
    for (const problem of nameRuleErrors(nameRule, metadata.name)) {
      causes.push(fieldInvalid('metadata.name', metadata.name, problem));
    }
  }
  causes.push(
    ...stringMapCauses('metadata.labels', metadata.labels, labelValueProblem),
  );
  causes.push(
    ...stringMapCauses(
      'metadata.annotations',
      metadata.annotations,
      () => undefined,
    ),
  );
  const { finalizers } = metadata;
  if (
    finalizers !== undefined &&
    !(Array.isArray(finalizers) && finalizers.every(f => typeof f === 'string'))
  ) {
    causes.push(
      fieldInvalid(
        'metadata.finalizers',
        finalizers,
        'must be a list of strings',
      ),
    );
  }
  return causes;
}

/** A metav1.Time as the API server writes it: RFC 3339, whole seconds, UTC. */
const UIDS_PER_BATCH = 256;
const HEX_DIGITS = '0123456789abcdef';
let uidBytes = Buffer.alloc(0);
let uidOffset = 0;
const uidText = Buffer.alloc(36);

/**
 * A random (version 4) UUID for metadata.uid. crypto.randomUUID builds its
 * string from some twenty pieces, several times the memory of the flat string
 * written here, and every stored object keeps its uid; random bytes are drawn
 * in batches, as randomUUID does.
 */
export function newUid(): string {
  if (uidOffset === uidBytes.length) {
    uidBytes = randomBytes(16 * UIDS_PER_BATCH);
    uidOffset = 0;
  }
  let at = 0;
  for (let index = 0; index < 16; index += 1) {
    let byte = uidBytes[uidOffset + index];
    // Version 4, variant 10xx.
    if (index === 6) byte = (byte & 0x0f) | 0x40;
    if (index === 8) byte = (byte & 0x3f) | 0x80;
    if (index === 4 || index === 6 || index === 8 || index === 10)
      uidText[at++] = 0x2d;
    uidText[at++] = HEX_DIGITS.charCodeAt(byte >> 4);
    uidText[at++] = HEX_DIGITS.charCodeAt(byte & 0x0f);
  }
  uidOffset += 16;
  return uidText.toString('latin1');
}

let currentSecond = Number.NaN;
let currentTimestamp = '';

/** metav1.Time: second precision. Without a date, now (formatted once a second: every write asks). */
export function timestamp(date?: Date): string {
  if (date) return `${date.toISOString().slice(0, 19)}Z`;
  const second = Math.floor(Date.now() / 1000);
  if (second !== currentSecond) {
    currentSecond = second;
    currentTimestamp = timestamp(new Date(second * 1000));
  }
  return currentTimestamp;
}

const METADATA_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/**
 * The field order a real server serializes in: apiVersion, kind, metadata
 * (ObjectMeta order), spec, ..., status; with metadata changed as given.
 */
export function inCanonicalOrder(
  object: KubeObject,
  metadataChanges: Partial<KubeObject['metadata']> = {},
): KubeObject {
  const source = { ...object.metadata, ...metadataChanges };
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_ORDER) {
    if (source[key] !== undefined) metadata[key] = source[key];
  }
  for (const key in source) {
    if (!(key in metadata) && source[key] !== undefined)
      metadata[key] = source[key];
  }
  const ordered: Record<string, unknown> = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata,
  };
  if (object.spec !== undefined) ordered.spec = object.spec;
  for (const key in object) {
    if (!(key in ordered) && key !== 'spec' && key !== 'status')
      ordered[key] = object[key];
  }
  if (object.status !== undefined) ordered.status = object.status;
  return ordered as KubeObject;
}
