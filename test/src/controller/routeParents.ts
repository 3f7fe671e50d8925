/*
 * Which Gateway listeners a route attaches to, and why a parent is refused:
 * sectionName/port matching, the route kinds a listener supports
 * (GRPCRoute needs HTTPS), allowedRoutes and listener hostnames.
 */
import { KubeObject } from '../kube/types';
import { LabelRequirement, labelsMatch } from '../kube/selectors';
import { GROUPS, RouteKind } from './constants';

export interface ParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

export interface GatewayListener {
  name: string;
  protocol: string;
  port: number;
  hostname?: string;
  tls?: { mode?: string };
  allowedRoutes?: {
    namespaces?: {
      from?: 'All' | 'Same' | 'Selector';
      selector?: LabelSelector;
    };
    kinds?: Array<{ group?: string; kind: string }>;
  };
}

export type ParentReason =
  | 'Accepted'
  | 'NoMatchingParent'
  | 'NotAllowedByListeners'
  | 'NoMatchingListenerHostname';

export interface ParentEvaluation {
  parentRef: ParentRef;
  gateway: KubeObject;
  reason: ParentReason;
  message: string;
  /** The listeners the route attaches to; empty unless accepted. */
  listeners: GatewayListener[];
}

export interface ParentLookups {
  /** A Gateway of this controller's class, or undefined. */
  controlledGateway(namespace: string, name: string): KubeObject | undefined;
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

const KINDS_BY_PROTOCOL: Record<string, string[]> = {
  HTTP: ['HTTPRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
};

export function gatewayListeners(gateway: KubeObject): GatewayListener[] {
  return (gateway.spec as { listeners?: GatewayListener[] })?.listeners ?? [];
}

export function routeParentRefs(route: KubeObject): ParentRef[] {
  return (route.spec as { parentRefs?: ParentRef[] })?.parentRefs ?? [];
}

/** Route kinds a listener can take: its protocol's, narrowed by allowedRoutes.kinds. */
export function listenerKinds(listener: GatewayListener): {
  kinds: string[];
  invalid: string[];
} {
  const byProtocol = KINDS_BY_PROTOCOL[listener.protocol] ?? [];
  const requested = listener.allowedRoutes?.kinds;
  if (!requested?.length) return { kinds: byProtocol, invalid: [] };
  const kinds = requested
    .map(k => k.kind)
    .filter(kind => byProtocol.includes(kind));
  const invalid = requested
    .map(k => k.kind)
    .filter(kind => !byProtocol.includes(kind));
  return { kinds, invalid };
}

function selectorRequirements(
  selector: LabelSelector | undefined,
): LabelRequirement[] {
  const fromLabels = Object.entries(selector?.matchLabels ?? {}).map(
    ([key, value]) => ({
      key,
      operator: '=' as const,
      values: [value],
    }),
  );
  const operators = {
    In: 'in',
    NotIn: 'notin',
    Exists: 'exists',
    DoesNotExist: '!exists',
  } as const;
  const fromExpressions = (selector?.matchExpressions ?? []).map(e => ({
    key: e.key,
    operator: operators[e.operator],
    values: e.values ?? [],
  }));
  return [...fromLabels, ...fromExpressions];
}

function admitsNamespace(
  listener: GatewayListener,
  gatewayNamespace: string,
  routeNamespace: string,
  lookups: ParentLookups,
): boolean {
  const namespaces = listener.allowedRoutes?.namespaces;
  switch (namespaces?.from ?? 'Same') {
    case 'All':
      return true;
    case 'Selector':
      return labelsMatch(
        selectorRequirements(namespaces?.selector),
        lookups.namespaceLabels(routeNamespace),
      );
    default:
      return routeNamespace === gatewayNamespace;
  }
}

function hostnameMatches(
  listenerHostname: string,
  routeHostname: string,
): boolean {
  const wildcardMatch = (pattern: string, name: string) =>
    pattern.startsWith('*.') && name.endsWith(pattern.slice(1));
  return (
    listenerHostname === routeHostname ||
    wildcardMatch(listenerHostname, routeHostname) ||
    wildcardMatch(routeHostname, listenerHostname)
  );
}

function admitsHostnames(
  listener: GatewayListener,
  routeHostnames: string[],
): boolean {
  if (!listener.hostname || routeHostnames.length === 0) return true;
  return routeHostnames.some(h => hostnameMatches(listener.hostname!, h));
}

/** Without sectionName the controller uses the Gateway's first listener (matching the port, if given). */
export function listenersForParentRef(
  gateway: KubeObject,
  parentRef: ParentRef,
): GatewayListener[] {
  const onPort = gatewayListeners(gateway).filter(
    l => parentRef.port === undefined || l.port === parentRef.port,
  );
  if (parentRef.sectionName === undefined) return onPort.slice(0, 1);
  return onPort.filter(l => l.name === parentRef.sectionName);
}

function isGatewayRef(parentRef: ParentRef): boolean {
  return (
    (parentRef.kind ?? 'Gateway') === 'Gateway' &&
    (parentRef.group ?? GROUPS.gateway) === GROUPS.gateway
  );
}

function evaluateParent(
  route: KubeObject,
  kind: RouteKind,
  parentRef: ParentRef,
  gateway: KubeObject,
  lookups: ParentLookups,
): ParentEvaluation {
  const routeNamespace = route.metadata.namespace ?? 'default';
  const gatewayNamespace = gateway.metadata.namespace ?? 'default';
  const gatewayName = `${gatewayNamespace}/${gateway.metadata.name}`;
  const refuse = (reason: ParentReason, message: string): ParentEvaluation => ({
    parentRef,
    gateway,
    reason,
    message,
    listeners: [],
  });

  const candidates = listenersForParentRef(gateway, parentRef);
  if (candidates.length === 0) {
    const wanted = [
      parentRef.sectionName !== undefined
        ? `sectionName "${parentRef.sectionName}"`
        : undefined,
      parentRef.port !== undefined ? `port ${parentRef.port}` : undefined,
    ].filter(Boolean);
    return refuse(
      'NoMatchingParent',
      `gateway ${gatewayName} has no listener with ${
        wanted.join(' and ') || 'any name'
      }`,
    );
  }
  const byKind = candidates.filter(l => listenerKinds(l).kinds.includes(kind));
  if (byKind.length === 0) {
    const l = candidates[0];
    return refuse(
      'NotAllowedByListeners',
      `${kind} is not allowed by listener "${l.name}" (protocol ${
        l.protocol
      } accepts ${listenerKinds(l).kinds.join(', ') || 'no route kinds'})`,
    );
  }
  const byNamespace = byKind.filter(l =>
    admitsNamespace(l, gatewayNamespace, routeNamespace, lookups),
  );
  if (byNamespace.length === 0) {
    const from = byKind[0].allowedRoutes?.namespaces?.from ?? 'Same';
    return refuse(
      'NotAllowedByListeners',
      `routes in namespace ${routeNamespace} are not allowed by listener "${byKind[0].name}" (allowedRoutes.namespaces.from: ${from})`,
    );
  }
  const routeHostnames =
    (route.spec as { hostnames?: string[] })?.hostnames ?? [];
  const byHostname = byNamespace.filter(l =>
    admitsHostnames(l, routeHostnames),
  );
  if (byHostname.length === 0) {
    return refuse(
      'NoMatchingListenerHostname',
      `no route hostname matches listener hostname ${byNamespace[0].hostname}`,
    );
  }
  return {
    parentRef,
    gateway,
    reason: 'Accepted',
    message: '',
    listeners: byHostname,
  };
}

/** One evaluation per parentRef naming a Gateway of this controller; other parents are not ours to judge. */
export function evaluateParents(
  route: KubeObject,
  kind: RouteKind,
  lookups: ParentLookups,
): ParentEvaluation[] {
  const routeNamespace = route.metadata.namespace ?? 'default';
  return routeParentRefs(route).flatMap(parentRef => {
    if (!isGatewayRef(parentRef)) return [];
    const gateway = lookups.controlledGateway(
      parentRef.namespace ?? routeNamespace,
      parentRef.name,
    );
    return gateway
      ? [evaluateParent(route, kind, parentRef, gateway, lookups)]
      : [];
  });
}
