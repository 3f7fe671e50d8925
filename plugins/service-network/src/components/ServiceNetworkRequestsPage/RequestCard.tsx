import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  RouteOverlap,
  RouteRequest,
} from '@service-network/backstage-plugin-service-network-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ReactNode, useState } from 'react';
import { DiffBlock } from '../common/CodeBlock';
import { DnsNameLine } from '../common/DnsNameLine';
import { RequestState } from '../common/RequestState';
import { timeAgo, timeAndAgo, timeAndUntil } from '../common/time';
import { useNow } from '../common/useNow';
import { PlanView } from '../RouteRequest/PlanView';
import {
  attachmentText,
  backendsText,
  matchText,
  routeLabel,
} from '../RouteRequest/requestText';
import { useRequestActions } from '../RouteRequest/useRequestActions';
import { Decision, DecisionDialog } from './DecisionDialog';

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box display="flex" mb={0.5}>
      <Box width={130} flexShrink={0}>
        <Typography variant="body2" color="textSecondary">
          {props.label}
        </Typography>
      </Box>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

function Facts(props: { request: RouteRequest; now: Date }) {
  const { request, now } = props;
  return (
    <Box mb={2}>
      <Fact label="Service">
        {request.service.namespace}/{request.service.name} (
        <EntityRefLink entityRef={request.entityRef} />)
      </Fact>
      <Fact label="Requested by">
        <EntityRefLink entityRef={request.requestedBy} defaultKind="user" />,{' '}
        {timeAndAgo(request.createdAt, now)}
      </Fact>
      <Fact label="Reason">{request.spec.reason}</Fact>
      <Fact label="Attaches to">{attachmentText(request)}</Fact>
      <Fact label="Matches">{matchText(request)}</Fact>
      <Fact label="Backends">{backendsText(request)}</Fact>
      {request.spec.hostname && (
        <Fact label="Hostname">{request.spec.hostname}</Fact>
      )}
      {request.state === 'pending' && (
        <Fact label="Expires">{timeAndUntil(request.expiresAt, now)}</Fact>
      )}
      {request.decidedBy && (
        <Fact label="Decided by">
          <EntityRefLink entityRef={request.decidedBy} defaultKind="user" />
          {request.decidedAt ? `, ${timeAgo(request.decidedAt, now)}` : ''}
          {request.decisionComment ? `: “${request.decisionComment}”` : ''}
        </Fact>
      )}
      {request.attempts > 0 && (
        <Fact label="Apply attempts">{request.attempts}</Fact>
      )}
    </Box>
  );
}

function Outcome(props: { request: RouteRequest }) {
  const { request } = props;
  return (
    <>
      {request.lastError && (
        <Box mb={2}>
          <Alert severity="error">
            The apply failed{request.retryable ? ' (it may pass on retry)' : ''}
            : {request.lastError}
          </Alert>
        </Box>
      )}
      {request.state === 'applied' && (
        <Box mb={2}>
          <DnsNameLine
            entry={{
              name: request.dnsName,
              source: routeLabel(request),
              tone: request.dnsName ? 'ok' : 'pending',
              check: request.dnsName
                ? 'assigned by the controller'
                : 'applied; waiting for the controller to assign a DNS name',
            }}
          />
        </Box>
      )}
    </>
  );
}

function overlapSource(overlap: RouteOverlap): string {
  return overlap.requestId
    ? `asked for by open request ${overlap.requestId}`
    : 'in the config cluster';
}

/** Other routes that would carry some of the same requests: for the reviewer to weigh before approving. */
function Overlaps(props: { request: RouteRequest }) {
  const overlaps = props.request.overlaps ?? [];
  if (!overlaps.length) return null;
  return (
    <Box mb={2}>
      <Alert severity="warning" aria-label="Overlapping routes">
        <AlertTitle>
          Overlaps{' '}
          {overlaps.length === 1 ? 'a route' : `${overlaps.length} routes`} on
          the same listener
        </AlertTitle>
        This route would match some of the same requests as:
        <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
          {overlaps.map(overlap => (
            <li
              key={`${overlap.route.kind}/${overlap.route.namespace}/${
                overlap.route.name
              }/${overlap.requestId ?? ''}`}
            >
              <strong>
                {overlap.route.kind} {overlap.route.namespace}/
                {overlap.route.name}
              </strong>{' '}
              ({overlapSource(overlap)}): {overlap.listener}, {overlap.hostname}
              , {overlap.match}
            </li>
          ))}
        </ul>
      </Alert>
    </Box>
  );
}

/** What the approval applies, and what changed since the request was made. */
function Objects(props: { request: RouteRequest }) {
  const { request } = props;
  return (
    <>
      {request.planDiff && (
        <Box mb={2}>
          <Typography variant="subtitle2">
            Re-planned: what changed since version{' '}
            {request.planDiff.fromVersion}
          </Typography>
          <DiffBlock text={request.planDiff.text} label="Plan changes" />
        </Box>
      )}
      <Typography variant="subtitle2" gutterBottom>
        Objects to apply (plan version {request.planVersion}), against the
        cluster
      </Typography>
      <PlanView plan={request.plan} />
    </>
  );
}

/**
 * One route request: its facts, outcome and planned objects, with the
 * actions the signed-in user may take on it.
 */
export function RequestCard(props: {
  request: RouteRequest;
  canDecide: boolean;
  own: boolean;
  onChanged: () => void;
}) {
  const { request, canDecide, own, onChanged } = props;
  const now = useNow(5_000);
  const alertApi = useApi(alertApiRef);
  const [decision, setDecision] = useState<Decision>();
  const [expanded, setExpanded] = useState(
    request.state === 'pending' || request.state === 'failed',
  );
  const quick = useRequestActions(onChanged);
  const pending = request.state === 'pending';
  const failed = request.state === 'failed';
  const label = routeLabel(request);

  return (
    <Accordion
      expanded={expanded}
      onChange={(_event, open) => setExpanded(open)}
      role="region"
      aria-label={`Request for ${label}`}
      // Notifications link here: /service-network/requests#request-<id>.
      id={`request-${request.id}`}
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Box
          display="flex"
          alignItems="baseline"
          flexWrap="wrap"
          style={{ gap: 16 }}
        >
          <Typography variant="body1" component="span">
            <RequestState state={request.state} />
          </Typography>
          <Typography variant="subtitle1" component="span">
            <strong>{label}</strong>
          </Typography>
          <Typography variant="body2" color="textSecondary" component="span">
            for <EntityRefLink entityRef={request.entityRef} />, by{' '}
            <EntityRefLink entityRef={request.requestedBy} defaultKind="user" />
            , {timeAgo(request.createdAt, now)}
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails style={{ display: 'block' }}>
        <Facts request={request} now={now} />
        <Overlaps request={request} />
        <Outcome request={request} />
        <Objects request={request} />
        <Box mt={2} display="flex" style={{ gap: 8 }}>
          {canDecide && pending && (
            <>
              <Button
                variant="contained"
                color="primary"
                onClick={() => setDecision('approve')}
              >
                Approve
              </Button>
              <Button variant="outlined" onClick={() => setDecision('reject')}>
                Reject
              </Button>
            </>
          )}
          {canDecide && failed && (
            <Button
              variant="contained"
              color="primary"
              disabled={quick.busy}
              onClick={quick.retry(request)}
            >
              Retry
            </Button>
          )}
          {own && (pending || failed) && (
            <Button
              variant="outlined"
              disabled={quick.busy}
              onClick={quick.cancel(request)}
            >
              Cancel request
            </Button>
          )}
        </Box>
      </AccordionDetails>
      <DecisionDialog
        decision={decision}
        request={request}
        onClose={() => setDecision(undefined)}
        onChanged={onChanged}
        onDecided={decided => {
          setDecision(undefined);
          alertApi.post({
            message:
              decided.state === 'failed'
                ? `Approved ${label}, but the apply failed: ${decided.lastError}`
                : `${
                    decided.state === 'rejected' ? 'Rejected' : 'Approved'
                  } ${label}.`,
            severity: decided.state === 'failed' ? 'error' : 'success',
            display: 'transient',
          });
          onChanged();
        }}
      />
    </Accordion>
  );
}
