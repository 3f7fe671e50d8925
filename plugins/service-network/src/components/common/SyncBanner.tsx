import { SyncState } from '@service-network/backstage-plugin-service-network-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { timeAndAgo } from './time';
import { useNow } from './useNow';

/** A source of data: a cluster by name, or VPC Lattice. */
export interface SyncSubject {
  name: string;
  sync: SyncState;
}

function describe(subject: SyncSubject, now: Date): string {
  const { name, sync } = subject;
  const because = sync.reason ? ` (${sync.reason})` : '';
  const since = sync.lastSuccess
    ? ` since ${timeAndAgo(sync.lastSuccess, now)}`
    : '';
  switch (sync.state) {
    case 'pending':
      return `${name} is still loading${because}.`;
    case 'stale':
      return `${name} stale${since}${because}: showing the last known data.`;
    default:
      return sync.lastSuccess
        ? `${name} unreachable${since}${because}: showing the last known data.`
        : `${name} unreachable${because}: no data from it yet, so its state is unknown.`;
  }
}

/**
 * Says which sources are not in step with their origin, so nobody mistakes
 * last known data for the current state. Renders nothing when all are synced.
 */
export function SyncBanner(props: { subjects: SyncSubject[] }) {
  const now = useNow();
  const notSynced = props.subjects.filter(
    subject => subject.sync.state !== 'synced',
  );
  if (notSynced.length === 0) {
    return null;
  }
  const onlyLoading = notSynced.every(
    subject => subject.sync.state === 'pending',
  );
  return (
    <Alert severity={onlyLoading ? 'info' : 'warning'} role="status">
      <AlertTitle>
        {onlyLoading
          ? 'Some data is still loading'
          : 'Some data is not current'}
      </AlertTitle>
      {notSynced.map(subject => (
        <div key={subject.name}>{describe(subject, now)}</div>
      ))}
    </Alert>
  );
}
