/*
 * The AWS controller's ServiceExport as the status page shows it. The
 * controller writes no status on it, so everything here is read from the
 * object itself and matched against the Service and the target groups.
 */
import {
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  LATTICE_FINALIZERS,
  LatticeExportStatus,
  ServiceSummary,
  TargetGroupStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type { LatticeServiceExportObject } from '../../inventory/snapshot';
import {
  annotationOf,
  createdAt,
  hasFinalizer,
  isDeleting,
} from '../../status/kube';

/** Legacy mode (no `spec.exportedPorts`): comma-separated Service ports. */
export const LEGACY_PORT_ANNOTATION = 'application-networking.k8s.aws/port';

/** Legacy mode always creates its single target group on port 80. */
const LEGACY_TARGET_GROUP_PORT = 80;

function legacyPorts(serviceExport: LatticeServiceExportObject): number[] {
  return (annotationOf(serviceExport, LEGACY_PORT_ANNOTATION) ?? '')
    .split(',')
    .map(port => Number(port.trim()))
    .filter(port => Number.isInteger(port) && port > 0);
}

export function latticeExportStatus(
  serviceExport: LatticeServiceExportObject,
  service: ServiceSummary | undefined,
  targetGroups: readonly TargetGroupStatus[],
): LatticeExportStatus {
  const federation = annotationOf(
    serviceExport,
    LATTICE_ANNOTATIONS.federation,
  );
  const servicePorts = new Set(service?.ports.map(port => port.port));
  const declared = serviceExport.spec?.exportedPorts ?? [];
  const legacyMode = declared.length === 0;
  const idsOnPort = (port: number) =>
    targetGroups.filter(group => group.port === port).map(group => group.id);
  const exportedPorts = legacyMode
    ? legacyPorts(serviceExport).map(port => ({
        port,
        onService: servicePorts.has(port),
        targetGroupIds: idsOnPort(LEGACY_TARGET_GROUP_PORT),
      }))
    : declared.map(({ port, routeType }) => ({
        port,
        routeType,
        onService: servicePorts.has(port),
        targetGroupIds: idsOnPort(port),
      }));
  return {
    name: serviceExport.metadata.name,
    apiVersion: serviceExport.apiVersion,
    federated: federation === LATTICE_FEDERATION_VALUE,
    federationValue:
      federation === LATTICE_FEDERATION_VALUE ? undefined : federation,
    pickedUp: hasFinalizer(serviceExport, LATTICE_FINALIZERS.serviceExport),
    deleting: isDeleting(serviceExport),
    serviceName:
      annotationOf(serviceExport, LATTICE_ANNOTATIONS.serviceName) ??
      serviceExport.metadata.name,
    legacyMode,
    exportedPorts,
    createdAt: createdAt(serviceExport),
  };
}

/** Exported ports that have no target group yet (in legacy mode: no target group at all). */
export function portsWithoutTargetGroup(
  serviceExport: LatticeExportStatus,
  targetGroups: readonly TargetGroupStatus[],
): number[] {
  if (serviceExport.legacyMode) {
    return targetGroups.length === 0 ? [LEGACY_TARGET_GROUP_PORT] : [];
  }
  return serviceExport.exportedPorts
    .filter(port => port.targetGroupIds.length === 0)
    .map(port => port.port);
}
