import { WorkloadClusterStatus } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import { StateChip } from './StateChip';
import { CLUSTER_STATE_TONE, stateWords } from './tones';

function reasonOf(cluster: WorkloadClusterStatus): string {
  return cluster.stale
    ? `${cluster.stateReason} (last known data: ${cluster.cluster} is ${cluster.sync.state})`
    : cluster.stateReason;
}

/** One chip per workload cluster: its colour, its state in a word, and why in the tooltip. */
export function ClusterChips(props: { clusters: WorkloadClusterStatus[] }) {
  return (
    <Box
      component="ul"
      aria-label="Clusters"
      display="flex"
      flexWrap="wrap"
      m={0}
      p={0}
      style={{ gap: 8, listStyle: 'none' }}
    >
      {props.clusters.map(cluster => (
        <StateChip
          key={cluster.cluster}
          tone={CLUSTER_STATE_TONE[cluster.state]}
          label={`${cluster.cluster}: ${stateWords(cluster.state)}${
            cluster.stale ? ' (stale)' : ''
          }`}
          reason={reasonOf(cluster)}
        />
      ))}
    </Box>
  );
}
