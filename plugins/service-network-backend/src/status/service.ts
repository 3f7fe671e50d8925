/*
 * The Kubernetes Service as the status page shows it.
 */
import type { ServiceSummary } from '@service-network/backstage-plugin-service-network-common';
import type { ServiceObject } from '../inventory/snapshot';
import { createdAt } from './kube';

export function serviceSummary(service: ServiceObject): ServiceSummary {
  const spec = service.spec ?? {};
  return {
    type: spec.type ?? 'ClusterIP',
    ports: (spec.ports ?? []).map(port => ({
      name: port.name,
      port: port.port,
      protocol: port.protocol ?? 'TCP',
      targetPort: port.targetPort,
      appProtocol: port.appProtocol,
    })),
    clusterIP: spec.clusterIP,
    ipFamilies: spec.ipFamilies,
    ipFamilyPolicy: spec.ipFamilyPolicy,
    createdAt: createdAt(service),
  };
}

/** Lattice target groups take one IP family, so the controller rejects dual-stack Services. */
export function isDualStack(service: ServiceSummary): boolean {
  return (service.ipFamilies?.length ?? 0) > 1;
}

export function isHeadless(service: ServiceSummary): boolean {
  return service.clusterIP === 'None';
}
