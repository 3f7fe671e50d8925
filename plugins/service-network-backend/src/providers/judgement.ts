/*
 * A provider's verdict on the Service in one cluster.
 */
import type { ClusterExportState } from '@service-network/backstage-plugin-service-network-common';

export interface Judgement {
  state: ClusterExportState;
  /** The state in one plain sentence. */
  reason: string;
}
