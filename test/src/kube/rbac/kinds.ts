/*
 * The rbac.authorization.k8s.io/v1 kinds as built-ins: Role, ClusterRole,
 * RoleBinding, ClusterRoleBinding, with the defaults and validation of
 * pkg/apis/rbac (v1 defaults, validation.go). Not simulated: aggregated
 * ClusterRoles and the escalation check on writes (only the fleet's admin,
 * a system:masters member, writes RBAC objects here).
 */
import { invalid } from '../errors';
import { isPlainObject } from '../json';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../schema';
import type { BuiltinSpec } from '../builtins';
import type { FieldCause, GroupResource, KubeObject } from '../types';
import { RBAC_GROUP } from './authorizer';

export const ROLE_RESOURCE: GroupResource = { group: RBAC_GROUP, plural: 'roles' };
export const CLUSTER_ROLE_RESOURCE: GroupResource = { group: RBAC_GROUP, plural: 'clusterroles' };
export const ROLE_BINDING_RESOURCE: GroupResource = { group: RBAC_GROUP, plural: 'rolebindings' };
export const CLUSTER_ROLE_BINDING_RESOURCE: GroupResource = { group: RBAC_GROUP, plural: 'clusterrolebindings' };
export const RBAC_RESOURCES = [ROLE_RESOURCE, CLUSTER_ROLE_RESOURCE, ROLE_BINDING_RESOURCE, CLUSTER_ROLE_BINDING_RESOURCE];

const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];
const SERVICE_ACCOUNT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.map(item => (isPlainObject(item) ? item : {})) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function listCauses(object: KubeObject, field: string): FieldCause[] {
  const value = object[field];
  return value === undefined || Array.isArray(value) ? [] : [fieldInvalid(field, value, 'must be a list')];
}

function ruleCauses(object: KubeObject, namespaced: boolean): FieldCause[] {
  const causes = listCauses(object, 'rules');
  records(object.rules).forEach((rule, index) => {
    const path = `rules[${index}]`;
    if (strings(rule.verbs).length === 0)
      causes.push(fieldRequired(`${path}.verbs`, 'verbs must contain at least one value'));
    const urls = strings(rule.nonResourceURLs);
    if (urls.length > 0) {
      if (namespaced)
        causes.push(fieldInvalid(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (strings(rule.apiGroups).length || strings(rule.resources).length || strings(rule.resourceNames).length) {
        causes.push(
          fieldInvalid(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'),
        );
      }
      return;
    }
    if (strings(rule.apiGroups).length === 0)
      causes.push(fieldRequired(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
    if (strings(rule.resources).length === 0)
      causes.push(fieldRequired(`${path}.resources`, 'resource rules must supply at least one resource'));
  });
  return causes;
}

function subjectCauses(object: KubeObject, namespaced: boolean): FieldCause[] {
  const causes = listCauses(object, 'subjects');
  records(object.subjects).forEach((subject, index) => {
    const path = `subjects[${index}]`;
    const name = typeof subject.name === 'string' ? subject.name : '';
    if (!name) causes.push(fieldRequired(`${path}.name`));
    const apiGroup = subject.apiGroup ?? '';
    switch (subject.kind) {
      case 'ServiceAccount':
        if (name && !SERVICE_ACCOUNT_NAME.test(name))
          causes.push(fieldInvalid(`${path}.name`, name, 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character'));
        if (apiGroup !== '') causes.push(fieldNotSupported(`${path}.apiGroup`, apiGroup, ['']));
        if (!namespaced && !subject.namespace) causes.push(fieldRequired(`${path}.namespace`));
        break;
      case 'User':
      case 'Group':
        if (apiGroup !== RBAC_GROUP) causes.push(fieldNotSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
        break;
      default:
        causes.push(fieldNotSupported(`${path}.kind`, subject.kind, SUBJECT_KINDS));
    }
  });
  return causes;
}

function roleRefCauses(object: KubeObject, namespaced: boolean): FieldCause[] {
  const roleRef = isPlainObject(object.roleRef) ? object.roleRef : {};
  const causes: FieldCause[] = [];
  if (roleRef.apiGroup !== RBAC_GROUP) causes.push(fieldNotSupported('roleRef.apiGroup', roleRef.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(roleRef.kind))) causes.push(fieldNotSupported('roleRef.kind', roleRef.kind ?? '', kinds));
  if (!roleRef.name) causes.push(fieldRequired('roleRef.name'));
  return causes;
}

/** v1's defaults: a roleRef's and a User's or Group's apiGroup is rbac.authorization.k8s.io. */
function defaultBinding(object: KubeObject): void {
  if (isPlainObject(object.roleRef)) object.roleRef.apiGroup ||= RBAC_GROUP;
  for (const subject of Array.isArray(object.subjects) ? object.subjects : []) {
    if (isPlainObject(subject) && (subject.kind === 'User' || subject.kind === 'Group'))
      subject.apiGroup ||= RBAC_GROUP;
  }
}

/** A binding's roleRef cannot change once written: delete and recreate it instead. */
function keepRoleRef(kind: string) {
  return (object: KubeObject, previous: KubeObject | undefined): void => {
    defaultBinding(object);
    if (previous && JSON.stringify(previous.roleRef) !== JSON.stringify(object.roleRef)) {
      throw invalid({ group: RBAC_GROUP, kind }, object.metadata.name, [
        fieldInvalid('roleRef', object.roleRef, 'cannot change roleRef'),
      ]);
    }
  };
}

const RBAC_SPEC = {
  version: 'v1',
  statusSubresource: false,
  nameRule: 'pathSegment',
} as const;

/** The four kinds as builtins.ts serves them. */
export const RBAC_BUILTINS: BuiltinSpec[] = [
  {
    ...RBAC_SPEC,
    ...ROLE_RESOURCE,
    kind: 'Role',
    namespaced: true,
    selectableFields: ['metadata.name', 'metadata.namespace'],
    validate: object => ruleCauses(object, true),
  },
  {
    ...RBAC_SPEC,
    ...CLUSTER_ROLE_RESOURCE,
    kind: 'ClusterRole',
    namespaced: false,
    selectableFields: ['metadata.name'],
    validate: object => ruleCauses(object, false),
  },
  {
    ...RBAC_SPEC,
    ...ROLE_BINDING_RESOURCE,
    kind: 'RoleBinding',
    namespaced: true,
    selectableFields: ['metadata.name', 'metadata.namespace'],
    normalize: keepRoleRef('RoleBinding'),
    validate: object => [...roleRefCauses(object, true), ...subjectCauses(object, true)],
  },
  {
    ...RBAC_SPEC,
    ...CLUSTER_ROLE_BINDING_RESOURCE,
    kind: 'ClusterRoleBinding',
    namespaced: false,
    selectableFields: ['metadata.name'],
    normalize: keepRoleRef('ClusterRoleBinding'),
    validate: object => [...roleRefCauses(object, false), ...subjectCauses(object, false)],
  },
];
