import { Link, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  EntityServiceNetworkStatus,
  RouteRequest,
  RouteStatus,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { PolledValue } from '../../hooks/usePolledValue';
import { useRouteLink } from '../../hooks/useRouteLink';
import { useSignedInUser } from '../../hooks/useSignedInUser';
import { requestsRouteRef } from '../../routes';
import { DetailTable } from '../common/DetailTable';
import { DnsNameLine } from '../common/DnsNameLine';
import { Line } from '../common/Line';
import { RefreshFailedBanner } from '../common/LoadErrorPanel';
import { RequestState } from '../common/RequestState';
import { timeAgo } from '../common/time';
import { ROUTE_STATE_TONE, stateWords } from '../common/tones';
import { useNow } from '../common/useNow';
import {
  attachmentText,
  backendsText,
  matchText,
  routeLabel,
} from './requestText';
import { useRequestActions } from './useRequestActions';

interface Row {
  request: RouteRequest;
  /** The route in the config cluster, once applied. */
  live?: RouteStatus;
  own: boolean;
}

function liveRoute(
  request: RouteRequest,
  status: EntityServiceNetworkStatus,
): RouteStatus | undefined {
  if (request.state !== 'applied') return undefined;
  const { kind, namespace, name } = request.route;
  return status.routes.find(
    route =>
      route.kind === kind &&
      route.namespace === namespace &&
      route.name === name,
  );
}

function DnsCell(props: { row: Row }) {
  const { request, live } = props.row;
  const name = request.dnsName ?? live?.dns.assigned;
  if (request.state !== 'applied') {
    return <Line secondary>once applied</Line>;
  }
  return (
    <>
      <DnsNameLine
        entry={{
          name,
          source: routeLabel(request),
          tone: name ? 'ok' : 'pending',
          check: name
            ? 'assigned by the controller'
            : 'waiting for the controller to assign it',
        }}
      />
      {live && (
        <Line tone={ROUTE_STATE_TONE[live.state]} secondary>
          route {stateWords(live.state)}
        </Line>
      )}
    </>
  );
}

function OutcomeLines(props: { request: RouteRequest }) {
  const { request } = props;
  return (
    <>
      {request.decidedBy && request.decisionComment && (
        <Line secondary>
          <EntityRefLink entityRef={request.decidedBy} defaultKind="user" />: “
          {request.decisionComment}”
        </Line>
      )}
      {request.lastError && <Line tone="error">{request.lastError}</Line>}
    </>
  );
}

function columns(
  now: Date,
  actions: ReturnType<typeof useRequestActions>,
): TableColumn<Row>[] {
  return [
    {
      title: 'State',
      width: '20%',
      render: ({ request, own }) => (
        <>
          <Line>
            <RequestState state={request.state} />
          </Line>
          <OutcomeLines request={request} />
          {own &&
            (request.state === 'pending' || request.state === 'failed') && (
              <Button
                size="small"
                variant="outlined"
                disabled={actions.busy}
                onClick={actions.cancel(request)}
                style={{ marginTop: 4 }}
              >
                Cancel request
              </Button>
            )}
        </>
      ),
    },
    {
      title: 'Route',
      width: '30%',
      render: ({ request }) => (
        <>
          <Line>
            <strong>{routeLabel(request)}</strong>
          </Line>
          <Line secondary>{attachmentText(request)}</Line>
          <Line secondary>{matchText(request)}</Line>
          <Line secondary>{backendsText(request)}</Line>
        </>
      ),
    },
    {
      title: 'Requested',
      width: '25%',
      render: ({ request }) => (
        <>
          <Line>
            <EntityRefLink entityRef={request.requestedBy} defaultKind="user" />
            , {timeAgo(request.createdAt, now)}
          </Line>
          <Line secondary>{request.spec.reason}</Line>
        </>
      ),
    },
    {
      title: 'DNS name',
      width: '25%',
      render: row => <DnsCell row={row} />,
    },
  ];
}

/**
 * The route requests for the entity's Service: their states and, once
 * applied, the live route and its DNS name. Requesters can cancel their
 * own pending or failed ones.
 */
export function EntityRouteRequests(props: {
  status: EntityServiceNetworkStatus;
  requests: PolledValue<RouteRequest[]>;
}) {
  const { status, requests } = props;
  const user = useSignedInUser();
  const now = useNow(5_000);
  const actions = useRequestActions(requests.refresh);
  const requestsPage = useRouteLink(requestsRouteRef);
  const rows = (requests.value ?? []).map(request => ({
    request,
    live: liveRoute(request, status),
    own: request.requestedBy === user,
  }));
  return (
    <>
      {requests.error && (
        <RefreshFailedBanner
          error={requests.error}
          updatedAt={requests.updatedAt}
        />
      )}
      <DetailTable<Row>
        title="Route requests"
        columns={columns(now, actions)}
        rows={rows}
        idOf={row => row.request.id}
        emptyContent={
          <Line secondary>
            {requests.loading
              ? 'Loading…'
              : 'No route requests for this Service yet.'}
          </Line>
        }
      />
      {requestsPage && (
        <Box mt={1}>
          <Line secondary>
            The platform team decides on requests on the{' '}
            <Link to={requestsPage}>route requests page</Link>, where yours are
            listed too.
          </Line>
        </Box>
      )}
    </>
  );
}
