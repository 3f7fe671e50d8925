/*
 * Which pod endpoints a target group should hold, and how their health moves
 * from one reconcile pass to the next (pkg/gateway/model_build_targets.go).
 */
import { KubeObject } from '../kube/types';
import { TARGET_REASON_CODES, TargetRecord } from '../lattice/types';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

export interface EndpointTarget {
  ip: string;
  port: number;
  ready: boolean;
}

interface SlicePort {
  name?: string;
  port?: number;
}

interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean };
}

export function servicePorts(service: KubeObject): ServicePort[] {
  const spec = service.spec as { ports?: ServicePort[] } | undefined;
  return spec?.ports ?? [];
}

/** Endpoint addresses serving a Service port; the target port comes from the slice port of the same name. */
export function endpointTargets(
  slices: KubeObject[],
  servicePort: ServicePort,
): EndpointTarget[] {
  const targets: EndpointTarget[] = [];
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    const ports = (slice.ports ?? []) as SlicePort[];
    const port = ports.find(p => (p.name ?? '') === (servicePort.name ?? ''));
    if (port?.port === undefined) continue;
    for (const endpoint of (slice.endpoints ?? []) as SliceEndpoint[]) {
      // A nil ready condition means ready, as in the EndpointSlice API.
      const ready = endpoint.conditions?.ready !== false;
      for (const ip of endpoint.addresses ?? [])
        targets.push({ ip, port: port.port, ready });
    }
  }
  return targets;
}

/**
 * The targets after one more health-check round: a ready endpoint starts
 * INITIAL and is HEALTHY on the next pass; a not-ready one fails its checks.
 * Without health checks Lattice reports UNAVAILABLE. `previous` is what
 * Lattice lists, so targets of an unused group (listed UNUSED) start over.
 */
export function nextTargetStates(
  previous: TargetRecord[],
  endpoints: EndpointTarget[],
  healthChecksEnabled: boolean,
): TargetRecord[] {
  const before = new Map(previous.map(t => [`${t.id}:${t.port}`, t]));
  const seen = new Set<string>();
  const next: TargetRecord[] = [];
  for (const endpoint of endpoints) {
    const key = `${endpoint.ip}:${endpoint.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const base = { id: endpoint.ip, port: endpoint.port };
    const earlier = before.get(key);
    if (!healthChecksEnabled) {
      next.push({
        ...base,
        status: 'UNAVAILABLE',
        reasonCode: TARGET_REASON_CODES.healthCheckDisabled,
      });
    } else if (!endpoint.ready) {
      next.push({
        ...base,
        status: 'UNHEALTHY',
        reasonCode: TARGET_REASON_CODES.healthCheckFailed,
      });
    } else if (
      earlier &&
      (earlier.status === 'INITIAL' || earlier.status === 'HEALTHY')
    ) {
      next.push({ ...base, status: 'HEALTHY' });
    } else {
      next.push({
        ...base,
        status: 'INITIAL',
        reasonCode: TARGET_REASON_CODES.registrationInProgress,
      });
    }
  }
  return next;
}
