import { ControllerEvent } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusLabel } from './StatusLabel';
import { timeAgo } from './time';
import { useNow } from './useNow';

const SHOWN = 3;

/** The latest controller events (newest first), with how many older ones exist. */
export function EventList(props: { events: ControllerEvent[] }) {
  const now = useNow(10_000);
  const { events } = props;
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No events
      </Typography>
    );
  }
  return (
    <>
      {events.slice(0, SHOWN).map((event, index) => (
        <Box key={index} mb={0.5}>
          <Typography variant="body2" component="div">
            <StatusLabel
              tone={event.type === 'Warning' ? 'warning' : 'neutral'}
            >
              {event.reason}
              {event.count > 1 ? ` ×${event.count}` : ''}
              {event.lastSeen ? ` · ${timeAgo(event.lastSeen, now)}` : ''}
            </StatusLabel>
          </Typography>
          <Typography variant="caption" color="textSecondary" component="div">
            {event.message}
          </Typography>
        </Box>
      ))}
      {events.length > SHOWN && (
        <Typography variant="caption" color="textSecondary">
          and {events.length - SHOWN} older
        </Typography>
      )}
    </>
  );
}
