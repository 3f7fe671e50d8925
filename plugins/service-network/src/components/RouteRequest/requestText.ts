/*
 * A route request in words, for the lists that show it. Pure.
 */
import { RouteRequest } from '@service-network/backstage-plugin-service-network-common';
import { sharesOf } from './routeRequestForm';

export function routeLabel(request: RouteRequest): string {
  const { kind, namespace, name } = request.route;
  return `${kind} ${namespace}/${name}`;
}

/** `gateway-1 (default), listener http`. */
export function attachmentText(request: RouteRequest): string {
  const { gateway, listener } = request.spec;
  const namespace = gateway.namespace ? ` (${gateway.namespace})` : '';
  return `${gateway.name}${namespace}, listener ${listener}`;
}

/** Which requests the route carries, e.g. `GET, path prefix /api, header x-canary = 1`. */
export function matchText(request: RouteRequest): string {
  const { spec } = request;
  if (spec.kind === 'TLS') {
    return `TLS passthrough for ${spec.hostname} (by SNI)`;
  }
  const parts: string[] = [];
  if (spec.kind === 'HTTP') {
    const path = spec.match?.path ?? { type: 'PathPrefix', value: '/' };
    parts.push(spec.match?.method ?? 'any method');
    parts.push(
      `${path.type === 'Exact' ? 'path' : 'path prefix'} ${path.value}`,
    );
  } else {
    const service = spec.match?.service ?? 'any service';
    parts.push(`gRPC ${service}/${spec.match?.method ?? '*'}`);
  }
  for (const header of spec.match?.headers ?? []) {
    parts.push(`header ${header.name} = ${header.value}`);
  }
  return parts.join(', ');
}

/** `workload-1 50 %, workload-2 50 %`. */
export function backendsText(request: RouteRequest): string {
  const backends = request.spec.backends.map(backend => ({
    cluster: backend.cluster,
    included: true,
    weight: String(backend.weight),
  }));
  const shares = sharesOf(backends);
  return backends
    .map(backend => `${backend.cluster} ${shares.get(backend.cluster)} %`)
    .join(', ');
}
