/*
 * The ServiceExport we write, in the flavour the cluster's exporter acts on:
 * the AWS Gateway API Controller's (federation annotation and
 * spec.exportedPorts, or it ignores the export) or upstream MCS (a plain
 * object: MCS exports every port of the Service).
 */
import {
  apiVersionOf,
  KindDescriptor,
  KINDS,
  KubeObjectManifest,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  RouteType,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import type { ServiceSpec } from '../inventory/snapshot';

/** Versions of the upstream MCS ServiceExport, preferred first. */
export const MCS_VERSIONS = ['v1beta1', 'v1alpha1'] as const;
export type McsVersion = (typeof MCS_VERSIONS)[number];

export type ExportFlavour =
  | { api: 'aws' }
  | { api: 'mcs'; version: McsVersion };

export interface ExportedPort {
  port: number;
  routeType: RouteType;
}

export type ServicePort = NonNullable<ServiceSpec['ports']>[number];

export function serviceExportKind(flavour: ExportFlavour): KindDescriptor {
  return flavour.api === 'aws'
    ? KINDS.latticeServiceExport
    : { ...KINDS.mcsServiceExport, version: flavour.version };
}

/** Just enough to name the export: what an unexport deletes. The export is named like the Service, so neither exporter needs the service-name annotation. */
export function serviceExportHeader(
  flavour: ExportFlavour,
  service: ServiceRef,
): KubeObjectManifest {
  const kind = serviceExportKind(flavour);
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    metadata: { name: service.name, namespace: service.namespace },
  };
}

export function serviceExportManifest(
  flavour: ExportFlavour,
  service: ServiceRef,
  ports: readonly ExportedPort[],
): KubeObjectManifest {
  const header = serviceExportHeader(flavour, service);
  if (flavour.api === 'mcs') return header;
  return {
    ...header,
    metadata: {
      ...header.metadata,
      annotations: { [LATTICE_ANNOTATIONS.federation]: LATTICE_FEDERATION_VALUE },
    },
    spec: {
      exportedPorts: ports.map(({ port, routeType }) => ({ port, routeType })),
    },
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
