import { Progress } from '@backstage/core-components';
import { ReactNode } from 'react';
import { PolledValue } from '../../hooks/usePolledValue';
import {
  LoadErrorPanel,
  RefreshFailedBanner,
  StatusTitles,
} from './LoadErrorPanel';
import { NotConfiguredState, unavailabilityOf } from './NotConfiguredState';

/**
 * Progress until the first answer, the error when there is nothing to show
 * (or, calmly, what to configure when Service Network is not set up or not
 * ready), else the content, with a warning when the latest refresh failed.
 */
export function PolledContent<T>(props: {
  polled: PolledValue<T>;
  /** What is loading, e.g. "the fleet overview". */
  what: string;
  titles?: StatusTitles;
  children: (value: T) => ReactNode;
}) {
  const { value, error, updatedAt } = props.polled;
  if (value === undefined) {
    if (!error) {
      return <Progress />;
    }
    const unavailability = unavailabilityOf(error);
    return unavailability ? (
      <NotConfiguredState unavailability={unavailability} />
    ) : (
      <LoadErrorPanel error={error} what={props.what} titles={props.titles} />
    );
  }
  return (
    <>
      {error && <RefreshFailedBanner error={error} updatedAt={updatedAt} />}
      {props.children(value)}
    </>
  );
}
