/*
 * An MCS-like ServiceExport and its conditions.
 */
import type { McsExportStatus } from '@service-network/backstage-plugin-service-network-common';
import type { McsServiceExportObject } from '../../inventory/snapshot';
import {
  conditionOf,
  createdAt,
  isDeleting,
  toStatusConditions,
} from '../../status/kube';
import type { McsApi } from './api';

export function mcsExportStatus(
  api: Pick<McsApi, 'conditions'>,
  serviceExport: McsServiceExportObject,
): McsExportStatus {
  const { name, namespace } = serviceExport.metadata;
  const conditions = toStatusConditions(serviceExport.status?.conditions);
  const ready =
    conditionOf(conditions, api.conditions.ready)?.status === 'True';
  return {
    name,
    apiVersion: serviceExport.apiVersion,
    conditions,
    deleting: isDeleting(serviceExport),
    clustersetDnsName: ready
      ? `${name}.${namespace}.svc.clusterset.local`
      : undefined,
    createdAt: createdAt(serviceExport),
  };
}
