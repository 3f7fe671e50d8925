/*
 * What every provider's export manifest shares: the object named like the
 * Service, and the ports of a Service with the route type each would get.
 */
import {
  apiVersionOf,
  KindDescriptor,
  KubeObjectManifest,
  RouteType,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import type { ServiceSpec } from '../inventory/snapshot';

export interface ExportedPort {
  port: number;
  routeType: RouteType;
}

export type ServicePort = NonNullable<ServiceSpec['ports']>[number];

/** Just enough to name an export of this kind: what stop-exporting deletes. The export is named like the Service, so no exporter needs a service-name annotation. */
export function exportHeader(
  kind: KindDescriptor,
  service: ServiceRef,
): KubeObjectManifest {
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    metadata: { name: service.name, namespace: service.namespace },
  };
}

/** Lattice target groups carry TCP only; a port without protocol is TCP. */
export function isTcp(port: ServicePort): boolean {
  return (port.protocol ?? 'TCP').toUpperCase() === 'TCP';
}

/**
 * GRPC when the port says so, HTTP otherwise: an `appProtocol` of `grpc`
 * (or a prefixed one ending in `/grpc`), or a name following the Istio
 * convention `<protocol>[-<suffix>]` with protocol `grpc` (`grpc-web` is
 * HTTP/1.1 and stays HTTP). TLS passthrough is never guessed.
 */
export function defaultRouteType(port: ServicePort): RouteType {
  const appProtocol = port.appProtocol?.toLowerCase() ?? '';
  const name = port.name?.toLowerCase() ?? '';
  const grpcName =
    name === 'grpc' || (name.startsWith('grpc-') && !name.startsWith('grpc-web'));
  return appProtocol === 'grpc' || appProtocol.endsWith('/grpc') || grpcName
    ? 'GRPC'
    : 'HTTP';
}

/** Every TCP port of the Service, with its default route type. */
export function defaultExportedPorts(
  ports: readonly ServicePort[],
): ExportedPort[] {
  return ports
    .filter(isTcp)
    .map(port => ({ port: port.port, routeType: defaultRouteType(port) }));
}
