/*
 * Writing for the AWS Gateway API Controller: a ServiceExport of
 * application-networking.k8s.aws/v1alpha1 with the federation annotation
 * (without it the controller ignores the export) and spec.exportedPorts,
 * one Lattice target group per port; TCP ports only.
 */
import {
  ExportRequest,
  KINDS,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import {
  conflict,
  describeService,
  input,
  PreflightProblem,
} from '../../exports/problems';
import {
  defaultExportedPorts,
  ExportedPort,
  exportHeader,
  isTcp,
} from '../../exports/serviceExportManifest';
import type {
  ClusterInventory,
  LatticeInventory,
  ServiceObject,
} from '../../inventory/snapshot';
import type { ProviderWriter } from '../types';

function describePorts(service: ServiceObject): string {
  const ports = service.spec?.ports ?? [];
  return ports.length
    ? ports
        .map(
          p =>
            `${p.port}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`,
        )
        .join(', ')
    : 'none';
}

/** The ports to export from this Service: the requested ones, each checked, or by default all its TCP ports. */
function exportedPorts(
  service: ServiceObject,
  requested: ExportRequest['ports'],
  where: string,
): { ports: ExportedPort[]; problems: PreflightProblem[] } {
  const servicePorts = service.spec?.ports ?? [];
  if (!requested) {
    const ports = defaultExportedPorts(servicePorts);
    return {
      ports,
      problems: ports.length
        ? []
        : [
            conflict(
              `${where} has no TCP port to export (its ports: ${describePorts(
                service,
              )})`,
            ),
          ],
    };
  }
  const problems = requested.flatMap(({ port }) => {
    const match = servicePorts.find(p => p.port === port);
    if (!match) {
      return [
        input(
          `port ${port} is not a port of ${where} (its ports: ${describePorts(
            service,
          )})`,
        ),
      ];
    }
    return isTcp(match)
      ? []
      : [
          input(
            `port ${port} of ${where} is ${match.protocol}; VPC Lattice carries TCP only`,
          ),
        ];
  });
  return { ports: requested, problems };
}

/**
 * Target groups the controller will create: one per exported port that
 * neither has one in Lattice yet nor is exported already by the cluster's
 * federated export (whose target group the Lattice inventory may not have
 * seen yet).
 */
function newTargetGroups(
  lattice: LatticeInventory,
  cluster: ClusterInventory,
  service: ServiceRef,
  ports: readonly ExportedPort[],
): number {
  const current = cluster.serviceExports.get(service.namespace, service.name);
  const federated =
    current?.metadata.annotations?.[LATTICE_ANNOTATIONS.federation] ===
    LATTICE_FEDERATION_VALUE;
  const covered = new Set([
    ...(federated ? current?.spec?.exportedPorts ?? [] : []).map(p => p.port),
    ...lattice
      .targetGroupsForExport({ ...service, cluster: cluster.cluster.name })
      .map(entry => entry.targetGroup.port),
  ]);
  return ports.filter(({ port }) => !covered.has(port)).length;
}

export const awsWriter: ProviderWriter = {
  exportKinds: [KINDS.latticeServiceExport],
  apiName: 'AWS Gateway API Controller',
  header: exportHeader,
  plan({ cluster, service, serviceObject, request, kind, lattice }) {
    const where = `${describeService(service)} in ${cluster.cluster.name}`;
    const { ports, problems } = exportedPorts(
      serviceObject,
      request.ports,
      where,
    );
    const header = exportHeader(kind, service);
    return {
      object: {
        ...header,
        metadata: {
          ...header.metadata,
          annotations: {
            [LATTICE_ANNOTATIONS.federation]: LATTICE_FEDERATION_VALUE,
          },
        },
        spec: {
          exportedPorts: ports.map(({ port, routeType }) => ({
            port,
            routeType,
          })),
        },
      },
      problems,
      notes: [],
      addedTargetGroups: newTargetGroups(lattice, cluster, service, ports),
    };
  },
  notServed: name =>
    `${name} does not serve the AWS Gateway API Controller's ServiceExport (application-networking.k8s.aws): install the controller there, or give ${name} the provider that runs there (providers in app-config)`,
};
