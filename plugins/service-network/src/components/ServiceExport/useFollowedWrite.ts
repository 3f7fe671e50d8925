import { useCallback, useMemo, useState } from 'react';
import {
  FOLLOW_INTERVAL_MS,
  POLL_INTERVAL_MS,
} from '../../hooks/usePolledValue';
import { useEntityServiceNetworkStatus } from '../../hooks/useServiceNetworkData';
import { FollowedWrite, writeProgress } from './writeProgress';

/**
 * The entity's status, polled faster while an export (or its removal) the
 * user made is still on its way, with that write's progress.
 */
export function useFollowedWrite() {
  const [write, setWrite] = useState<FollowedWrite>();
  const polled = useEntityServiceNetworkStatus(status =>
    write && !writeProgress(write, status).settled
      ? FOLLOW_INTERVAL_MS
      : POLL_INTERVAL_MS,
  );
  const progress = useMemo(
    () => write && writeProgress(write, polled.value),
    [write, polled.value],
  );

  const { refresh } = polled;
  /** Starts following `next`, or follows a retry's merged answer. */
  const follow = useCallback(
    (next: FollowedWrite) => {
      setWrite(next);
      refresh();
    },
    [refresh],
  );
  const dismiss = useCallback(() => setWrite(undefined), []);
  return { polled, write, progress, follow, dismiss };
}

/** The entity's status with the export being followed, as the card and the tab share it. */
export type FollowedWriteState = ReturnType<typeof useFollowedWrite>;
