import { EmptyState } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { POLL_INTERVAL_MS } from '../../hooks/usePolledValue';

/** Why the backend cannot answer yet, as its 503 says. */
export interface Unavailability {
  message: string;
  /** Set when the `serviceNetwork` config is missing or wrong: each problem, naming its key. */
  problems?: string[];
}

/**
 * The backend's 503 (ServiceUnavailableError) when Service Network is not
 * configured (its body lists the problems in `error.problems`), is still
 * starting, or has no config cluster for route requests; else undefined. A
 * 503 without the backend's error body (a proxy in front of an unreachable
 * backend) is a failure like any other.
 */
export function unavailabilityOf(error: Error): Unavailability | undefined {
  if (!(error instanceof ResponseError) || error.statusCode !== 503) {
    return undefined;
  }
  const { name, message, problems } = error.body.error as {
    name: string;
    message: string;
    problems?: unknown;
  };
  if (name !== 'ServiceUnavailableError') {
    return undefined;
  }
  const listed =
    Array.isArray(problems) && problems.length > 0
      ? problems.map(problem => String(problem))
      : undefined;
  return { message, problems: listed };
}

/**
 * A calm state, not an error: the portal has the plugin, but the platform
 * team has not configured it (say what they must set, and what the backend
 * found wrong), or the backend is not ready (say why; the page asks again).
 */
export function NotConfiguredState(props: { unavailability: Unavailability }) {
  const { message, problems } = props.unavailability;
  if (!problems) {
    return (
      <EmptyState
        missing="info"
        title="Service Network is not available"
        description={
          <>
            {message}
            <Box component="span" display="block" mt={1}>
              This page asks again every {POLL_INTERVAL_MS / 1000} s.
            </Box>
          </>
        }
      />
    );
  }
  return (
    <EmptyState
      missing="info"
      title="Service Network is not configured"
      description={
        <>
          The platform team sets it up in the <code>serviceNetwork</code>{' '}
          section of the Backstage backend's app-config: the clusters under{' '}
          <code>serviceNetwork.clusters</code> (one with role{' '}
          <code>config</code>, and the workload clusters) and the VPC Lattice
          region under <code>serviceNetwork.lattice.region</code>.
        </>
      }
      action={
        // Outside the description, which EmptyState puts in a paragraph.
        <Box>
          <Typography variant="subtitle2">The backend says:</Typography>
          <ul aria-label="What the backend says is wrong">
            {problems.map(problem => (
              <li key={problem}>
                <Typography variant="body2">{problem}</Typography>
              </li>
            ))}
          </ul>
        </Box>
      }
    />
  );
}
