/*
 * Bearer-token authentication and a two-role authorizer (read-write, read-only)
 * that refuses with the Status and wording of a real RBAC denial.
 */
import { forbidden, KubeApiError, unauthorized } from './errors';
import type { ResourceRequest } from './requestInfo';

export interface TokenGrant {
  token: string;
  access: 'read-write' | 'read-only';
  /** The user name denials mention; defaults to the access level. */
  user?: string;
}

export interface Identity {
  user: string;
  access: TokenGrant['access'];
}

const WRITE_VERBS = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

/** Paths a real cluster shows to anonymous callers (system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export class Authenticator {
  private readonly grants: Map<string, Identity>;

  constructor(tokens: readonly TokenGrant[]) {
    this.grants = new Map(
      tokens.map(grant => [
        grant.token,
        { user: grant.user ?? grant.access, access: grant.access },
      ]),
    );
  }

  /** The caller behind an Authorization header; undefined for anonymous calls to public paths. */
  authenticate(header: string | undefined, path: string): Identity | undefined {
    if (!header && PUBLIC_PATHS.has(path)) return undefined;
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    const identity = match ? this.grants.get(match[1].trim()) : undefined;
    if (!identity) throw unauthorized();
    return identity;
  }
}

export function authorizationFailure(
  identity: Identity,
  request: ResourceRequest,
): KubeApiError | undefined {
  if (identity.access === 'read-write' || !WRITE_VERBS.has(request.verb))
    return undefined;
  const { verb, group, resource, subresource, namespace, name } = request;
  const target = subresource ? `${resource}/${subresource}` : resource;
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return forbidden(
    { group, plural: resource },
    name,
    `User "${identity.user}" cannot ${verb} resource "${target}" in API group "${group}" ${scope}`,
  );
}
