import { TableColumn } from '@backstage/core-components';
import { ServiceImportStatus } from '@service-network/backstage-plugin-service-network-common';
import Box from '@material-ui/core/Box';
import { Line } from '../common/Line';
import { DetailTable } from '../common/DetailTable';
import {
  IMPORT_RESOLUTION_TONE,
  LATTICE_STATUS_TONE,
  stateWords,
} from '../common/tones';

function lookup(serviceImport: ServiceImportStatus): string {
  switch (serviceImport.mode) {
    case 'target-group-arn':
      return `target group ${serviceImport.targetGroupArn}`;
    case 'export-name':
      return `export ${serviceImport.exportName} (export-name annotation)`;
    default:
      return `export ${serviceImport.exportName} (its own name)`;
  }
}

function pins(serviceImport: ServiceImportStatus): string {
  const pinned = [
    ...(serviceImport.pinnedCluster
      ? [`cluster ${serviceImport.pinnedCluster}`]
      : []),
    ...(serviceImport.pinnedVpc ? [`VPC ${serviceImport.pinnedVpc}`] : []),
  ];
  return pinned.length > 0 ? `pinned to ${pinned.join(', ')}` : 'not pinned';
}

function ResolutionCell(props: { serviceImport: ServiceImportStatus }) {
  const { serviceImport } = props;
  return (
    <>
      <Line tone={IMPORT_RESOLUTION_TONE[serviceImport.resolution]}>
        {stateWords(serviceImport.resolution)}
      </Line>
      {serviceImport.candidates.map(candidate => (
        <Line
          key={candidate.targetGroupId}
          tone={LATTICE_STATUS_TONE[candidate.status]}
          secondary
        >
          {candidate.cluster ?? 'unknown cluster'}: {candidate.name} port{' '}
          {candidate.port}
        </Line>
      ))}
      {serviceImport.resolution === 'ambiguous' && (
        <Line secondary>
          exported from {(serviceImport.exportingClusters ?? []).join(', ')};
          the controller takes the first match
        </Line>
      )}
    </>
  );
}

const columns: TableColumn<ServiceImportStatus>[] = [
  {
    title: 'ServiceImport',
    field: 'name',
    render: serviceImport => (
      <>
        <Line>
          <strong>{serviceImport.name}</strong>
        </Line>
        <Line secondary>
          in {serviceImport.namespace}, cluster {serviceImport.cluster}
        </Line>
        <Line tone={serviceImport.pickedUp ? 'ok' : 'pending'}>
          {serviceImport.pickedUp
            ? 'picked up by the controller'
            : 'not picked up yet'}
        </Line>
      </>
    ),
  },
  {
    title: 'Looks up',
    render: serviceImport => (
      <>
        <Line>{lookup(serviceImport)}</Line>
        <Line secondary>{pins(serviceImport)}</Line>
        {serviceImport.ports.map(port => (
          <Line key={port.port} secondary>
            port {port.port}
            {port.protocol ? `/${port.protocol}` : ''}
          </Line>
        ))}
      </>
    ),
  },
  {
    title: 'Resolves to',
    render: serviceImport => <ResolutionCell serviceImport={serviceImport} />,
  },
  {
    title: 'Used by',
    render: serviceImport =>
      serviceImport.usedBy.length === 0 ? (
        <Line tone="neutral">no route</Line>
      ) : (
        <>
          {serviceImport.usedBy.map(route => (
            <Line key={`${route.kind}/${route.namespace}/${route.name}`}>
              {route.kind} {route.namespace}/{route.name}
            </Line>
          ))}
        </>
      ),
  },
];

/** The ServiceImports in the config cluster that point at this Service, and what they resolve to. */
export function ImportsTable(props: { imports: ServiceImportStatus[] }) {
  return (
    <DetailTable<ServiceImportStatus>
      title="ServiceImports"
      columns={columns}
      rows={props.imports}
      idOf={i => `${i.cluster}/${i.namespace}/${i.name}`}
      emptyContent={
        <Box p={2}>
          <Line secondary>
            The config cluster has no ServiceImport for this Service. A route
            reaches an exported Service through one ServiceImport per cluster.
          </Line>
        </Box>
      }
    />
  );
}
