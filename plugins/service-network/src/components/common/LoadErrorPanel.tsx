import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';
import { POLL_INTERVAL_MS } from '../../hooks/usePolledValue';
import { timeAgo } from './time';
import { useNow } from './useNow';

/** Titles for the HTTP statuses a caller can explain better than "failed". */
export type StatusTitles = Partial<Record<number, string>>;

function statusOf(error: Error): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}

/** The backend's error, with a title that says what it means here. */
export function LoadErrorPanel(props: {
  error: Error;
  /** What failed to load, e.g. "the fleet overview". */
  what: string;
  titles?: StatusTitles;
}) {
  const status = statusOf(props.error);
  const title =
    (status !== undefined && props.titles?.[status]) ||
    `Could not load ${props.what}`;
  return <ResponseErrorPanel error={props.error} title={title} />;
}

/** A refresh failed while earlier data is on screen: keep it, and say how old it is. */
export function RefreshFailedBanner(props: { error: Error; updatedAt?: Date }) {
  const now = useNow();
  const age = props.updatedAt ? ` from ${timeAgo(props.updatedAt, now)}` : '';
  return (
    <Alert severity="warning" role="status">
      Could not refresh ({props.error.message}): showing the data{age}. Trying
      again every {POLL_INTERVAL_MS / 1000} s.
    </Alert>
  );
}
