import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { errorMessage } from './errorMessage';

/** A form's preview of what it would apply, as the backend plans it. */
export function ObjectsToApply(props: {
  /** Why there is nothing to preview yet; the preview waits for a complete form. */
  incomplete?: string;
  loading: boolean;
  error?: Error;
  /** The plan, once there is one. */
  children?: ReactNode;
}) {
  return (
    <Box mt={2}>
      <Typography variant="h6" component="h3" gutterBottom>
        Objects to apply
      </Typography>
      {props.incomplete ? (
        <Typography variant="body2" color="textSecondary">
          {props.incomplete}
        </Typography>
      ) : (
        <>
          {props.loading && <Progress />}
          {props.error && (
            <Alert severity="error">{errorMessage(props.error)}</Alert>
          )}
          {props.children}
        </>
      )}
    </Box>
  );
}
