/*
 * Writing for an MCS-like API: a plain ServiceExport named like the
 * Service, in the newest version of the API's group the cluster serves. It
 * has no spec: MCS exports every port of the Service (KEP-1645), and so
 * does GKE.
 */
import { exportHeader } from '../../exports/serviceExportManifest';
import type { ProviderWriter } from '../types';
import type { McsApi } from './api';

export function mcsWriterFor(api: McsApi): ProviderWriter {
  const portsNote = {
    id: `${api.id}-exports-every-port`,
    text: (clusters: readonly string[]) =>
      `${clusters.join(', ')} ${clusters.length === 1 ? 'uses' : 'use'} the ${
        api.apiName
      }, which exports every port of the Service: the chosen ports and route types apply to AWS Gateway API Controller clusters only`,
  };
  return {
    exportKinds: api.exportKinds,
    apiName: api.apiName,
    header: exportHeader,
    plan: ({ service, request, kind }) => ({
      object: exportHeader(kind, service),
      problems: [],
      notes: request.ports ? [portsNote] : [],
      addedTargetGroups: 0,
    }),
    notServed: api.notServed,
  };
}
