import type {
  Finding,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { summarise } from './overall';

function clusters(
  ...entries: Array<[string, WorkloadClusterStatus['state']]>
): WorkloadClusterStatus[] {
  return entries.map(
    ([cluster, state]) => ({ cluster, state } as WorkloadClusterStatus),
  );
}

const error = { severity: 'error' } as Finding;

describe('summarise', () => {
  it('names the clusters of each state once', () => {
    expect(
      summarise(
        'degraded',
        clusters(
          ['east', 'healthy'],
          ['north', 'degraded'],
          ['west', 'healthy'],
          ['south', 'not-exported'],
        ),
        [error],
      ),
    ).toBe(
      'Exported, with problems in east, west (healthy); north (degraded); 1 error.',
    );
  });

  it('counts the clusters of a state rather than naming a whole fleet', () => {
    const fleet = Array.from(
      { length: 50 },
      (_, i): [string, WorkloadClusterStatus['state']] => [
        `workload-${i + 1}`,
        'unused',
      ],
    );
    fleet[6] = ['workload-7', 'pending'];

    expect(summarise('pending', clusters(...fleet), [])).toBe(
      'Export in progress in 49 clusters (unused); workload-7 (pending).',
    );
  });
});
