import { useApi } from '@backstage/core-plugin-api';
import {
  ROUTE_REQUEST_LIMITS,
  RouteRequest,
  RouteRequestPlanDiff,
} from '@internal/plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useState } from 'react';
import { planChangeOf, serviceNetworkApiRef } from '../../api';
import { DiffBlock } from '../common/CodeBlock';
import { errorMessage } from '../common/errorMessage';
import { routeLabel } from '../RouteRequest/requestText';

export type Decision = 'approve' | 'reject';

const WHAT: Record<Decision, { title: string; effect: string }> = {
  approve: {
    title: 'Approve',
    effect:
      'Applies the objects below in the config cluster now, exactly as planned; if the cluster has changed since, nothing is applied and you see what changed.',
  },
  reject: {
    title: 'Reject',
    effect: 'Closes the request without applying anything.',
  },
};

function PlanChanged(props: { diff: RouteRequestPlanDiff }) {
  return (
    <Box mt={2}>
      <Alert severity="warning">
        <AlertTitle>
          The cluster changed since this request was planned
        </AlertTitle>
        Nothing was applied. This is what the new plan (version{' '}
        {props.diff.toVersion}) does differently; confirm again to approve it.
      </Alert>
      <DiffBlock text={props.diff.text} label="Plan changes" />
    </Box>
  );
}

function DecisionForm(props: {
  decision: Decision;
  request: RouteRequest;
  onClose: () => void;
  onDecided: (request: RouteRequest) => void;
  /** The request changed on the server (re-planned): the list should reload. */
  onChanged: () => void;
}) {
  const { decision, request } = props;
  const api = useApi(serviceNetworkApiRef);
  const [comment, setComment] = useState('');
  const [diff, setDiff] = useState<RouteRequestPlanDiff>();
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const confirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const decided =
        decision === 'approve'
          ? await api.approveRouteRequest(request.id, {
              comment,
              planVersion: diff?.toVersion ?? request.planVersion,
            })
          : await api.rejectRouteRequest(request.id, { comment });
      props.onDecided(decided);
    } catch (e) {
      const changed = planChangeOf(e);
      if (changed) {
        setDiff(changed);
        props.onChanged();
      } else {
        setError(errorMessage(e));
      }
      setSubmitting(false);
    }
  };

  return (
    <>
      <DialogContent dividers>
        <Typography variant="body2" paragraph>
          {WHAT[decision].effect}
        </Typography>
        <TextField
          id="service-network-decision-comment"
          label="Comment"
          fullWidth
          multiline
          minRows={2}
          required
          value={comment}
          helperText="The requester reads this"
          inputProps={{ maxLength: ROUTE_REQUEST_LIMITS.maxCommentLength }}
          onChange={event => setComment(event.target.value)}
        />
        {diff && <PlanChanged diff={diff} />}
        {error && (
          <Box mt={2}>
            <Alert severity="error">{error}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={decision === 'approve' ? 'primary' : 'secondary'}
          disabled={!comment.trim() || submitting}
          onClick={confirm}
        >
          Confirm
        </Button>
      </DialogActions>
    </>
  );
}

/** Approve or reject a request, with a comment for the requester. */
export function DecisionDialog(props: {
  decision?: Decision;
  request: RouteRequest;
  onClose: () => void;
  onDecided: (request: RouteRequest) => void;
  onChanged: () => void;
}) {
  const { decision } = props;
  return (
    <Dialog
      open={decision !== undefined}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="service-network-decision-title"
    >
      {decision && (
        <>
          <DialogTitle id="service-network-decision-title">
            {WHAT[decision].title} {routeLabel(props.request)}
          </DialogTitle>
          <DecisionForm {...props} decision={decision} />
        </>
      )}
    </Dialog>
  );
}
