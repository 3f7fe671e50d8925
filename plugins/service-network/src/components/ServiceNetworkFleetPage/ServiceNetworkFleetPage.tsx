import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  TableColumn,
} from '@backstage/core-components';
import {
  ExportCounts,
  FleetClusterOverview,
  FleetOverview,
  FleetServiceNetworkOverview,
  RouteCounts,
  SourceSyncState,
  SyncState,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useFleetOverview } from '../../hooks/useServiceNetworkData';
import { Line } from '../common/Line';
import { listenersLine } from '../common/listeners';
import { PolledContent } from '../common/PolledContent';
import { RefreshControl } from '../common/RefreshControl';
import { SyncBanner } from '../common/SyncBanner';
import { DetailTable } from '../common/DetailTable';
import { timeAgo, timeAndAgo } from '../common/time';
import { SYNC_TONE, conditionTone } from '../common/tones';
import { useNow } from '../common/useNow';

function SyncLine(props: { label: string; sync: SyncState; now: Date }) {
  const { label, sync, now } = props;
  let when = '';
  if (sync.lastSuccess) {
    when =
      sync.state === 'synced'
        ? ` · ${timeAgo(sync.lastSuccess, now)}`
        : ` · last success ${timeAndAgo(sync.lastSuccess, now)}`;
  }
  return (
    <Line tone={SYNC_TONE[sync.state]}>
      {label} {sync.state}
      {sync.reason ? ` (${sync.reason})` : ''}
      {when}
    </Line>
  );
}

/** Sources that share a state and reason, as one line; the oldest success is what they are "as of". */
function groupSources(sources: SourceSyncState[]) {
  const groups = new Map<string, { names: string[]; sync: SyncState }>();
  for (const source of sources) {
    const key = `${source.state}|${source.reason ?? ''}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { names: [source.source], sync: source });
      continue;
    }
    group.names.push(source.source);
    const older =
      source.lastSuccess &&
      (!group.sync.lastSuccess || source.lastSuccess < group.sync.lastSuccess);
    if (older) {
      group.sync = { ...group.sync, lastSuccess: source.lastSuccess };
    }
  }
  return [...groups.values()];
}

function SourcesCell(props: { cluster: FleetClusterOverview }) {
  const now = useNow(5_000);
  return (
    <>
      {groupSources(props.cluster.sources).map(group => (
        <SyncLine
          key={group.names.join()}
          label={`${group.names.join(', ')}:`}
          sync={group.sync}
          now={now}
        />
      ))}
    </>
  );
}

function exportsText(exports: ExportCounts): string {
  return `${exports.federated} federated, ${exports.ignored} ignored, ${
    exports.mcs
  } MCS${
    exports.ciliumGlobal ? `, ${exports.ciliumGlobal} Cilium global` : ''
  }${exports.linkerd ? `, ${exports.linkerd} Linkerd` : ''}`;
}

function RoutesCell(props: { routes: RouteCounts }) {
  const { routes } = props;
  return (
    <>
      <Line>{routes.total} in total</Line>
      <Line tone="ok" secondary>
        {routes.accepted} accepted
      </Line>
      <Line tone={routes.notAccepted > 0 ? 'error' : 'neutral'} secondary>
        {routes.notAccepted} not accepted
      </Line>
      {routes.pending > 0 && (
        <Line tone="pending" secondary>
          {routes.pending} pending
        </Line>
      )}
    </>
  );
}

const EXPORT_API_WORDS: Record<FleetClusterOverview['exportApi'], string> = {
  aws: 'the AWS controller',
  mcs: 'MCS',
  cilium: 'Cilium Cluster Mesh',
  linkerd: 'Linkerd multicluster',
  istio: 'Istio (read only)',
};

function roleText(cluster: FleetClusterOverview): string {
  if (cluster.role === 'config') {
    return 'config cluster: Gateways, routes, ServiceImports';
  }
  return `workload cluster, exports with ${EXPORT_API_WORDS[cluster.exportApi]}`;
}

/** Each provider of a workload cluster with the kind it exports with. */
function ProviderLines(props: { cluster: FleetClusterOverview }) {
  return (
    <>
      {props.cluster.providers.map(provider => (
        <Line key={provider.id} secondary>
          {provider.title}: {provider.exportKind}
          {provider.readOnly ? ' (read only)' : ''}
        </Line>
      ))}
    </>
  );
}

const clusterColumns: TableColumn<FleetClusterOverview>[] = [
  {
    title: 'Cluster',
    width: '20%',
    field: 'name',
    render: cluster => (
      <>
        <Line>
          <strong>{cluster.name}</strong>
        </Line>
        <Line secondary>{roleText(cluster)}</Line>
        <ProviderLines cluster={cluster} />
        <Line tone={SYNC_TONE[cluster.sync.state]}>{cluster.sync.state}</Line>
      </>
    ),
  },
  {
    title: 'Sync per source',
    width: '35%',
    render: cluster => <SourcesCell cluster={cluster} />,
  },
  {
    title: 'ServiceExports',
    width: '17%',
    render: cluster => (
      <>
        <Line>{cluster.exports.federated} federated</Line>
        <Line
          tone={cluster.exports.ignored > 0 ? 'warning' : undefined}
          secondary
        >
          {cluster.exports.ignored} ignored (no federation annotation)
        </Line>
        {cluster.exports.mcs > 0 && (
          <Line secondary>{cluster.exports.mcs} MCS</Line>
        )}
        {(cluster.exports.ciliumGlobal ?? 0) > 0 && (
          <Line secondary>
            {cluster.exports.ciliumGlobal} Cilium global services
          </Line>
        )}
        {(cluster.exports.linkerd ?? 0) > 0 && (
          <Line secondary>{cluster.exports.linkerd} Linkerd exports</Line>
        )}
      </>
    ),
  },
  {
    title: 'ServiceImports',
    width: '10%',
    field: 'imports',
  },
  {
    title: 'Routes',
    width: '18%',
    render: cluster => <RoutesCell routes={cluster.routes} />,
  },
];

function InLattice(props: { network: FleetServiceNetworkOverview }) {
  const { inLattice, id } = props.network;
  if (inLattice === undefined) {
    return (
      <Line tone="neutral" secondary>
        Lattice not loaded
      </Line>
    );
  }
  return inLattice ? (
    <Line tone="ok" secondary>
      in Lattice{id ? ` (${id})` : ''}
    </Line>
  ) : (
    <Line tone="error" secondary>
      not in Lattice: Gateways name it, Lattice has no such network
    </Line>
  );
}

const networkColumns: TableColumn<FleetServiceNetworkOverview>[] = [
  {
    title: 'Service network',
    field: 'name',
    render: network => (
      <>
        <Line>
          <strong>{network.name}</strong>
        </Line>
        <InLattice network={network} />
      </>
    ),
  },
  {
    title: 'Gateways',
    render: network =>
      network.gateways.length === 0 ? (
        <Line tone="warning">no Gateway stands for it</Line>
      ) : (
        <>
          {network.gateways.map(gateway => (
            <Box
              key={`${gateway.cluster}/${gateway.namespace}/${gateway.name}`}
              mb={0.5}
            >
              <Line
                tone={conditionTone({
                  type: 'Programmed',
                  status: gateway.programmed,
                })}
              >
                {gateway.cluster}: {gateway.namespace}/{gateway.name} Programmed{' '}
                {gateway.programmed}
                {gateway.reason ? ` (${gateway.reason})` : ''}
              </Line>
              {gateway.message && <Line secondary>{gateway.message}</Line>}
              <Line
                tone={gateway.listeners.length > 0 ? undefined : 'warning'}
                secondary
              >
                {listenersLine(gateway.listeners)}
              </Line>
            </Box>
          ))}
        </>
      ),
  },
  {
    title: 'VPC associations',
    render: network => network.vpcCount ?? 'unknown',
  },
  {
    title: 'Lattice services',
    render: network => network.serviceCount ?? 'unknown',
  },
];

function Total(props: { title: string; children: ReactNode }) {
  return (
    <Grid item xs={12} sm={6} md={3}>
      <InfoCard title={props.title} variant="gridItem">
        {props.children}
      </InfoCard>
    </Grid>
  );
}

function FleetDetails(props: { fleet: FleetOverview }) {
  const { fleet } = props;
  const now = useNow(5_000);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SyncBanner
          subjects={[
            ...fleet.clusters.map(cluster => ({
              name: cluster.name,
              sync: cluster.sync,
            })),
            { name: 'VPC Lattice', sync: fleet.lattice.sync },
          ]}
        />
      </Grid>
      <Total title="ServiceExports">
        <Typography variant="h4" component="p">
          {fleet.totals.exports.federated}
        </Typography>
        <Line secondary>{exportsText(fleet.totals.exports)}</Line>
      </Total>
      <Total title="ServiceImports">
        <Typography variant="h4" component="p">
          {fleet.totals.imports}
        </Typography>
        <Line secondary>in the config cluster</Line>
      </Total>
      <Total title="Routes">
        <Typography variant="h4" component="p">
          {fleet.totals.routes.total}
        </Typography>
        <Line secondary>
          {fleet.totals.routes.accepted} accepted,{' '}
          {fleet.totals.routes.notAccepted} not accepted,{' '}
          {fleet.totals.routes.pending} pending
        </Line>
      </Total>
      <Total title="VPC Lattice">
        <SyncLine label="sync:" sync={fleet.lattice.sync} now={now} />
        <Line secondary>{fleet.serviceNetworks.length} service networks</Line>
      </Total>
      <Grid item xs={12}>
        <DetailTable<FleetClusterOverview>
          title="Clusters"
          columns={clusterColumns}
          rows={fleet.clusters}
          idOf={cluster => cluster.name}
        />
      </Grid>
      <Grid item xs={12}>
        <DetailTable<FleetServiceNetworkOverview>
          title="Service networks"
          columns={networkColumns}
          rows={fleet.serviceNetworks}
          idOf={network => network.name}
          emptyContent={
            <Box p={2}>
              <Line secondary>
                No service network: no Gateway of class amazon-vpc-lattice and
                none in Lattice.
              </Line>
            </Box>
          }
        />
      </Grid>
    </Grid>
  );
}

/**
 * The platform team's view of the fleet: clusters, sync, service networks,
 * counts. The page body, below whatever header the app gives the page.
 */
export function FleetOverviewContent() {
  const polled = useFleetOverview();
  return (
    <Content>
      <ContentHeader title="Fleet">
        <RefreshControl
          updatedAt={polled.updatedAt}
          refreshing={polled.refreshing}
          onRefresh={polled.refresh}
        />
      </ContentHeader>
      <PolledContent polled={polled} what="the fleet overview">
        {fleet => <FleetDetails fleet={fleet} />}
      </PolledContent>
    </Content>
  );
}

/** The fleet page of the legacy frontend system, with its own header. */
export function ServiceNetworkFleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Service Network fleet"
        subtitle="Clusters, VPC Lattice and service networks, as the Service Network backend sees them"
      />
      <FleetOverviewContent />
    </Page>
  );
}
