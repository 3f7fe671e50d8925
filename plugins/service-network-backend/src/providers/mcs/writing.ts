/*
 * Writing for the MCS API: a plain ServiceExport named like the Service, in
 * the newest multicluster.x-k8s.io version the cluster serves. It has no
 * spec: MCS exports every port of the Service (KEP-1645).
 */
import { KINDS } from '@service-network/backstage-plugin-service-network-common';
import { exportHeader } from '../../exports/serviceExportManifest';
import type { ProviderWriter } from '../types';

const PORTS_NOTE = {
  id: 'mcs-exports-every-port',
  text: (clusters: readonly string[]) =>
    `${clusters.join(', ')} ${
      clusters.length === 1 ? 'uses' : 'use'
    } the upstream MCS API, which exports every port of the Service: the chosen ports and route types apply to AWS Gateway API Controller clusters only`,
};

export const mcsWriter: ProviderWriter = {
  exportKinds: [
    KINDS.mcsServiceExport,
    // eslint-disable-next-line no-restricted-syntax -- built once, at start-up
    { ...KINDS.mcsServiceExport, version: 'v1alpha1' },
  ],
  apiName: 'MCS API',
  header: exportHeader,
  plan: ({ service, request, kind }) => ({
    object: exportHeader(kind, service),
    problems: [],
    notes: request.ports ? [PORTS_NOTE] : [],
    addedTargetGroups: 0,
  }),
  notServed: name =>
    `${name} does not serve the upstream MCS ServiceExport (multicluster.x-k8s.io v1beta1 or v1alpha1): install the MCS API there, or give ${name} the provider that runs there (providers in app-config)`,
};
