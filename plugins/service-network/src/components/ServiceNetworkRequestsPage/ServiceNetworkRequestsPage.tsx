import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { serviceNetworkRouteRequestApprovePermission } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RouteRequestFilter } from '../../api';
import { useRouteRequests } from '../../hooks/useServiceNetworkData';
import { useSignedInUser } from '../../hooks/useSignedInUser';
import { PolledContent } from '../common/PolledContent';
import { RefreshControl } from '../common/RefreshControl';
import { requestsPollInterval } from '../RouteRequest/useEntityRouteRequests';
import { RequestCard } from './RequestCard';

const EVERYONE: RouteRequestFilter = {};
const MINE: RouteRequestFilter = { mine: true };

function RequestList(props: {
  title: string;
  description: string;
  filter: RouteRequestFilter;
  canDecide: boolean;
}) {
  const user = useSignedInUser();
  const polled = useRouteRequests(props.filter, requestsPollInterval);
  return (
    <>
      <ContentHeader title={props.title}>
        <RefreshControl
          updatedAt={polled.updatedAt}
          refreshing={polled.refreshing}
          onRefresh={polled.refresh}
        />
      </ContentHeader>
      <Box mb={2}>
        <Typography variant="body2" color="textSecondary">
          {props.description}
        </Typography>
      </Box>
      <PolledContent polled={polled} what="the route requests">
        {requests =>
          requests.length === 0 ? (
            <EmptyState
              missing="data"
              title="No route requests"
              description="Requests appear here once someone asks for a route on a service's Service Network tab."
            />
          ) : (
            requests.map(request => (
              <RequestCard
                key={request.id}
                request={request}
                canDecide={props.canDecide}
                own={request.requestedBy === user}
                onChanged={polled.refresh}
              />
            ))
          )
        }
      </PolledContent>
    </>
  );
}

/**
 * Route requests: for the platform team every request, the pending ones
 * first, each with the objects its approval applies (a diff against the
 * cluster) and Approve / Reject; for everyone else their own requests. The
 * page body, below whatever header the app gives the page.
 */
export function RouteRequestsContent() {
  const approver = usePermission({
    permission: serviceNetworkRouteRequestApprovePermission,
  });
  let content;
  if (approver.loading) {
    content = <Progress />;
  } else if (approver.allowed) {
    content = (
      <RequestList
        title="All requests"
        description="Pending requests come first. Approving applies the planned objects in the config cluster at once; the requester is told either way."
        filter={EVERYONE}
        canDecide
      />
    );
  } else {
    content = (
      <RequestList
        title="My requests"
        description="Routes you asked for. The platform team approves or rejects them; you can cancel one while it is pending."
        filter={MINE}
        canDecide={false}
      />
    );
  }
  return <Content>{content}</Content>;
}

/** The route requests page of the legacy frontend system, with its own header. */
export function ServiceNetworkRequestsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Route requests"
        subtitle="HTTP and gRPC routes to services, through VPC Lattice service networks"
      />
      <RouteRequestsContent />
    </Page>
  );
}
