import type { ProviderClusterStatus } from '@service-network/backstage-plugin-service-network-common';
import { entityStatus, workloadCluster } from '../../__testUtils__/status';
import {
  exportableClusters,
  exportingClusters,
  providerOptions,
  readOnlyReasons,
} from './exportChoices';

const ISTIO: ProviderClusterStatus = {
  provider: 'istio',
  title: 'Istio multi-cluster',
  exportKind: { group: '', version: 'v1', kind: 'Service' },
  exported: true,
  state: 'healthy',
  stateReason: 'Calls from here reach the endpoints in workload-1, workload-2.',
  readOnly: 'Service Network only reads Istio.',
};
const CILIUM: ProviderClusterStatus = {
  provider: 'cilium-clustermesh',
  title: 'Cilium Cluster Mesh (global service)',
  exportKind: { group: '', version: 'v1', kind: 'Service' },
  exported: false,
  state: 'not-exported',
  stateReason: 'Not a global service.',
};

describe('export choices with a provider Service Network only reads', () => {
  const onlyIstio = workloadCluster('workload-1', { export: undefined, targetGroups: [], providers: [ISTIO] });
  const both = workloadCluster('workload-2', { export: undefined, targetGroups: [], providers: [CILIUM, ISTIO] });
  const status = entityStatus({ clusters: [onlyIstio, both], imports: [], routes: [] });

  it('offers no export through Istio, nor in a cluster that runs only Istio', () => {
    expect(exportableClusters(status).map(c => c.cluster)).toEqual(['workload-2']);
    expect(providerOptions(exportableClusters(status)).map(option => option.id)).toEqual(['cilium-clustermesh']);
  });

  it('offers no stop-exporting for what Istio shares, and says once why Istio has no export', () => {
    expect(exportingClusters(status)).toEqual([]);
    expect(readOnlyReasons(status)).toEqual([
      { title: 'Istio multi-cluster', reason: 'Service Network only reads Istio.' },
    ]);
  });
});
