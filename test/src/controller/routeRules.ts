/*
 * Route rules to Lattice listener rules (pkg/gateway/model_build_rule.go):
 * one match per rule, Exact/PathPrefix paths, exact headers (at most 5), one
 * method; gRPC service/method become a POST path match. A rule whose backends
 * all fail, or that names an invalid backend kind, answers a fixed 500. A
 * TLSRoute's one rule has no match: it is the passthrough listener's default.
 */
import { KubeObject } from '../kube/types';
import { HttpMatch, RuleAction } from '../lattice/types';
import { RouteKind, rulePriorityAnnotation } from './constants';
import { BackendRef, Resolution } from './resolve';

export const BUILD_ERRORS = {
  multipleMatches: 'LATTICE_NO_SUPPORT_FOR_MULTIPLE_MATCHES',
  tooManyHeaders: 'LATTICE_EXCEED_MAX_HEADER_MATCHES',
  unsupportedMatch: 'LATTICE_UNSUPPORTED_MATCH_TYPE',
  unsupportedHeaderMatch: 'LATTICE_UNSUPPORTED_HEADER_MATCH_TYPE',
  unsupportedPathMatch: 'LATTICE_UNSUPPORTED_PATH_MATCH_TYPE',
};

const MAX_HEADER_MATCHES = 5;

interface HeaderMatch {
  type?: string;
  name: string;
  value: string;
}

interface HttpRouteMatch {
  path?: { type?: string; value?: string };
  headers?: HeaderMatch[];
  queryParams?: unknown[];
  method?: string;
}

interface GrpcRouteMatch {
  method?: { type?: string; service?: string; method?: string };
  headers?: HeaderMatch[];
}

interface RouteRule {
  matches?: Array<HttpRouteMatch & GrpcRouteMatch>;
  backendRefs?: BackendRef[];
}

export interface PlannedRule {
  priority: number;
  match: { httpMatch: HttpMatch };
  backendRefs: BackendRef[];
}

export type RulePlan =
  | { ok: true; rules: PlannedRule[] }
  | { ok: false; error: string };

class BuildError extends Error {}

function headerMatches(
  headers: HeaderMatch[] | undefined,
): HttpMatch['headerMatches'] {
  if (!headers?.length) return undefined;
  if (headers.length > MAX_HEADER_MATCHES)
    throw new BuildError(BUILD_ERRORS.tooManyHeaders);
  return headers.map(header => {
    if ((header.type ?? 'Exact') !== 'Exact')
      throw new BuildError(BUILD_ERRORS.unsupportedHeaderMatch);
    return { name: header.name, match: { exact: header.value } };
  });
}

function httpMatch(match: HttpRouteMatch): HttpMatch {
  if (match.queryParams?.length)
    throw new BuildError(BUILD_ERRORS.unsupportedMatch);
  const result: HttpMatch = {};
  if (match.path) {
    const value = match.path.value ?? '/';
    switch (match.path.type ?? 'PathPrefix') {
      case 'Exact':
        result.pathMatch = { match: { exact: value } };
        break;
      case 'PathPrefix':
        result.pathMatch = { match: { prefix: value } };
        break;
      default:
        throw new BuildError(BUILD_ERRORS.unsupportedPathMatch);
    }
  }
  if (match.method) result.method = match.method;
  return result;
}

function grpcMatch(match: GrpcRouteMatch): HttpMatch {
  const { service, method, type } = match.method ?? {};
  if ((type ?? 'Exact') !== 'Exact')
    throw new BuildError(`unsupported gRPC method match type ${type}`);
  if (!service && method) {
    throw new BuildError(
      'cannot create GRPCRouteMatch for nil service and non-nil method',
    );
  }
  // gRPC is always POST.
  if (!service)
    return { method: 'POST', pathMatch: { match: { prefix: '/' } } };
  if (!method)
    return { method: 'POST', pathMatch: { match: { prefix: `/${service}/` } } };
  return {
    method: 'POST',
    pathMatch: { match: { exact: `/${service}/${method}` } },
  };
}

function ruleMatch(kind: RouteKind, rule: RouteRule): HttpMatch {
  const matches = rule.matches ?? [];
  if (matches.length > 1) throw new BuildError(BUILD_ERRORS.multipleMatches);
  if (matches.length === 0) {
    return {
      ...(kind === 'GRPCRoute' ? { method: 'POST' } : {}),
      pathMatch: { match: { prefix: '/' } },
    };
  }
  const match = matches[0];
  const base = kind === 'GRPCRoute' ? grpcMatch(match) : httpMatch(match);
  const headers = headerMatches(match.headers);
  return headers ? { ...base, headerMatches: headers } : base;
}

export function routeRules(route: KubeObject): RouteRule[] {
  return (route.spec as { rules?: RouteRule[] })?.rules ?? [];
}

function rulePriority(route: KubeObject, index: number): number {
  const annotated = Number(
    route.metadata.annotations?.[rulePriorityAnnotation(index)],
  );
  return Number.isInteger(annotated) && annotated > 0 ? annotated : index + 1;
}

/**
 * A TLSRoute has no matches: its one rule's backends become the TLS_PASSTHROUGH
 * listener's default action (model_build_listener.go getListenerDefaultAction).
 */
function planPassthroughRule(route: KubeObject): RulePlan {
  const rules = routeRules(route);
  if (rules.length !== 1) {
    return {
      ok: false,
      error: `only support exactly 1 rule for TLSRoute ${
        route.metadata.namespace ?? 'default'
      }/${route.metadata.name}, but got ${rules.length}`,
    };
  }
  return {
    ok: true,
    rules: [
      {
        priority: 1,
        match: { httpMatch: {} },
        backendRefs: rules[0].backendRefs ?? [],
      },
    ],
  };
}

export function planRules(route: KubeObject, kind: RouteKind): RulePlan {
  if (kind === 'TLSRoute') return planPassthroughRule(route);
  try {
    const rules = routeRules(route).map((rule, index) => ({
      priority: rulePriority(route, index),
      match: { httpMatch: ruleMatch(kind, rule) },
      backendRefs: rule.backendRefs ?? [],
    }));
    return { ok: true, rules };
  } catch (error) {
    if (error instanceof BuildError) return { ok: false, error: error.message };
    throw error;
  }
}

export interface ResolvedBackend {
  ref: BackendRef;
  resolution: Resolution;
}

const FIXED_500: RuleAction = { fixedResponse: { statusCode: 500 } };

/** Forward to what resolved, with the route's weights (default 1). */
export function ruleAction(backends: ResolvedBackend[]): RuleAction {
  if (
    backends.some(
      b => !b.resolution.resolved && b.resolution.reason === 'InvalidKind',
    )
  )
    return FIXED_500;
  const targetGroups = backends.flatMap(({ ref, resolution }) =>
    resolution.resolved
      ? [
          {
            targetGroupIdentifier: resolution.targetGroup.id,
            weight: ref.weight ?? 1,
          },
        ]
      : [],
  );
  return targetGroups.length ? { forward: { targetGroups } } : FIXED_500;
}
