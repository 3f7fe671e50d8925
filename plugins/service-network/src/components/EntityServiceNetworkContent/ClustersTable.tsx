import { TableColumn } from '@backstage/core-components';
import {
  LATTICE_FEDERATION_VALUE,
  LatticeExportStatus,
  CiliumGlobalServiceStatus,
  LinkerdMirrorStatus,
  LinkerdServiceStatus,
  IstioServiceStatus,
  McsExportStatus,
  McsImportStatus,
  ServiceSummary,
  TargetGroupStatus,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { EventList } from '../common/EventList';
import { Line } from '../common/Line';
import { DetailTable } from '../common/DetailTable';
import { timeAndAgo } from '../common/time';
import {
  CLUSTER_STATE_TONE,
  LATTICE_STATUS_TONE,
  SYNC_TONE,
  TARGET_STATUS_TONE,
  stateWords,
} from '../common/tones';
import { useNow } from '../common/useNow';
import { ConditionLine } from './ConditionLine';

/** The cluster, the Service's state in it, and how fresh that is. */
function ClusterCell(props: { cluster: WorkloadClusterStatus }) {
  const { cluster } = props;
  const now = useNow(10_000);
  const { sync } = cluster;
  return (
    <>
      <Typography variant="body2" style={{ fontWeight: 600 }}>
        {cluster.cluster}
      </Typography>
      <Line tone={CLUSTER_STATE_TONE[cluster.state]}>
        {stateWords(cluster.state)}
        {cluster.stale ? ' (last known)' : ''}
      </Line>
      <Line secondary>{cluster.stateReason}</Line>
      <Tooltip title={sync.reason ?? ''}>
        <div>
          <Line tone={SYNC_TONE[sync.state]} secondary>
            data {sync.state}
            {sync.state !== 'synced' && sync.lastSuccess
              ? `, as of ${timeAndAgo(sync.lastSuccess, now)}`
              : ''}
          </Line>
        </div>
      </Tooltip>
      {cluster.providers.map(provider => (
        <Line
          key={provider.provider}
          secondary
          tone={
            cluster.providers.length > 1
              ? CLUSTER_STATE_TONE[provider.state]
              : undefined
          }
        >
          {provider.title}: {provider.exportKind.kind}{' '}
          {provider.exportKind.group
            ? `${provider.exportKind.group}/${provider.exportKind.version}`
            : provider.exportKind.version}
          {cluster.providers.length > 1
            ? ` · ${stateWords(provider.state)}`
            : ''}
          {provider.callName ? ` · call ${provider.callName}` : ''}
        </Line>
      ))}
    </>
  );
}

function ServiceCell(props: { service?: ServiceSummary }) {
  const { service } = props;
  if (!service) {
    return <Line secondary>No Service in this cluster</Line>;
  }
  return (
    <>
      <Line>
        {service.type}
        {service.clusterIP ? ` ${service.clusterIP}` : ''}
      </Line>
      {service.ports.map(port => (
        <Line key={`${port.port}/${port.protocol}`} secondary>
          {port.name ? `${port.name} ` : ''}
          {port.port}/{port.protocol}
          {port.targetPort !== undefined ? ` → ${port.targetPort}` : ''}
          {port.appProtocol ? ` (${port.appProtocol})` : ''}
        </Line>
      ))}
    </>
  );
}

function apiGroup(apiVersion: string): string {
  return apiVersion.split('/')[0];
}

function federation(exported: LatticeExportStatus): string {
  if (exported.federated) {
    return 'federation annotation set';
  }
  return exported.federationValue
    ? `federation annotation is '${exported.federationValue}', not ${LATTICE_FEDERATION_VALUE}`
    : 'federation annotation missing: the controller ignores it';
}

function LatticeExport(props: { exported: LatticeExportStatus }) {
  const { exported } = props;
  return (
    <>
      <Line>
        {exported.name}
        {exported.serviceName !== exported.name
          ? ` (Service ${exported.serviceName})`
          : ''}
      </Line>
      <Line secondary>{apiGroup(exported.apiVersion)}</Line>
      <Line tone={exported.federated ? 'ok' : 'error'}>
        {federation(exported)}
      </Line>
      <Line tone={exported.pickedUp ? 'ok' : 'pending'}>
        {exported.pickedUp
          ? 'picked up by the controller'
          : 'not picked up yet'}
      </Line>
      {exported.deleting && <Line tone="pending">being deleted</Line>}
      {exported.legacyMode ? (
        <Line secondary>no exportedPorts: one target group on port 80</Line>
      ) : (
        exported.exportedPorts.map(port => (
          <Line
            key={port.port}
            tone={port.onService ? undefined : 'error'}
            secondary={port.onService}
          >
            exports {port.port}
            {port.routeType ? ` ${port.routeType}` : ''}
            {port.onService ? '' : ': not a port of the Service'}
          </Line>
        ))
      )}
    </>
  );
}

function McsExport(props: { exported: McsExportStatus }) {
  const { exported } = props;
  return (
    <>
      <Line>{exported.name}</Line>
      <Line secondary>{apiGroup(exported.apiVersion)}</Line>
      {exported.deleting && <Line tone="pending">being deleted</Line>}
      {exported.conditions.map(condition => (
        <ConditionLine key={condition.type} condition={condition} />
      ))}
    </>
  );
}

/** The ServiceImport the MCS implementation derived here: what calls from this cluster reach. */
function McsImport(props: { imported: McsImportStatus }) {
  const { imported } = props;
  return (
    <>
      <Line>
        ServiceImport {imported.type ?? ''}
        {imported.ips.length ? ` ${imported.ips.join(', ')}` : ''}
      </Line>
      <Line secondary>
        ports{' '}
        {imported.ports
          .map(port => `${port.port}/${port.protocol ?? 'TCP'}`)
          .join(', ') || 'none'}
      </Line>
      <Line secondary>
        served from {imported.clusters.join(', ') || 'no cluster'}
      </Line>
    </>
  );
}

/** A Cilium Cluster Mesh global service here: its annotations and where calls go. */
function CiliumGlobal(props: { global: CiliumGlobalServiceStatus }) {
  const { global } = props;
  const annotations = Object.entries(global.annotations);
  return (
    <>
      <Line>Cilium global service</Line>
      {annotations.map(([name, value]) => (
        <Line key={name} secondary>
          service.cilium.io/{name}: {value}
        </Line>
      ))}
      <Line secondary>
        served from {global.servedFrom.join(', ') || 'no cluster'}
      </Line>
      {global.missingIn.length > 0 && (
        <Line tone="warning" secondary>
          no Service in {global.missingIn.join(', ')}
        </Line>
      )}
    </>
  );
}

/** How one linked cluster mirrors this copy, in a few words. */
function mirrorText(mirror: LinkerdMirrorStatus): string {
  if (!mirror.link) return 'no Link to this cluster';
  if (!mirror.mirror) return 'not mirrored yet';
  const endpoints = mirror.gatewayEndpoints;
  return endpoints
    ? `${mirror.mirror}, gateway ${endpoints.ready}/${endpoints.total} ready`
    : mirror.mirror;
}

/** Linkerd multicluster here: the export label, and how each linked cluster mirrors this copy. */
function LinkerdMirrors(props: { linkerd: LinkerdServiceStatus }) {
  const { linkerd } = props;
  return (
    <>
      <Line>
        Linkerd {linkerd.mode ? `${linkerd.mode} mode` : 'federated member'}
      </Line>
      {linkerd.mirroredIn.map(mirror => (
        <Line
          key={mirror.cluster}
          secondary
          tone={
            !mirror.link ||
            (mirror.gatewayEndpoints && mirror.gatewayEndpoints.ready === 0)
              ? 'warning'
              : undefined
          }
        >
          {mirror.cluster}: {mirrorText(mirror)}
        </Line>
      ))}
      {linkerd.federatedMember && (
        <Line secondary>federated in {linkerd.federatedIn.join(', ')}</Line>
      )}
    </>
  );
}

const ISTIO_UNREACHABLE_WORDS = {
  'no-remote-secret': 'no remote secret',
  'no-east-west-gateway': 'other network, no east-west gateway',
} as const;

/** Istio multi-cluster from this cluster: where calls go, who reaches it, and what keeps others out. */
function IstioMesh(props: { istio: IstioServiceStatus }) {
  const { istio } = props;
  return (
    <>
      <Line>Istio mesh{istio.ambient ? ' (ambient)' : ''}</Line>
      <Line secondary>
        calls from here reach {istio.servedFrom.join(', ') || 'no cluster'}
      </Line>
      <Line secondary>
        reached from {istio.reachedFrom.join(', ') || 'no other cluster'}
      </Line>
      {istio.exportTo && (
        <Line tone="warning" secondary>
          networking.istio.io/exportTo: {istio.exportTo.join(',')}
        </Line>
      )}
      {istio.global && <Line secondary>istio.io/global: true</Line>}
      {istio.unreachable.map(entry => (
        <Line key={entry.cluster} tone="warning" secondary>
          not {entry.cluster}: {ISTIO_UNREACHABLE_WORDS[entry.reason]}
        </Line>
      ))}
      {istio.missingIn.length > 0 && (
        <Line tone="warning" secondary>
          no Service in {istio.missingIn.join(', ')}
        </Line>
      )}
    </>
  );
}

function ExportCell(props: { cluster: WorkloadClusterStatus }) {
  const { cluster } = props;
  const global = cluster.ciliumGlobal?.global ? cluster.ciliumGlobal : undefined;
  const linkerd =
    cluster.linkerd?.mode || cluster.linkerd?.federatedMember
      ? cluster.linkerd
      : undefined;
  if (
    !cluster.export &&
    !cluster.mcsExport &&
    !cluster.mcsImport &&
    !cluster.gkeExport &&
    !cluster.gkeImport &&
    !global &&
    !linkerd &&
    !cluster.istio?.servedFrom.length
  ) {
    return <Line secondary>Not exported</Line>;
  }
  // Only the particulars of the providers the Service is exported or imported with here.
  const facts = cluster.providers
    .filter(provider => provider.exported || provider.imported)
    .flatMap(provider => provider.facts ?? []);
  return (
    <>
      {cluster.export && <LatticeExport exported={cluster.export} />}
      {cluster.mcsExport && <McsExport exported={cluster.mcsExport} />}
      {!cluster.mcsExport && cluster.mcsImport && (
        <Line secondary>Not exported here</Line>
      )}
      {cluster.mcsImport && <McsImport imported={cluster.mcsImport} />}
      {cluster.gkeExport && <McsExport exported={cluster.gkeExport} />}
      {!cluster.gkeExport && cluster.gkeImport && (
        <Line secondary>Not exported here with GKE</Line>
      )}
      {cluster.gkeImport && <McsImport imported={cluster.gkeImport} />}
      {global && <CiliumGlobal global={global} />}
      {linkerd && <LinkerdMirrors linkerd={linkerd} />}
      {cluster.istio && cluster.istio.servedFrom.length > 0 && (
        <IstioMesh istio={cluster.istio} />
      )}
      {facts.map(fact => (
        <Line key={fact} secondary>
          {fact}
        </Line>
      ))}
    </>
  );
}

function TargetGroup(props: { group: TargetGroupStatus }) {
  const { group } = props;
  const { targets } = group;
  return (
    <Box mb={1}>
      <Tooltip title={group.arn}>
        <div>
          <Line tone={LATTICE_STATUS_TONE[group.status]}>
            port {group.port} {group.protocol}
            {group.protocolVersion ? `/${group.protocolVersion}` : ''}:{' '}
            {group.status}
          </Line>
        </div>
      </Tooltip>
      <Line secondary>{group.name}</Line>
      {group.failureCode && (
        <Line tone="error">
          {group.failureCode}
          {group.failureMessage ? `: ${group.failureMessage}` : ''}
        </Line>
      )}
      {!targets.listed && <Line secondary>targets not listed yet</Line>}
      {targets.listed && targets.total === 0 && (
        <Line tone="warning">no targets registered</Line>
      )}
      {targets.reasons.map(reason => (
        <Tooltip
          key={`${reason.status}|${reason.reasonCode ?? ''}`}
          title={reason.meaning}
        >
          <div>
            <Line tone={TARGET_STATUS_TONE[reason.status]}>
              {reason.count} {reason.status.toLocaleLowerCase('en-US')}
              {reason.reasonCode ? ` (${reason.reasonCode})` : ''}
            </Line>
          </div>
        </Tooltip>
      ))}
    </Box>
  );
}

function TargetGroupsCell(props: { cluster: WorkloadClusterStatus }) {
  const { targetGroups } = props.cluster;
  if (targetGroups.length === 0) {
    return <Line secondary>None</Line>;
  }
  return (
    <>
      {targetGroups.map(group => (
        <TargetGroup key={group.id} group={group} />
      ))}
    </>
  );
}

const columns: TableColumn<WorkloadClusterStatus>[] = [
  {
    title: 'Cluster and state',
    width: '20%',
    field: 'cluster',
    render: cluster => <ClusterCell cluster={cluster} />,
  },
  {
    title: 'Service',
    width: '14%',
    render: cluster => <ServiceCell service={cluster.service} />,
  },
  {
    title: 'Export',
    width: '22%',
    render: cluster => <ExportCell cluster={cluster} />,
  },
  {
    title: 'Target groups and targets',
    width: '24%',
    render: cluster => <TargetGroupsCell cluster={cluster} />,
  },
  {
    title: 'Latest controller events',
    width: '20%',
    render: cluster => <EventList events={cluster.events} />,
  },
];

/** The Service in each workload cluster: Service, export, Lattice target groups, events. */
export function ClustersTable(props: { clusters: WorkloadClusterStatus[] }) {
  return (
    <DetailTable<WorkloadClusterStatus>
      title="Workload clusters"
      columns={columns}
      rows={props.clusters}
      idOf={cluster => cluster.cluster}
    />
  );
}
