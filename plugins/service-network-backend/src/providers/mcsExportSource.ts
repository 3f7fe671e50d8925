/*
 * The upstream MCS ServiceExport (multicluster.x-k8s.io), a source of its
 * own: the MCS providers export with it, and the AWS Gateway API
 * Controller's provider reads it to point out an export of the wrong group.
 * Defined once, so the inventory watches it once per cluster.
 */
import { KINDS } from '@service-network/backstage-plugin-service-network-common';
import { compactMcsServiceExport } from '../inventory/compact';
import { ObjectIndex } from '../inventory/objectIndex';
import type { SourceDefinition } from './types';

export const MCS_EXPORT_SOURCE: SourceDefinition = {
  source: 'mcsserviceexports',
  kinds: [
    KINDS.mcsServiceExport,
    // eslint-disable-next-line no-restricted-syntax -- built once, at start-up
    { ...KINDS.mcsServiceExport, version: 'v1alpha1' },
  ],
  optional: true,
  essential: true,
  createIndex: () => new ObjectIndex(),
  compact: compactMcsServiceExport,
};

/** The condition types upstream MCS implementations write on a ServiceExport (KEP-1645). */
export const MCS_CONDITIONS = {
  valid: 'Valid',
  ready: 'Ready',
  conflict: 'Conflict',
} as const;
