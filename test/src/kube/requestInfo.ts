/*
 * What a request is about, read from its method and path the way the API
 * server's RequestInfoFactory reads it: resource requests
 * (/api/v1/..., /apis/<group>/<version>/..., with legacy /watch/ paths) and the rest.
 */
import { badRequest } from './errors';
import type { RequestVerb } from './requestLog';

export interface ResourceRequest {
  resourceRequest: true;
  verb: Exclude<RequestVerb, 'discovery' | 'other'>;
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

export interface NonResourceRequest {
  resourceRequest: false;
  verb: 'discovery' | 'other';
  /** The lower-cased HTTP method: what RBAC's nonResourceURLs rules match. */
  method: string;
  path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

/** Subresources of a namespace itself (`/namespaces/x/status`), not resources inside it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function isDiscoveryPath(parts: string[]): boolean {
  const [prefix] = parts;
  if (prefix === 'version') return parts.length === 1;
  if (prefix === 'api') return parts.length <= 2;
  if (prefix === 'apis') return parts.length <= 3;
  return prefix === 'openapi';
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badRequest(`invalid path segment: ${part}`);
  }
}

export function parseRequestInfo(
  method: string,
  pathname: string,
  watchParam: string | null,
): RequestInfo {
  const parts = pathname.split('/').filter(Boolean).map(decodePart);
  const nonResource = (): NonResourceRequest => ({
    resourceRequest: false,
    verb: isDiscoveryPath(parts) ? 'discovery' : 'other',
    method: method.toLowerCase(),
    path: `/${parts.join('/')}`,
  });
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return nonResource();
  }

  let watching = watchParam === 'true' || watchParam === '1';
  if (rest[0] === 'watch') {
    watching = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]))
      rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (!resource || rest.length > 3) return nonResource();

  let verb: ResourceRequest['verb'];
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watching) verb = 'watch';
      else verb = name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      return nonResource();
  }
  return {
    resourceRequest: true,
    verb,
    group,
    version,
    // /namespaces/x itself is the namespace object, not something in a namespace.
    ...(namespace && resource !== 'namespaces' ? { namespace } : {}),
    resource,
    ...(name ? { name } : {}),
    ...(subresource ? { subresource } : {}),
  };
}
