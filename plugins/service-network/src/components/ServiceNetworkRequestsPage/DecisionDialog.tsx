import { useApi } from '@backstage/core-plugin-api';
import {
  ROUTE_REQUEST_LIMITS,
  RouteRequest,
  RouteRequestPlanDiff,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useState } from 'react';
import { planChangeOf, serviceNetworkApiRef } from '../../api';
import { DiffBlock } from '../common/CodeBlock';
import {
  DialogForm,
  ServiceNetworkDialog,
} from '../common/ServiceNetworkDialog';
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

  const confirm = async () => {
    const decided =
      decision === 'approve'
        ? await api.approveRouteRequest(request.id, {
            comment,
            planVersion: diff?.toVersion ?? request.planVersion,
          })
        : await api.rejectRouteRequest(request.id, { comment });
    props.onDecided(decided);
  };
  /** A plan that changed meanwhile is shown for a second look, not as an error. */
  const showPlanChange = (error: unknown) => {
    const changed = planChangeOf(error);
    if (!changed) return false;
    setDiff(changed);
    props.onChanged();
    return true;
  };

  return (
    <DialogForm
      onClose={props.onClose}
      submitLabel="Confirm"
      submitColor={decision === 'approve' ? 'primary' : 'secondary'}
      send={comment.trim() ? confirm : undefined}
      recover={showPlanChange}
    >
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
    </DialogForm>
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
    <ServiceNetworkDialog
      open={decision !== undefined}
      onClose={props.onClose}
      maxWidth="md"
      titleId="service-network-decision-title"
      title={decision && `${WHAT[decision].title} ${routeLabel(props.request)}`}
    >
      {decision && <DecisionForm {...props} decision={decision} />}
    </ServiceNetworkDialog>
  );
}
