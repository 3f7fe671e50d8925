/*
 * Who is calling and whether they may: bearer tokens (the fleet's static
 * ones, and ServiceAccount tokens the cluster issued), then the RBAC
 * authorizer over the cluster's own Role/ClusterRole/RoleBinding/
 * ClusterRoleBinding objects, refusing as a real server does.
 */
import { failure, forbidden, KubeApiError, unauthorized } from './errors';
import { parseFieldSelector } from './selectors';
import {
  AuthorizationAttributes,
  authorize,
  Decision,
  denialMessage,
  PRIVILEGED_GROUP,
  RbacObjects,
  ResourceAttributes,
  UserInfo,
} from './rbac/authorizer';
import { AuthorizationLog } from './rbac/authorizationLog';
import { READ_ONLY_GROUP } from './rbac/bootstrap';
import {
  CLUSTER_ROLE_BINDING_RESOURCE,
  CLUSTER_ROLE_RESOURCE,
  ROLE_BINDING_RESOURCE,
  ROLE_RESOURCE,
} from './rbac/kinds';
import type { RequestInfo, ResourceRequest } from './requestInfo';
import type { ServiceAccountTokens } from './serviceAccounts';
import type { ObjectStore } from './types';

/**
 * A static bearer token: the shorthand `access` levels (read-write is a
 * system:masters member, read-only is bound to get/list/watch everything),
 * or a user with groups for RBAC to decide on.
 */
export type TokenGrant =
  | { token: string; access: 'read-write' | 'read-only'; user?: string }
  | { token: string; user: string; groups?: string[] };

const AUTHENTICATED = 'system:authenticated';
const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Paths a real cluster shows to anonymous callers (system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

function identityOf(grant: TokenGrant): UserInfo {
  if ('access' in grant) {
    const group = grant.access === 'read-write' ? PRIVILEGED_GROUP : READ_ONLY_GROUP;
    return { name: grant.user ?? grant.access, groups: [group, AUTHENTICATED] };
  }
  const groups = grant.groups ?? [];
  return { name: grant.user, groups: groups.includes(AUTHENTICATED) ? groups : [...groups, AUTHENTICATED] };
}

export class Authenticator {
  private readonly grants = new Map<string, UserInfo>();

  constructor(
    tokens: readonly TokenGrant[],
    private readonly serviceAccounts?: ServiceAccountTokens,
  ) {
    for (const grant of tokens) this.grant(grant);
  }

  /** Accepts one more static token from now on. */
  grant(grant: TokenGrant): void {
    this.grants.set(grant.token, identityOf(grant));
  }

  /** The caller behind an Authorization header; anonymous only for the public health and version paths. */
  authenticate(header: string | undefined, path: string): UserInfo {
    if (!header && PUBLIC_PATHS.has(path)) return ANONYMOUS;
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    const token = match?.[1].trim();
    const identity = token && (this.grants.get(token) ?? this.serviceAccounts?.review(token));
    if (!identity) throw unauthorized();
    return identity;
  }
}

/**
 * What the authorizer is asked for a resource request. A list or watch
 * selecting one object by metadata.name counts as naming it, so rules with
 * resourceNames apply.
 */
export function resourceAttributes(
  user: UserInfo,
  info: ResourceRequest,
  query: URLSearchParams,
): ResourceAttributes {
  let name = info.name;
  if (!name && (info.verb === 'list' || info.verb === 'watch')) {
    const selector = query.get('fieldSelector');
    try {
      name = selector
        ? parseFieldSelector(selector).find(term => term.field === 'metadata.name' && term.operator === '=')?.value
        : undefined;
    } catch {
      // An unparsable selector is refused later with a 400; it names nothing.
    }
  }
  return {
    user,
    resourceRequest: true,
    verb: info.verb,
    apiGroup: info.group,
    resource: info.resource,
    ...(info.subresource ? { subresource: info.subresource } : {}),
    ...(info.namespace ? { namespace: info.namespace } : {}),
    ...(name ? { name } : {}),
  };
}

export function authorizationAttributes(
  user: UserInfo,
  info: RequestInfo,
  query: URLSearchParams,
): AuthorizationAttributes {
  return info.resourceRequest
    ? resourceAttributes(user, info, query)
    : { user, resourceRequest: false, verb: info.method, path: info.path };
}

function storeObjects(store: ObjectStore): RbacObjects {
  return {
    clusterRoleBindings: () => store.listReadOnly(CLUSTER_ROLE_BINDING_RESOURCE) as never,
    roleBindings: namespace => store.listReadOnly(ROLE_BINDING_RESOURCE, namespace) as never,
    clusterRole: name => store.getReadOnly(CLUSTER_ROLE_RESOURCE, undefined, name) as never,
    role: (namespace, name) => store.getReadOnly(ROLE_RESOURCE, namespace, name) as never,
  };
}

/** RBAC over one cluster's objects, with a log of every decision. */
export class ClusterAuthorizer {
  readonly decisions = new AuthorizationLog();
  private readonly objects: RbacObjects;

  constructor(store: ObjectStore) {
    this.objects = storeObjects(store);
  }

  decide(attributes: AuthorizationAttributes): Decision {
    const decision = authorize(attributes, this.objects);
    this.decisions.record(attributes, decision);
    return decision;
  }

  /** Throws the 403 the authorization filter answers when the request is not allowed. */
  check(attributes: AuthorizationAttributes): void {
    const decision = this.decide(attributes);
    if (decision.allowed) return;
    const message = denialMessage(attributes, decision.reason);
    if (!attributes.resourceRequest) throw failure(403, 'Forbidden', `forbidden: ${message}`, {});
    throw forbidden({ group: attributes.apiGroup, plural: attributes.resource }, attributes.name, message);
  }

  /**
   * A server-side apply that would create its object needs `create` as well as
   * `patch`; the patch handler refuses with the authorizer's bare reason
   * (usually empty), not the filter's sentence.
   */
  checkCreateOnApply(attributes: ResourceAttributes): KubeApiError | undefined {
    const decision = this.decide({ ...attributes, verb: 'create' });
    if (decision.allowed) return undefined;
    return forbidden({ group: attributes.apiGroup, plural: attributes.resource }, attributes.name, decision.reason);
  }
}
