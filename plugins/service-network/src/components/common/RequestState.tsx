import { RouteRequestState } from '@service-network/backstage-plugin-service-network-common';
import { StatusLabel } from './StatusLabel';
import { Tone } from './tones';

const REQUEST_STATE_TONE: Record<RouteRequestState, Tone> = {
  pending: 'pending',
  approved: 'pending',
  applying: 'pending',
  applied: 'ok',
  failed: 'error',
  rejected: 'warning',
  cancelled: 'neutral',
  expired: 'neutral',
};

/** A route request's state as its word, with the matching status icon. */
export function RequestState(props: { state: RouteRequestState }) {
  return (
    <StatusLabel tone={REQUEST_STATE_TONE[props.state]}>
      {props.state}
    </StatusLabel>
  );
}
