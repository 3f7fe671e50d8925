/*
 * What the AWS Gateway API Controller (v2.1) and VPC Lattice accept in a
 * route, checked on the planned manifest itself: the request schema keeps
 * users inside these bounds, and this makes sure the planner never writes
 * anything the controller would reject or silently ignore.
 */
import {
  KubeObjectManifest,
  ROUTE_REQUEST_LIMITS,
  RouteKindName,
} from '@service-network/backstage-plugin-service-network-common';

interface HeaderMatch {
  type?: string;
  name?: string;
}

interface RouteMatch {
  path?: { type?: string; value?: string };
  headers?: HeaderMatch[];
  queryParams?: unknown[];
  method?: string | { type?: string; service?: string; method?: string };
}

interface RouteRule {
  matches?: RouteMatch[];
  filters?: unknown[];
  backendRefs?: Array<{ kind?: string; weight?: number }>;
}

/** The listener a route attaches to, as far as its route kinds go. */
export interface ListenerProtocol {
  protocol: string;
  /** `tls.mode`: a TLS listener takes TLSRoutes only in Passthrough mode. */
  tlsMode?: string;
}

/** Route kinds by listener protocol, as the controller's Gateway status lists them in supportedKinds. */
const KINDS_BY_PROTOCOL: Record<string, readonly RouteKindName[]> = {
  HTTP: ['HTTPRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
};

/** What each route kind needs of a listener, in words. */
const LISTENER_NEEDED: Record<RouteKindName, string> = {
  HTTPRoute: 'an HTTP or HTTPS listener',
  GRPCRoute: 'an HTTPS listener',
  TLSRoute: 'a TLS listener with tls.mode Passthrough',
};

/** The route kinds that can attach to a listener (a TLS listener that terminates takes none). */
export function listenerRouteKinds(
  listener: ListenerProtocol,
): readonly RouteKindName[] {
  if (listener.protocol === 'TLS' && listener.tlsMode !== 'Passthrough') {
    return [];
  }
  return KINDS_BY_PROTOCOL[listener.protocol] ?? [];
}

function describeListener(listener: ListenerProtocol): string {
  return listener.tlsMode
    ? `${listener.protocol} (tls.mode ${listener.tlsMode})`
    : listener.protocol;
}
const PATH_TYPES = ['Exact', 'PathPrefix'];
const BACKEND_KINDS = ['Service', 'ServiceImport'];
// Lattice service names: 3-40 characters, no svc- prefix, no leading, trailing or double dash.
const LATTICE_SERVICE_NAME = /^(?!svc-)(?!-)(?!.*-$)(?!.*--)[a-z0-9-]{3,40}$/;

function matchViolations(
  kind: string,
  match: RouteMatch,
  where: string,
): string[] {
  const violations: string[] = [];
  if (match.path && !PATH_TYPES.includes(match.path.type ?? 'PathPrefix')) {
    violations.push(
      `${where}: path match type ${match.path.type} is not supported (Exact or PathPrefix only)`,
    );
  }
  if (match.queryParams?.length) {
    violations.push(`${where}: query parameter matches are not supported`);
  }
  const headers = match.headers ?? [];
  if (headers.length > ROUTE_REQUEST_LIMITS.maxHeaderMatches) {
    violations.push(
      `${where}: ${headers.length} header matches; at most ${ROUTE_REQUEST_LIMITS.maxHeaderMatches} are supported`,
    );
  }
  for (const header of headers) {
    if ((header.type ?? 'Exact') !== 'Exact') {
      violations.push(
        `${where}: header ${header.name} uses match type ${header.type}; only Exact is supported`,
      );
    }
  }
  if (kind === 'GRPCRoute' && typeof match.method === 'object') {
    if ((match.method.type ?? 'Exact') !== 'Exact') {
      violations.push(
        `${where}: gRPC method match type ${match.method.type} is not supported (Exact only)`,
      );
    }
    if (match.method.method && !match.method.service) {
      violations.push(`${where}: a gRPC method match needs a service`);
    }
  }
  return violations;
}

function ruleViolations(
  kind: string,
  rule: RouteRule,
  index: number,
): string[] {
  const where = `rule ${index + 1}`;
  const violations: string[] = [];
  const matches = rule.matches ?? [];
  if (matches.length > 1) {
    violations.push(
      `${where}: ${matches.length} matches; the controller supports one match per rule`,
    );
  }
  matches.forEach(match =>
    violations.push(...matchViolations(kind, match, where)),
  );
  if (rule.filters?.length) {
    violations.push(`${where}: filters are ignored by the controller`);
  }
  const backends = rule.backendRefs ?? [];
  if (backends.length > ROUTE_REQUEST_LIMITS.maxBackends) {
    violations.push(
      `${where}: ${backends.length} backends; VPC Lattice forwards to at most ${ROUTE_REQUEST_LIMITS.maxBackends}`,
    );
  }
  for (const backend of backends) {
    const weight = backend.weight ?? 1;
    if (
      weight < ROUTE_REQUEST_LIMITS.minWeight ||
      weight > ROUTE_REQUEST_LIMITS.maxWeight
    ) {
      violations.push(
        `${where}: weight ${weight} is outside ${ROUTE_REQUEST_LIMITS.minWeight} to ${ROUTE_REQUEST_LIMITS.maxWeight}, the range VPC Lattice accepts`,
      );
    }
    if (!BACKEND_KINDS.includes(backend.kind ?? 'Service')) {
      violations.push(
        `${where}: backend kind ${backend.kind} is not supported (Service or ServiceImport)`,
      );
    }
  }
  return violations;
}

/**
 * Why the controller would reject (or quietly ignore part of) this route
 * when attached to a listener with the given protocol; empty when it fits.
 */
export function routeLimitViolations(
  route: KubeObjectManifest,
  listener: ListenerProtocol,
): string[] {
  const kind = route.kind as RouteKindName;
  const needed = LISTENER_NEEDED[kind];
  if (!needed) {
    return [`${route.kind} is not a route kind the planner writes`];
  }
  const violations: string[] = [];
  if (!listenerRouteKinds(listener).includes(kind)) {
    violations.push(
      `${
        route.kind
      } needs ${needed}, and the chosen listener is ${describeListener(
        listener,
      )}`,
    );
  }
  const rules = (route.spec?.rules as RouteRule[] | undefined) ?? [];
  rules.forEach((rule, index) =>
    violations.push(...ruleViolations(route.kind, rule, index)),
  );
  return violations;
}

/** Why VPC Lattice would refuse this service name; undefined when it is valid. */
export function latticeServiceNameProblem(name: string): string | undefined {
  return LATTICE_SERVICE_NAME.test(name)
    ? undefined
    : `the VPC Lattice service name the controller derives, "${name}", is invalid (3 to 40 lowercase letters, digits and single dashes, not starting with svc-): choose another route name`;
}
