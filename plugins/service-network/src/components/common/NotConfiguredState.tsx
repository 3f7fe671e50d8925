import { EmptyState } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';

/**
 * The backend's reason when Service Network is not set up, else undefined.
 * Its reads answer 503 (ServiceUnavailableError) only for that: without a
 * valid `serviceNetwork` section, or without a config cluster for route
 * requests. A 503 without the backend's error body (a proxy in front of an
 * unreachable backend) is a failure like any other.
 */
export function notConfiguredReason(error: Error): string | undefined {
  if (!(error instanceof ResponseError) || error.statusCode !== 503) {
    return undefined;
  }
  const { name, message } = error.body.error;
  return name === 'ServiceUnavailableError' ? message : undefined;
}

/**
 * A calm state, not an error: the portal has the plugin but the platform
 * team has not configured it (yet), so say what they must set.
 */
export function NotConfiguredState(props: { reason: string }) {
  return (
    <EmptyState
      missing="info"
      title="Service Network is not configured"
      description={
        // EmptyState puts the description in a paragraph: spans, not blocks.
        <>
          The platform team sets it up in the <code>serviceNetwork</code>{' '}
          section of the Backstage backend's app-config: the clusters under{' '}
          <code>serviceNetwork.clusters</code> (one with role{' '}
          <code>config</code>, and the workload clusters) and the VPC Lattice
          region under <code>serviceNetwork.lattice.region</code>.
          <Box component="span" display="block" mt={2}>
            The backend says: {props.reason}
          </Box>
        </>
      }
    />
  );
}
