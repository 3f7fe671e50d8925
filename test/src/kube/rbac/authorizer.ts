/*
 * The RBAC authorizer as the API server runs it (plugin/pkg/auth/authorizer/rbac
 * and pkg/registry/rbac/validation/rule.go): the privileged group first, then
 * every ClusterRoleBinding's rules, then the RoleBindings of the request's
 * namespace; the first rule that allows the request decides. Rules are only
 * additive: nothing denies, a request no rule allows is refused. Pure, over
 * whatever holds the roles and bindings.
 */

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** The group whose members may do anything, before RBAC is asked (system:masters). */
export const PRIVILEGED_GROUP = 'system:masters';

export interface UserInfo {
  name: string;
  groups: readonly string[];
}

export interface ResourceAttributes {
  user: UserInfo;
  resourceRequest: true;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** Absent for cluster-scoped objects and for requests across all namespaces. */
  namespace?: string;
  name?: string;
}

export interface NonResourceAttributes {
  user: UserInfo;
  resourceRequest: false;
  /** The lower-cased HTTP method. */
  verb: string;
  path: string;
}

/** What a request asks to do, as the API server's RequestInfo and the authorizer see it. */
export type AuthorizationAttributes = ResourceAttributes | NonResourceAttributes;

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

export interface Binding {
  metadata: { name: string; namespace?: string };
  subjects?: Subject[];
  roleRef: RoleRef;
}

export interface Role {
  metadata: { name: string; namespace?: string };
  rules?: PolicyRule[];
}

/** Where the authorizer finds roles and bindings (the cluster's store, or a list in tests). */
export interface RbacObjects {
  clusterRoleBindings(): readonly Binding[];
  roleBindings(namespace: string): readonly Binding[];
  clusterRole(name: string): Role | undefined;
  role(namespace: string, name: string): Role | undefined;
}

/** Which grant allowed a request: the binding, the role it refers to, and the rule's index in that role. */
export interface GrantSource {
  binding: { kind: 'ClusterRoleBinding' | 'RoleBinding'; name: string; namespace?: string };
  role: { kind: 'ClusterRole' | 'Role'; name: string; namespace?: string };
  rule: number;
}

export type Decision =
  | { allowed: true; privileged: true }
  | { allowed: true; privileged?: false; source: GrantSource }
  | {
      allowed: false;
      /** What RBAC adds to the denial: the bindings whose roles could not be found (empty when none). */
      reason: string;
    };

const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some(v => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some(g => g === ALL || g === group);
}

/** `resource/subresource` matches itself, `*`, and `*\/subresource`. */
export function resourceMatches(
  rule: PolicyRule,
  combinedResource: string,
  subresource: string | undefined,
): boolean {
  return (rule.resources ?? []).some(
    r =>
      r === ALL ||
      r === combinedResource ||
      (Boolean(subresource) && r === `*/${subresource}`),
  );
}

/** No resourceNames means every name; with some, only requests naming one of them. */
export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.some(n => n === name);
}

/** `*` matches every path; a trailing `*` matches by prefix. */
export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    url =>
      url === ALL ||
      url === path ||
      (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))),
  );
}

export function ruleAllows(attributes: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attributes.verb)) return false;
  if (!attributes.resourceRequest) return nonResourceUrlMatches(rule, attributes.path);
  const combined = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  return (
    apiGroupMatches(rule, attributes.apiGroup) &&
    resourceMatches(rule, combined, attributes.subresource) &&
    resourceNameMatches(rule, attributes.name)
  );
}

/** The user name a service account authenticates as. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The groups every service account's tokens carry. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/**
 * Whether a binding's subject is this user. A ServiceAccount subject without a
 * namespace means the binding's own (a RoleBinding's); in a ClusterRoleBinding it matches no one.
 */
export function subjectMatches(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== '' && user.name === serviceAccountUser(namespace, subject.name);
    }
    default:
      return false;
  }
}

function roleKind(kind: string): 'Role' | 'ClusterRole' {
  return kind === 'Role' ? 'Role' : 'ClusterRole';
}

/** The rules a binding grants, or the error a real server reports when its role is missing. */
function referencedRules(
  objects: RbacObjects,
  roleRef: RoleRef,
  bindingNamespace: string,
): { rules: PolicyRule[] } | { error: string } {
  switch (roleRef.kind) {
    case 'Role': {
      const role = bindingNamespace ? objects.role(bindingNamespace, roleRef.name) : undefined;
      return role
        ? { rules: role.rules ?? [] }
        : { error: `role.${RBAC_GROUP} "${roleRef.name}" not found` };
    }
    case 'ClusterRole': {
      const role = objects.clusterRole(roleRef.name);
      return role
        ? { rules: role.rules ?? [] }
        : { error: `clusterrole.${RBAC_GROUP} "${roleRef.name}" not found` };
    }
    default:
      return { error: `unsupported role reference kind: "${roleRef.kind}"` };
  }
}

/** utilerrors.NewAggregate's wording: one error as it is, several in brackets. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

export function authorize(attributes: AuthorizationAttributes, objects: RbacObjects): Decision {
  const { user } = attributes;
  if (user.groups.includes(PRIVILEGED_GROUP)) return { allowed: true, privileged: true };
  const errors: string[] = [];
  const scopes: Array<{ kind: GrantSource['binding']['kind']; namespace: string; bindings: readonly Binding[] }> = [
    { kind: 'ClusterRoleBinding', namespace: '', bindings: objects.clusterRoleBindings() },
  ];
  const namespace = attributes.resourceRequest ? attributes.namespace : undefined;
  // A RoleBinding grants in its own namespace only, even when it refers to a ClusterRole.
  if (namespace) scopes.push({ kind: 'RoleBinding', namespace, bindings: objects.roleBindings(namespace) });
  for (const scope of scopes) {
    for (const binding of scope.bindings) {
      if (!(binding.subjects ?? []).some(s => subjectMatches(user, s, scope.namespace))) continue;
      const referenced = referencedRules(objects, binding.roleRef, scope.namespace);
      if ('error' in referenced) {
        errors.push(referenced.error);
        continue;
      }
      const index = referenced.rules.findIndex(rule => ruleAllows(attributes, rule));
      if (index < 0) continue;
      const kind = roleKind(binding.roleRef.kind);
      return {
        allowed: true,
        source: {
          binding: {
            kind: scope.kind,
            name: binding.metadata.name,
            ...(scope.namespace ? { namespace: scope.namespace } : {}),
          },
          role: { kind, name: binding.roleRef.name, ...(kind === 'Role' ? { namespace: scope.namespace } : {}) },
          rule: index,
        },
      };
    }
  }
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
}

/** The denial's wording (endpoints/handlers/responsewriters/errors.go forbiddenMessage), with RBAC's reason when it has one. */
export function denialMessage(attributes: AuthorizationAttributes, reason = ''): string {
  const user = attributes.user.name;
  let message: string;
  if (!attributes.resourceRequest) {
    message = `User "${user}" cannot ${attributes.verb} path "${attributes.path}"`;
  } else {
    const resource = attributes.subresource
      ? `${attributes.resource}/${attributes.subresource}`
      : attributes.resource;
    const scope = attributes.namespace
      ? `in the namespace "${attributes.namespace}"`
      : 'at the cluster scope';
    message = `User "${user}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.apiGroup}" ${scope}`;
  }
  return reason ? `${message}: ${reason}` : message;
}

/** A grant source in the words RBAC's own messages use ("RBAC: allowed by ..."). */
export function describeSource(source: GrantSource): string {
  const { binding, role } = source;
  const name = binding.namespace ? `${binding.name}/${binding.namespace}` : binding.name;
  return `${binding.kind} "${name}" of ${role.kind} "${role.name}" (rule ${source.rule})`;
}
