/*
 * The "Request route" form: its fields, what they become as a request body,
 * and the problems the shared schema finds, keyed by the field that shows
 * them. Pure.
 */
import {
  EntityServiceNetworkStatus,
  FleetListenerOverview,
  FleetOverview,
  HTTP_METHODS,
  ROUTE_KIND_OF_REQUEST,
  ROUTE_REQUEST_LIMITS,
  RouteRequestCreate,
  RouteRequestKind,
  routeRequestCreateSchema,
} from '@service-network/backstage-plugin-service-network-common';

export interface BackendChoice {
  cluster: string;
  included: boolean;
  /** As typed, so a half-typed number stays on screen. */
  weight: string;
}

export interface HeaderRow {
  name: string;
  value: string;
}

export type PathType = 'PathPrefix' | 'Exact';
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteRequestForm {
  kind: RouteRequestKind;
  /** `namespace/name` of the Gateway. */
  gateway: string;
  listener: string;
  /** Empty: the backend names the route after the Service. */
  routeName: string;
  backends: BackendChoice[];
  pathType: PathType;
  pathValue: string;
  /** Empty: any method. */
  method: HttpMethod | '';
  grpcService: string;
  grpcMethod: string;
  headers: HeaderRow[];
  hostname: string;
  reason: string;
}

export interface GatewayChoice {
  value: string;
  namespace: string;
  name: string;
  cluster: string;
  serviceNetwork: string;
  programmed: string;
  listeners: FleetListenerOverview[];
}

/** Every Gateway of every service network, in fleet order. */
export function gatewayChoices(fleet: FleetOverview): GatewayChoice[] {
  return fleet.serviceNetworks.flatMap(network =>
    network.gateways.map(gateway => ({
      value: `${gateway.namespace}/${gateway.name}`,
      namespace: gateway.namespace,
      name: gateway.name,
      cluster: gateway.cluster,
      serviceNetwork: network.name,
      programmed: gateway.programmed,
      listeners: gateway.listeners,
    })),
  );
}

/**
 * The listeners of `gateway` a route of `kind` can attach to, as the
 * controller admits them: gRPC only on HTTPS, TLS passthrough only on TLS
 * listeners in Passthrough mode.
 */
export function listenerChoices(
  gateway: GatewayChoice | undefined,
  kind: RouteRequestKind,
): FleetListenerOverview[] {
  const routeKind = ROUTE_KIND_OF_REQUEST[kind];
  return (gateway?.listeners ?? []).filter(listener =>
    listener.routeKinds.includes(routeKind),
  );
}

/** The form with its listener kept if `gateway` offers it for the kind, else the first one it offers. */
function withListenerOf(
  form: RouteRequestForm,
  gateway: GatewayChoice | undefined,
): RouteRequestForm {
  const choices = listenerChoices(gateway, form.kind);
  const kept = choices.some(listener => listener.name === form.listener);
  return {
    ...form,
    listener: kept ? form.listener : choices[0]?.name ?? '',
  };
}

/** Clusters a route can send traffic to: those with a live export through the AWS controller. */
export function backendClusters(status: EntityServiceNetworkStatus): string[] {
  return status.clusters
    .filter(cluster => cluster.export && !cluster.export.deleting)
    .map(cluster => cluster.cluster);
}

/** The same weight for each of `count` backends, so their shares are equal. */
function evenWeight(count: number): string {
  return String(Math.max(1, Math.floor(100 / Math.max(count, 1))));
}

/** Every included backend with the same weight. */
export function spreadEvenly(backends: BackendChoice[]): BackendChoice[] {
  const weight = evenWeight(backends.filter(b => b.included).length);
  return backends.map(backend =>
    backend.included ? { ...backend, weight } : backend,
  );
}

export function initialForm(options: {
  clusters: string[];
  gateways: GatewayChoice[];
}): RouteRequestForm {
  const gateway = options.gateways[0];
  return withListenerOf(
    {
      kind: 'HTTP',
      gateway: gateway?.value ?? '',
      listener: '',
      routeName: '',
      backends: spreadEvenly(
        options.clusters.map(cluster => ({
          cluster,
          included: true,
          weight: '',
        })),
      ),
      pathType: 'PathPrefix',
      pathValue: '/',
      method: '',
      grpcService: '',
      grpcMethod: '',
      headers: [],
      hostname: '',
      reason: '',
    },
    gateway,
  );
}

/** Switching kind moves off a listener that cannot carry it (gRPC needs HTTPS, TLS a passthrough listener). */
export function withKind(
  form: RouteRequestForm,
  kind: RouteRequestKind,
  gateway: GatewayChoice | undefined,
): RouteRequestForm {
  return withListenerOf({ ...form, kind }, gateway);
}

/** Another Gateway keeps the listener only if it has one of that name for the kind. */
export function withGateway(
  form: RouteRequestForm,
  gateway: GatewayChoice,
): RouteRequestForm {
  return withListenerOf({ ...form, gateway: gateway.value }, gateway);
}

function weightOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Each included backend's share of the traffic in whole percent; all 0 when every weight is 0. */
export function sharesOf(backends: BackendChoice[]): Map<string, number> {
  const included = backends.filter(b => b.included);
  const weights = included.map(b => weightOf(b.weight));
  const valid = weights.map(w => (Number.isFinite(w) && w > 0 ? w : 0));
  const total = valid.reduce((sum, w) => sum + w, 0);
  return new Map(
    included.map((backend, index) => [
      backend.cluster,
      total === 0 ? 0 : Math.round((valid[index] / total) * 100),
    ]),
  );
}

function filledHeaders(form: RouteRequestForm): Array<{
  row: number;
  header: HeaderRow;
}> {
  return form.headers
    .map((header, row) => ({ row, header }))
    .filter(({ header }) => header.name.trim() || header.value.trim());
}

function optional<K extends string, V>(
  key: K,
  value: V | undefined | '',
): Partial<Record<K, V>> {
  return value === undefined || value === ''
    ? {}
    : ({ [key]: value } as Record<K, V>);
}

function matchOf(form: RouteRequestForm) {
  const headers = filledHeaders(form).map(({ header }) => ({
    name: header.name.trim(),
    value: header.value,
  }));
  const headerMatch = headers.length ? { headers } : {};
  if (form.kind === 'HTTP') {
    return {
      path: { type: form.pathType, value: form.pathValue.trim() },
      ...headerMatch,
      ...optional('method', form.method),
    };
  }
  return {
    ...optional('service', form.grpcService.trim()),
    ...optional('method', form.grpcMethod.trim()),
    ...headerMatch,
  };
}

/** The request body as the form stands; the schema decides whether it is valid. */
function bodyOf(
  form: RouteRequestForm,
  entityRef: string,
): Record<string, unknown> {
  const [namespace, name] = form.gateway.split('/');
  return {
    entityRef,
    kind: form.kind,
    ...optional('routeName', form.routeName.trim()),
    gateway: { name: name ?? '', namespace },
    listener: form.listener,
    backends: form.backends
      .filter(b => b.included)
      .map(b => ({ cluster: b.cluster, weight: weightOf(b.weight) })),
    ...optional('hostname', form.hostname.trim()),
    reason: form.reason,
    // A TLS passthrough route matches nothing: Lattice forwards by SNI.
    ...(form.kind === 'TLS' ? {} : { match: matchOf(form) }),
  };
}

/** Field keys the form shows problems under. */
export type FieldKey = string;

/** The form field a schema issue belongs to. */
function fieldOf(path: (string | number)[], form: RouteRequestForm): FieldKey {
  const [first, second, third] = path;
  if (first === 'backends') {
    const included = form.backends.filter(b => b.included);
    return typeof second === 'number' && third === 'weight'
      ? `weight:${included[second]?.cluster}`
      : 'backends';
  }
  if (first === 'match') {
    if (second === 'headers') {
      return typeof third === 'number'
        ? `header:${filledHeaders(form)[third]?.row}`
        : 'headers';
    }
    if (second === 'path') return 'path';
    if (second === 'service') return 'grpcService';
    if (second === 'method') {
      return form.kind === 'HTTP' ? 'method' : 'grpcMethod';
    }
    return 'match';
  }
  return typeof first === 'string' ? first : 'form';
}

interface CheckedForm {
  /** Set when the form is a valid request. */
  request?: RouteRequestCreate;
  /** The first problem of each field. */
  problems: Map<FieldKey, string>;
}

/** The request the form makes, or the problems with it. */
export function checkForm(
  form: RouteRequestForm,
  entityRef: string,
): CheckedForm {
  const parsed = routeRequestCreateSchema.safeParse(bodyOf(form, entityRef));
  if (parsed.success) {
    return { request: parsed.data, problems: new Map() };
  }
  const problems = new Map<FieldKey, string>();
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path, form);
    if (!problems.has(field)) problems.set(field, issue.message);
  }
  return { problems };
}

/**
 * The request to preview: the form as it is, with a stand-in reason while
 * none is written, since the plan does not depend on it.
 */
export function previewRequestOf(
  form: RouteRequestForm,
  entityRef: string,
): RouteRequestCreate | undefined {
  return checkForm(
    form.reason.trim() ? form : { ...form, reason: 'preview' },
    entityRef,
  ).request;
}

/** Whether another header row may be added. */
export function canAddHeader(form: RouteRequestForm): boolean {
  return form.headers.length < ROUTE_REQUEST_LIMITS.maxHeaderMatches;
}
