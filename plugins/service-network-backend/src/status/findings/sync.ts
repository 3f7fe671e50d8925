/*
 * Findings about the data itself: a cluster or Lattice that is stale,
 * unreachable or still loading, so the user knows how far to trust the page.
 */
import type {
  Finding,
  SyncState,
} from '@service-network/backstage-plugin-service-network-common';
import { describeTime } from '../time';

/** What the data is about: a cluster by name, or VPC Lattice. */
export type DataSubject = { cluster: string } | { lattice: true };

function label(subject: DataSubject): string {
  return 'cluster' in subject ? `cluster ${subject.cluster}` : 'VPC Lattice';
}

function prefix(subject: DataSubject): string {
  return 'cluster' in subject ? 'cluster' : 'lattice';
}

const RETRY_ACTION =
  'Nothing to change on this page: the backend keeps retrying. If it lasts, check the connection on the Service Network fleet page (credentials, network, API endpoint) or tell the platform team.';

export function syncFindings(
  subject: DataSubject,
  sync: SyncState,
  hasData: boolean,
  now: Date,
): Finding[] {
  const name = label(subject);
  const cluster = 'cluster' in subject ? { cluster: subject.cluster } : {};
  const because = sync.reason ? ` (${sync.reason})` : '';
  const asOf = sync.lastSuccess
    ? ` What you see for it is the data as of ${describeTime(
        sync.lastSuccess,
        now,
      )}.`
    : '';
  if (sync.state === 'synced') {
    return [];
  }
  const byState: Record<typeof sync.state, Finding> = {
    pending: {
      id: `${prefix(subject)}-data-pending`,
      severity: 'info',
      ...cluster,
      title: `Data from ${name} is still loading`,
      detail: `The backend has not finished reading ${name}${because}.${asOf}`,
      action: 'Reload the page in a moment.',
    },
    stale: {
      id: `${prefix(subject)}-data-stale`,
      severity: 'warning',
      ...cluster,
      title: `Data from ${name} may be out of date`,
      detail: `The backend is not receiving updates from ${name}${because}.${asOf}`,
      action: RETRY_ACTION,
    },
    unreachable: {
      id: `${prefix(subject)}-unreachable`,
      severity: 'warning',
      ...cluster,
      title: `${name[0].toUpperCase()}${name.slice(1)} cannot be reached`,
      detail: hasData
        ? `The backend cannot reach ${name}${because}.${asOf}`
        : `The backend cannot reach ${name}${because} and holds no earlier data, so its state is unknown.`,
      action: RETRY_ACTION,
    },
  };
  return [byState[sync.state]];
}
