import type { Finding } from '@service-network/backstage-plugin-service-network-common';
import { mergeAcrossClusters } from './acrossClusters';

function unused(cluster: string, targets = 2): Finding {
  return {
    id: 'targets-unused',
    severity: 'info',
    cluster,
    title: 'Exported, but no route uses it yet',
    detail: `All ${targets} targets of ns/api in cluster ${cluster} are UNUSED.`,
    action: `Request a route; or kubectl --context ${cluster} get serviceexport api.`,
    objectRefs: [{ kind: 'LatticeTargetGroup', name: `tg-${cluster}` }],
  };
}

const lattice: Finding = {
  id: 'lattice-stale',
  severity: 'warning',
  title: 'Lattice data is old',
  detail: 'Last read 5 minutes ago.',
  action: 'Check the credentials.',
};

describe('mergeAcrossClusters', () => {
  it('says once what several clusters share, naming them', () => {
    const merged = mergeAcrossClusters([
      unused('east'),
      lattice,
      unused('west'),
    ]);

    expect(merged).toEqual([
      {
        id: 'targets-unused',
        severity: 'info',
        clusters: ['east', 'west'],
        title: 'Exported, but no route uses it yet',
        detail: 'All 2 targets of ns/api in clusters east and west are UNUSED.',
        action:
          'Request a route; or kubectl --context east and west get serviceexport api.',
        objectRefs: [
          { kind: 'LatticeTargetGroup', name: 'tg-east' },
          { kind: 'LatticeTargetGroup', name: 'tg-west' },
        ],
      },
      lattice,
    ]);
  });

  it('counts past three clusters', () => {
    const fleet = Array.from({ length: 50 }, (_, i) =>
      unused(`workload-${i + 1}`),
    );

    const [merged, ...rest] = mergeAcrossClusters(fleet);

    expect(rest).toEqual([]);
    expect(merged.clusters).toHaveLength(50);
    expect(merged.detail).toBe(
      'All 2 targets of ns/api in clusters workload-1, workload-2 and 48 more are UNUSED.',
    );
  });

  it('makes a title that names the cluster plural', () => {
    const unreachable = (cluster: string): Finding => ({
      id: 'cluster-unreachable',
      severity: 'warning',
      cluster,
      title: `Cluster ${cluster} cannot be reached`,
      detail: `The backend cannot reach cluster ${cluster} (connection reset).`,
      action: 'Nothing to change on this page.',
    });

    const [merged] = mergeAcrossClusters([
      unreachable('workload-1'),
      unreachable('workload-2'),
    ]);

    expect(merged.title).toBe(
      'Clusters workload-1 and workload-2 cannot be reached',
    );
    expect(merged.detail).toBe(
      'The backend cannot reach clusters workload-1 and workload-2 (connection reset).',
    );
  });

  it('keeps apart what differs in more than the cluster', () => {
    const merged = mergeAcrossClusters([unused('east', 2), unused('west', 3)]);

    expect(merged.map(finding => finding.cluster)).toEqual(['east', 'west']);
    expect(merged.every(finding => finding.clusters === undefined)).toBe(true);
  });

  it('tells a cluster from one whose name contains it', () => {
    const merged = mergeAcrossClusters([unused('east'), unused('east-2')]);

    expect(merged.map(finding => finding.detail)).toEqual([
      'All 2 targets of ns/api in clusters east and east-2 are UNUSED.',
    ]);
  });
});
