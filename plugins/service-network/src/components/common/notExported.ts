import {
  EntityServiceNetworkStatus,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  SERVICE_NETWORK_SERVICE_ANNOTATION,
} from '@service-network/backstage-plugin-service-network-common';

/** Why nothing is exported, and what to do about it. */
export function notExportedAdvice(status: EntityServiceNetworkStatus): {
  title: string;
  description: string;
} {
  const service = `${status.service.namespace}/${status.service.name}`;
  const running = status.clusters
    .filter(cluster => cluster.service)
    .map(cluster => cluster.cluster);
  if (running.length === 0) {
    return {
      title: `No workload cluster runs the Service ${service}`,
      description: `There is nothing to export yet. If the Service has another name or namespace, set the annotation ${SERVICE_NETWORK_SERVICE_ANNOTATION}: <namespace>/<name> on this entity.`,
    };
  }
  return {
    title: 'Not exported from any cluster',
    description: `${service} runs in ${running.join(
      ', ',
    )}, but no cluster exports it, so other clusters cannot reach it through VPC Lattice. To export it, create a ServiceExport ${service} annotated ${
      LATTICE_ANNOTATIONS.federation
    }: ${LATTICE_FEDERATION_VALUE} in each cluster that should serve it, then ask the platform team for a route.`,
  };
}
