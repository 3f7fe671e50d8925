/*
 * Which other routes would carry some of the same requests as a request's
 * route, for the platform team's review. Two routes overlap, as the Gateway
 * API reads them, when they attach to the same listener of the same gateway
 * (a parentRef without sectionName attaches to all its listeners), serve a
 * hostname in common (a route without hostnames serves every hostname the
 * listener accepts) and have matches in common: a path both match (exact
 * or prefix, by path segment) with methods that do not exclude each other,
 * or for gRPC a service and method both match, and no header both match
 * with different values. TLS routes have no matches: the hostname decides.
 * Kinds overlap only with their own kind (a listener serves one protocol).
 */
import type {
  RouteKindName,
  RouteOverlap,
  RouteRequest,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ParentReference,
  RouteMatch,
  RouteObject,
} from '../inventory/snapshot';
import { withinHostname } from './planRoute';

/** A route to compare: its object, and the open request it belongs to if it is not in the cluster yet. */
export interface OverlapCandidate {
  route: Pick<RouteObject, 'kind' | 'metadata' | 'spec'>;
  requestId?: string;
}

type Route = OverlapCandidate['route'];
type Headers = NonNullable<RouteMatch['headers']>;

/** Where a parentRef attaches: `namespace/gateway`, and its listener if it names one. */
function attachments(
  route: Route,
): Array<{ gateway: string; listener?: string }> {
  return (route.spec?.parentRefs ?? [])
    .filter((ref: ParentReference) => (ref.kind ?? 'Gateway') === 'Gateway')
    .map(ref => ({
      gateway: `${ref.namespace ?? route.metadata.namespace ?? ''}/${ref.name}`,
      listener: ref.sectionName,
    }));
}

/** The listener both attach to, described, or undefined. */
function sharedListener(a: Route, b: Route): string | undefined {
  for (const left of attachments(a)) {
    for (const right of attachments(b)) {
      if (left.gateway !== right.gateway) continue;
      if (left.listener && right.listener && left.listener !== right.listener)
        continue;
      const [namespace, name] = left.gateway.split('/');
      const listener = left.listener ?? right.listener;
      return `${name} (${namespace}), ${
        listener ? `listener ${listener}` : 'every listener'
      }`;
    }
  }
  return undefined;
}

/** The hostname both serve, `any hostname` when neither names one, or undefined. */
function sharedHostname(a: Route, b: Route): string | undefined {
  const left = a.spec?.hostnames ?? [];
  const right = b.spec?.hostnames ?? [];
  if (!left.length && !right.length) return 'any hostname';
  if (!left.length) return right[0];
  if (!right.length) return left[0];
  for (const l of left) {
    for (const r of right) {
      if (withinHostname(l, r)) return r;
      if (withinHostname(r, l)) return l;
    }
  }
  return undefined;
}

/** A rule without matches matches every request (path prefix /). */
function matchesOf(route: Route): RouteMatch[] {
  return (route.spec?.rules ?? []).flatMap(rule =>
    rule.matches?.length ? rule.matches : [{}],
  );
}

/** Whether `path` is within prefix `prefix`, segment by segment as the Gateway API's PathPrefix. */
function withinPrefix(path: string, prefix: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' || path === trimmed || path.startsWith(`${trimmed}/`);
}

function pathsOverlap(a: RouteMatch['path'], b: RouteMatch['path']): boolean {
  const left = { type: a?.type ?? 'PathPrefix', value: a?.value ?? '/' };
  const right = { type: b?.type ?? 'PathPrefix', value: b?.value ?? '/' };
  if (left.type === 'Exact' && right.type === 'Exact')
    return left.value === right.value;
  if (left.type === 'Exact') return withinPrefix(left.value, right.value);
  if (right.type === 'Exact') return withinPrefix(right.value, left.value);
  return (
    withinPrefix(left.value, right.value) ||
    withinPrefix(right.value, left.value)
  );
}

/** Unset matches anything; set on both, they must agree. */
function agree(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

function headersAgree(a: Headers = [], b: Headers = []): boolean {
  return a.every(left =>
    b.every(
      right =>
        left.name.toLowerCase() !== right.name.toLowerCase() ||
        left.value === right.value,
    ),
  );
}

function grpcMethod(match: RouteMatch): { service?: string; method?: string } {
  return typeof match.method === 'object' ? match.method : {};
}

function httpMethod(match: RouteMatch): string | undefined {
  return typeof match.method === 'string' ? match.method : undefined;
}

function describeMatch(
  kind: RouteKindName,
  a: RouteMatch,
  b: RouteMatch,
): string {
  const headers = [...(a.headers ?? []), ...(b.headers ?? [])].map(
    h => `header ${h.name} = ${h.value}`,
  );
  if (kind === 'GRPCRoute') {
    const left = grpcMethod(a);
    const right = grpcMethod(b);
    const service = left.service ?? right.service ?? 'any service';
    return [
      `gRPC ${service}/${left.method ?? right.method ?? '*'}`,
      ...headers,
    ].join(', ');
  }
  // The narrower path of the two: what both carry.
  const exact = [a.path, b.path].find(p => p?.type === 'Exact');
  const longer = [a.path?.value ?? '/', b.path?.value ?? '/'].sort(
    (x, y) => y.length - x.length,
  )[0];
  const path = exact ? `path ${exact.value}` : `path prefix ${longer}`;
  return [
    httpMethod(a) ?? httpMethod(b) ?? 'any method',
    path,
    ...headers,
  ].join(', ');
}

/** What both routes match, described, or undefined. */
function sharedMatch(
  kind: RouteKindName,
  a: Route,
  b: Route,
): string | undefined {
  if (kind === 'TLSRoute') return 'TLS passthrough (by SNI)';
  for (const left of matchesOf(a)) {
    for (const right of matchesOf(b)) {
      if (!headersAgree(left.headers, right.headers)) continue;
      if (kind === 'GRPCRoute') {
        const l = grpcMethod(left);
        const r = grpcMethod(right);
        if (agree(l.service, r.service) && agree(l.method, r.method))
          return describeMatch(kind, left, right);
      } else if (
        agree(httpMethod(left), httpMethod(right)) &&
        pathsOverlap(left.path, right.path)
      ) {
        return describeMatch(kind, left, right);
      }
    }
  }
  return undefined;
}

function sameRoute(a: Route, b: Route): boolean {
  return (
    a.kind === b.kind &&
    a.metadata.namespace === b.metadata.namespace &&
    a.metadata.name === b.metadata.name
  );
}

/** The candidates that overlap `route` (itself, by kind, namespace and name, excluded), in their order. */
export function findRouteOverlaps(
  route: Route,
  candidates: readonly OverlapCandidate[],
): RouteOverlap[] {
  const kind = route.kind as RouteKindName;
  return candidates.flatMap(candidate => {
    const other = candidate.route;
    if (other.kind !== kind || sameRoute(route, other)) return [];
    const listener = sharedListener(route, other);
    const hostname = listener && sharedHostname(route, other);
    const match = hostname && sharedMatch(kind, route, other);
    if (!match) return [];
    return [
      {
        route: {
          kind,
          namespace: other.metadata.namespace ?? '',
          name: other.metadata.name,
        },
        ...(candidate.requestId ? { requestId: candidate.requestId } : {}),
        listener: listener!,
        hostname: hostname!,
        match,
      },
    ];
  });
}

/** The route a request's plan creates or updates (its last object). */
function plannedRoute(request: RouteRequest): Route | undefined {
  const route = request.plan.objects.find(
    ({ object }) =>
      object.kind === request.route.kind &&
      object.metadata.name === request.route.name,
  )?.object;
  return route as Route | undefined;
}

/**
 * Pending requests with the routes that overlap theirs: of the config
 * cluster (`routes`) and of the other open requests in `open`. Other
 * requests are answered as they are.
 */
export function withOverlaps(
  requests: readonly RouteRequest[],
  context: { routes: readonly RouteObject[]; open: readonly RouteRequest[] },
): RouteRequest[] {
  const inCluster = context.routes.map(route => ({ route }));
  const ofRequests = context.open.flatMap(request => {
    const route = plannedRoute(request);
    return route ? [{ route, requestId: request.id }] : [];
  });
  return requests.map(request => {
    const route = request.state === 'pending' && plannedRoute(request);
    if (!route) return request;
    const others = ofRequests.filter(o => o.requestId !== request.id);
    return {
      ...request,
      overlaps: findRouteOverlaps(route, [...inCluster, ...others]),
    };
  });
}
