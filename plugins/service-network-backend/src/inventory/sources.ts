/*
 * What the inventory watches in each cluster, by the cluster's role: one
 * watch per source.
 */
import {
  KINDS,
  KindDescriptor,
  ROUTE_KINDS,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterRole } from '../config/serviceNetworkConfig';
import type { KubeSource } from './snapshot';

export interface SourceDefinition {
  source: KubeSource;
  /** The versions to try, newest first: older installs serve only older ones. */
  kinds: readonly KindDescriptor[];
  fieldSelector?: string;
  /**
   * Kinds defined by CRDs may not be installed: a 404 then means "not
   * served here", not an error. A core kind answering 404 is an error.
   */
  optional: boolean;
}

export const WATCHED_SOURCES: Record<ClusterRole, readonly SourceDefinition[]> =
  {
    workload: [
      { source: 'services', kinds: [KINDS.service], optional: false },
      {
        source: 'serviceexports',
        kinds: [KINDS.latticeServiceExport],
        optional: true,
      },
      {
        source: 'mcsserviceexports',
        kinds: [
          KINDS.mcsServiceExport,
          // eslint-disable-next-line no-restricted-syntax -- built once, at start-up
          { ...KINDS.mcsServiceExport, version: 'v1alpha1' },
        ],
        optional: true,
      },
      // Only the events the export status needs: the controller reports export failures nowhere else.
      {
        source: 'events',
        kinds: [KINDS.event],
        fieldSelector: `involvedObject.kind=${KINDS.latticeServiceExport.kind}`,
        optional: false,
      },
    ],
    config: [
      {
        source: 'serviceimports',
        kinds: [KINDS.latticeServiceImport],
        optional: true,
      },
      ...ROUTE_KINDS.map(kind => ({
        source: kind.plural,
        kinds: [kind],
        optional: true,
      })),
      { source: 'gateways', kinds: [KINDS.gateway], optional: true },
    ],
  };
