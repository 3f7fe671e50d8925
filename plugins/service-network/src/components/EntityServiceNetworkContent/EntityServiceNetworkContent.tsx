import { EmptyState, InfoCard } from '@backstage/core-components';
import {
  EntityServiceNetworkStatus,
  RouteRequest,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { PolledValue } from '../../hooks/usePolledValue';
import { ClusterChips } from '../common/ClusterChips';
import { isNotExported, syncSubjectsOf } from '../common/entityStatus';
import { EntityStatusCard } from '../common/EntityStatusCard';
import { notExportedAdvice } from '../common/notExported';
import { OverallState } from '../common/OverallState';
import { SyncBanner } from '../common/SyncBanner';
import { EntityRouteRequests } from '../RouteRequest/EntityRouteRequests';
import { useEntityRouteRequests } from '../RouteRequest/useEntityRouteRequests';
import { ServiceActions } from '../ServiceActions/ServiceActions';
import { useFollowedWrite } from '../ServiceExport/useFollowedWrite';
import { ClustersTable } from './ClustersTable';
import { FindingsList } from './FindingsList';
import { ImportsTable } from './ImportsTable';
import { RoutesTable } from './RoutesTable';
import { TopologyView } from './Topology/TopologyView';

/** Findings the empty state already says, in its own words. */
const SAID_BY_EMPTY_STATE = new Set(['not-exported']);

function StatusDetails(props: {
  status: EntityServiceNetworkStatus;
  requests: PolledValue<RouteRequest[]>;
}) {
  const { status } = props;
  const notExported = isNotExported(status);
  // Istio shares a Service Service Network does not export: the topology still shows where.
  const sharedByReadOnly = status.clusters.some(cluster =>
    cluster.providers.some(entry => entry.readOnly && entry.exported),
  );
  const advice = notExportedAdvice(status);
  const findings = notExported
    ? status.findings.filter(finding => !SAID_BY_EMPTY_STATE.has(finding.id))
    : status.findings;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SyncBanner subjects={syncSubjectsOf(status)} />
      </Grid>
      {notExported && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title={advice.title}
            description={advice.description}
          />
        </Grid>
      )}
      {(!notExported || findings.length > 0) && (
        <Grid item xs={12}>
          <FindingsList findings={findings} />
        </Grid>
      )}
      {(!notExported || sharedByReadOnly) && (
        <Grid item xs={12}>
          <InfoCard
            title="Topology"
            subheader="How traffic reaches the Service, left to right"
          >
            <TopologyView status={status} />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <ClustersTable clusters={status.clusters} />
      </Grid>
      {!notExported && (
        <>
          <Grid item xs={12}>
            <RoutesTable routes={status.routes} />
          </Grid>
          <Grid item xs={12}>
            <ImportsTable imports={status.imports} />
          </Grid>
        </>
      )}
      <Grid item xs={12}>
        <EntityRouteRequests status={status} requests={props.requests} />
      </Grid>
    </Grid>
  );
}

/**
 * The entity's Service Network tab: the overall state and the actions,
 * what is wrong and what to do, the topology, the detail per cluster, route
 * and import, and the route requests.
 */
export function EntityServiceNetworkContent() {
  const follower = useFollowedWrite();
  const { polled } = follower;
  const requests = useEntityRouteRequests();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <EntityStatusCard polled={polled}>
          {status => (
            <>
              <OverallState status={status} />
              <Box mt={2}>
                <ClusterChips clusters={status.clusters} />
              </Box>
              <Box mt={2}>
                <ServiceActions
                  status={status}
                  follower={follower}
                  onRouteRequested={requests.refresh}
                />
              </Box>
            </>
          )}
        </EntityStatusCard>
      </Grid>
      {polled.value && (
        <Grid item xs={12}>
          <StatusDetails status={polled.value} requests={requests} />
        </Grid>
      )}
    </Grid>
  );
}
