import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { timeAgo } from './time';
import { useNow } from './useNow';

/** "Updated 4 s ago" and a button to ask the backend again at once. */
export function RefreshControl(props: {
  updatedAt?: Date;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const now = useNow();
  return (
    <Box display="flex" alignItems="center" justifyContent="flex-end">
      <Typography variant="caption" color="textSecondary" aria-live="polite">
        {props.updatedAt
          ? `Updated ${timeAgo(props.updatedAt, now)}`
          : 'Not loaded yet'}
      </Typography>
      <Tooltip title="Refresh now">
        <span>
          <IconButton
            size="small"
            aria-label="Refresh"
            onClick={props.onRefresh}
            disabled={props.refreshing}
          >
            {props.refreshing ? (
              <CircularProgress size={18} aria-label="Refreshing" />
            ) : (
              <RefreshIcon fontSize="small" />
            )}
          </IconButton>
        </span>
      </Tooltip>
    </Box>
  );
}
